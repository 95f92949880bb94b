"""The command line: ``python -m sitmap validate`` and ``python -m sitmap sentences SOURCE_ID``.

``validate`` loads everything the map would show and lists each problem with
its file and feature; it exits 1 when any is an error, so CI can gate on it.
``sentences`` numbers a source's sentences from 1, the way the evidence panel
and the Sources page do, which helps when writing a quote.
"""

from __future__ import annotations

import argparse
import sys

from .data.dataset import load_dataset
from .problems import ProblemLog
from .settings import SettingsError, load_settings
from .data.sources import load_sources


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return args.run(settings, args)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=None,
        help="the app's config.toml (default: $SITMAP_CONFIG, else the repository's config.toml)",
    )
    parser = argparse.ArgumentParser(prog="python -m sitmap", description="Evidence-linked situation map tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate", parents=[common], help="load all data and list every problem; exit 1 on errors"
    )
    validate.set_defaults(run=_validate)
    sentences = commands.add_parser(
        "sentences", parents=[common], help="print a source's numbered sentences (index, tab, text)"
    )
    sentences.add_argument("source_id", metavar="SOURCE_ID")
    sentences.set_defaults(run=_sentences)
    return parser


def _validate(settings, args) -> int:
    dataset = load_dataset(settings)
    problems = dataset.problems
    for problem in [*problems.errors, *problems.warnings]:
        print(problem)
    loaded_layers = sum(1 for layer in dataset.layers if layer.loaded)
    print(
        f"{_count(len(dataset.sources), 'source')}, {_count(loaded_layers, 'layer')}, "
        f"{_count(len(dataset.features), 'feature')}; "
        f"{_count(len(problems.errors), 'error')}, {_count(len(problems.warnings), 'warning')}"
    )
    return 1 if problems.errors else 0


def _sentences(settings, args) -> int:
    problems = ProblemLog()
    sources, _unreadable = load_sources(settings.sources_dir, problems, settings.max_source_bytes)
    source = sources.get(args.source_id)
    if source is None:
        for problem in problems.items:
            print(problem, file=sys.stderr)
        known = ", ".join(sorted(sources)) or "none"
        print(f"error: no source {args.source_id!r} in {settings.sources_dir} (known: {known})", file=sys.stderr)
        return 1
    for sentence in source.sentences:
        print(f"{sentence.number}\t{sentence.text}")
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
