"""The command line: ``python -m sitmap validate | sentences SOURCE_ID | export | extract FILE``.

``validate`` loads everything the map would show and lists each problem with
its file and feature; it exits 1 when any is an error, so CI can gate on it.
``sentences`` numbers a source's sentences from 1, the way the evidence panel
and the Sources page do, which helps when writing a quote. ``export`` writes a
report graphic (PNG, SVG, PDF), the standalone HTML map, or the visible
features with their evidence (GeoJSON, CSV); the file appears whole or not at
all.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .data.dataset import load_dataset
from .data.sources import load_sources
from .export.downloads import download_name, evidence_csv, evidence_rows, features_geojson
from .export.request import DEFAULT_SCALE, DEFAULT_SIZE, ExportError, build_request, layer_features
from .problems import ProblemLog, read_bounded_text
from .settings import SettingsError, load_settings


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
    export = commands.add_parser(
        "export", parents=[common], help="write a report graphic, the standalone map or the data of a view"
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, default=None,
                        help="png, svg, pdf, html (standalone map), geojson or csv (default: from --out, else png)")
    export.add_argument("--out", metavar="FILE", default=None, help="where to write (default: <title>.<format> here)")
    export.add_argument("--layers", metavar="A,B", default=None, help="visible layers (default: those visible on opening; 'none' for none)")
    export.add_argument("--feature", metavar="ID", default=None, help="the selected feature: highlighted, its note first")
    export.add_argument("--view", metavar="LAT,LON,ZOOM", default=None, help="the map's view as the page's address carries it")
    export.add_argument("--width", metavar="PX", default=None, help=f"CSS pixels (default {DEFAULT_SIZE[0]})")
    export.add_argument("--height", metavar="PX", default=None, help=f"CSS pixels (default {DEFAULT_SIZE[1]})")
    export.add_argument("--scale", metavar="N", default=None, help=f"pixel density of a PNG (default {DEFAULT_SCALE:g}: 1600x1000 makes 3200x2000 px)")
    export.add_argument("--title", default=None, help="the graphic's title (default: the app's title)")
    export.set_defaults(run=_export)
    extract = commands.add_parser(
        "extract", parents=[common], help="find a report's places and claims; print them as JSON with their offsets"
    )
    extract.add_argument("file", metavar="FILE", help="a UTF-8 text or HTML file (HTML: offsets into its plain text, printed as \"text\")")
    extract.set_defaults(run=_extract)
    propose = commands.add_parser(
        "propose", parents=[common], help="turn a report's claims into candidate features (GeoJSON) for review"
    )
    propose.add_argument("file", metavar="FILE", help="the report: a UTF-8 text or HTML file")
    propose.add_argument("--source", required=True, metavar="ID", help="the id the report is (or will be) stored under in the sources folder")
    propose.set_defaults(run=_propose)
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


def _export(settings, args) -> int:
    fmt = args.format or _format_from_name(args.out) or "png"
    dataset = load_dataset(settings)
    if dataset.problems.errors:
        print(f"warning: {_count(len(dataset.problems.errors), 'data error')}; those features are left out "
              "(`python -m sitmap validate` lists them)", file=sys.stderr)
    try:
        request = build_request(dataset, layers=args.layers, feature=args.feature, view=args.view,
                                width=args.width, height=args.height, scale=args.scale, title=args.title)
        content, summary, notices, alt = _export_content(dataset, request, fmt)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(download_name(request.title or dataset.settings.title, fmt))
    try:
        write_whole(out, content)
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    print(f"wrote {out} ({summary}, {len(content) / 1024:.0f} KB)")
    if alt:
        print(f"alt text: {alt}")
    return 0


EXPORT_FORMATS = ("png", "svg", "pdf", "html", "geojson", "csv")


def _format_from_name(name: str | None) -> str | None:
    suffix = Path(name).suffix.lower().lstrip(".") if name else ""
    return {"htm": "html", "json": "geojson"}.get(suffix, suffix) if suffix in (*EXPORT_FORMATS, "htm", "json") else None


def _export_content(dataset, request, fmt: str) -> tuple[bytes, str, list[str], str]:
    """The file's bytes, a few words on it, the notices and the alt text."""
    if fmt in ("png", "svg", "pdf"):
        from .export.graphic import render  # matplotlib loads only for a graphic

        graphic = render(dataset, request, fmt)
        width, height = graphic.pixel_size
        unit = "px" if fmt == "png" else "CSS px"
        notes = f"{graphic.footnotes_shown} of {graphic.footnotes_total} notes"
        return graphic.content, f"{fmt}, {width}×{height} {unit}, {notes}", graphic.notices, graphic.alt_text
    if fmt == "html":
        from .export.standalone import standalone_html

        ignored = [name for name, given in (("--width", request.width != DEFAULT_SIZE[0]), ("--title", request.title != dataset.settings.title)) if given]
        notices = [*request.notices, *([f"{', '.join(ignored)} not used by the standalone map"] if ignored else [])]
        return standalone_html(dataset).encode("utf-8"), "standalone map; link to a view with #feature=ID", notices, ""
    if fmt == "geojson":
        text = features_geojson(dataset, request.layers)
        return text.encode("utf-8"), f"GeoJSON, {_count(len(layer_features(dataset, request.layers)), 'feature')}", request.notices, ""
    if fmt == "csv":
        rows = evidence_rows(dataset, request.layers)
        return evidence_csv(dataset, request.layers), f"CSV, {_count(len(rows), 'row')} of feature and quote", request.notices, ""
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def write_whole(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder and rename it: the file appears whole or not at all."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _extract(settings, args) -> int:
    import json

    text, html = _report_text(settings, args.file)
    if text is None:
        return 1
    from .extract import extract

    result = extract(text)
    if html:
        result = {"text": text, **result}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def _propose(settings, args) -> int:
    import json

    from .data.sources import SOURCE_ID

    if not SOURCE_ID.match(args.source):
        print(f"error: source id {args.source!r} must be lower-case letters, digits and hyphens", file=sys.stderr)
        return 2
    text, _html = _report_text(settings, args.file)
    if text is None:
        return 1
    from .data.basemap import load_basemap
    from .extract import extract
    from .extract.propose import propose

    countries = {f["properties"].get("iso_a3") for f in load_basemap(settings.basemap_dir, ProblemLog()).countries.get("features", [])}
    print(json.dumps(propose(extract(text), args.source, countries), ensure_ascii=False, indent=1))
    return 0


def _report_text(settings, file: str) -> tuple[str | None, bool]:
    """A report's text (an HTML file's plain text), or None with the reasons printed."""
    from .extract.html_text import report_text

    problems = ProblemLog()
    scope = problems.scope(file)
    text = read_bounded_text(file, scope, settings.max_source_bytes, "the report", "limits.max_source_bytes")
    html = False
    if text is not None:
        text, html, problem = report_text(text, file)
        if problem:
            scope.error(problem)
    if text is None:
        for problem in problems.errors:
            print(problem, file=sys.stderr)
    return text, html


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
