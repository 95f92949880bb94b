"""Report graphics: size, content, text kept as text, alt text, labels that never collide or overflow."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image
from pypdf import PdfReader

from sitmap.export.downloads import evidence_csv, features_geojson
from sitmap.export.graphic import _RC, _Page, build_figure, render
from sitmap.export.request import MAX_SIDE, MIN_SIDE, ExportError, build_request
from sitmap.export.standalone import standalone_html

ARTIFACT_NAME = "export-default"
CYRILLIC_TITLE = "Навчання «Союзна рішучість-2022»: карта ситуації"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def default_layout(shipped):
    with matplotlib.rc_context(_RC):
        figure, layout = build_figure(shipped, build_request(shipped))
    return figure, layout


@pytest.fixture(scope="module")
def svg_text(shipped) -> str:
    return render(shipped, build_request(shipped), "svg").content.decode("utf-8")


def svg_words(svg: str) -> str:
    """Every text element's content, in order, joined: wrapped lines read back as the sentence they came from."""
    root = ElementTree.fromstring(svg)
    parts = [node.text or "" for node in root.iter() if node.tag.endswith("}text") or node.tag == "text"]
    return flat(" ".join(parts))


def test_png_has_the_requested_pixels_and_is_not_blank(shipped):
    request = build_request(shipped, width=800, height=600, scale=2)
    graphic = render(shipped, request, "png")
    image = Image.open(io.BytesIO(graphic.content)).convert("L")
    assert image.size == (1600, 1200) == graphic.pixel_size
    histogram = image.histogram()
    assert histogram[255] < 0.8 * sum(histogram), "mostly white: the map did not draw"
    assert sum(histogram[:80]) > 1000, "no dark ink: no symbols, lines or text"


def test_png_title_and_legend_regions_carry_ink(shipped, default_layout):
    _figure, layout = default_layout
    request = build_request(shipped)
    image = Image.open(io.BytesIO(render(shipped, request, "png").content)).convert("L")
    scale = request.scale
    left, top, width, height = layout.map_box
    title = image.crop((0, 0, int(request.width * scale), int(top * scale) - 4))
    legend = image.crop((int(left * scale), int((top + height + 6) * scale), int((left + width) * scale), int((top + height + 60) * scale)))
    for name, region in (("title", title), ("legend", legend)):
        dark = sum(region.histogram()[:100])
        assert dark > 200, f"the {name} region is empty"


def test_sizes_are_css_pixels_times_the_scale(shipped):
    graphic = render(shipped, build_request(shipped, width=1600, height=1000), "png")
    assert graphic.pixel_size == (3200, 2000)
    assert Image.open(io.BytesIO(graphic.content)).size == (3200, 2000)


def test_png_metadata_carries_title_and_alt_text(shipped):
    graphic = render(shipped, build_request(shipped, title=CYRILLIC_TITLE, width=700, height=900, scale=1), "png")
    info = Image.open(io.BytesIO(graphic.content)).text
    assert info["Title"] == CYRILLIC_TITLE
    assert info["Description"] == graphic.alt_text
    assert graphic.alt_text.startswith("Map of Belarus and ")


def test_svg_keeps_title_credit_and_every_note_as_text(shipped, svg_text, default_layout):
    _figure, layout = default_layout
    words = svg_words(svg_text)
    assert shipped.settings.title in words
    assert "Boundaries: Natural Earth." in words and "Lambert conformal conic" in words
    assert "Interfax, 10 Feb 2022" in words
    assert layout.footnotes_shown == layout.footnotes_total == len(layout.footnotes) > 0
    for note in layout.footnotes:
        assert flat(note.names())[:30] in words, note.names()
        quote_start = flat(note.quote(shipped))[:40]
        assert quote_start in words, quote_start


def test_svg_has_accessible_title_and_description(shipped, svg_text):
    root = ElementTree.fromstring(svg_text)
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    children = list(root)
    assert children[0].tag == f"{namespace}title" and children[0].text == shipped.settings.title
    assert children[1].tag == f"{namespace}desc" and children[1].text.startswith("Map of Belarus and ")
    assert not root.findall(f".//{namespace}script")


def test_pdf_text_can_be_extracted_including_a_cyrillic_title(shipped):
    graphic = render(shipped, build_request(shipped, title=CYRILLIC_TITLE), "pdf")
    reader = PdfReader(io.BytesIO(graphic.content))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert CYRILLIC_TITLE in text
    assert "Boundaries: Natural Earth." in text
    assert reader.metadata.title == CYRILLIC_TITLE
    assert reader.metadata.subject == graphic.alt_text


def test_cyrillic_title_renders_with_glyphs_not_boxes(shipped):
    """DejaVu covers Cyrillic: the title row of a Cyrillic title carries as much ink as a Latin one of the same length."""
    def title_ink(title: str) -> int:
        graphic = render(shipped, build_request(shipped, title=title, width=900, height=700, scale=1), "png")
        image = Image.open(io.BytesIO(graphic.content)).convert("L").crop((0, 0, 900, 45))
        return sum(image.histogram()[:128])

    latin = title_ink("Navchannia Soiuzna rishuchist-2022: karta sytuatsii")
    cyrillic = title_ink(CYRILLIC_TITLE)
    assert 0.6 * latin < cyrillic < 1.6 * latin


def test_no_text_leaves_the_frame_and_no_labels_collide(shipped):
    for size in ((620, 1100), (1200, 800), (1080, 1080), (1600, 1000)):
        with matplotlib.rc_context(_RC):
            figure, layout = build_figure(shipped, build_request(shipped, width=size[0], height=size[1]))
            renderer = FigureCanvasAgg(figure).get_renderer()
            boxes = []
            for ax in figure.axes:
                for text in ax.texts:
                    box = text.get_window_extent(renderer)
                    assert box.x0 >= -0.5 and box.y0 >= -0.5, (size, text.get_text())
                    assert box.x1 <= figure.bbox.width + 0.5 and box.y1 <= figure.bbox.height + 0.5, (size, text.get_text())
                    boxes.append((text.get_text(), box))
        map_labels = [(t, b) for t, b in boxes if t in layout.labels]
        for i, (first, a) in enumerate(map_labels):
            for second, b in map_labels[i + 1 :]:
                assert not a.overlaps(b), (size, first, second)
        assert layout.labels, size


def test_labels_name_the_story_countries_and_sites(default_layout, shipped):
    _figure, layout = default_layout
    assert "Belarus" in layout.labels and "Ukraine" in layout.labels
    sites = [f.map_label for f in shipped.features if f.layer == "exercise_zones" and f.anchor]
    assert sum(1 for site in sites if site in layout.labels) >= len(sites) * 0.7


def test_every_claim_in_view_is_numbered_and_footnoted(default_layout, shipped):
    _figure, layout = default_layout
    numbered = {c.feature.id for c in layout.callouts}
    claims = {f.id for f in shipped.features if f.role == "claim" and f.geometry is None}
    assert claims <= numbered, "whole-country claims are footnoted"
    numbers = [c.number for c in layout.callouts]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(f.role == "claim" for f in (c.feature for c in layout.callouts))


def test_shared_sentences_share_one_note(default_layout):
    _figure, layout = default_layout
    assert len(layout.footnotes) < len(layout.callouts)
    for note in layout.footnotes:
        keys = {(c.feature.evidence[0].quote.source, c.feature.evidence[0].sentence_index, c.feature.claimant) for c in note.callouts}
        assert len(keys) == 1, note.names()


def test_selected_feature_leads_its_notes_and_is_highlighted(shipped):
    with matplotlib.rc_context(_RC):
        _figure, layout = build_figure(shipped, build_request(shipped, feature="domanovsky-training-ground"))
    assert layout.footnotes[0].selected and layout.footnotes[0].callouts[0].feature.id == "domanovsky-training-ground"
    assert "Highlighted: Domanovsky training ground." in layout.alt_text


def test_a_selected_country_claim_leads_the_whole_country_notes(shipped):
    with matplotlib.rc_context(_RC):
        _figure, layout = build_figure(shipped, build_request(shipped, feature="russia-denies-invasion-intent"))
    country_notes = [note for note in layout.footnotes if not note.on_map]
    assert country_notes[0].selected
    assert all(note.on_map for note in layout.footnotes[: len(layout.footnotes) - len(country_notes)])


def test_small_graphic_cuts_notes_with_a_count_and_never_overflows(shipped):
    graphic = render(shipped, build_request(shipped, width=620, height=760), "svg")
    assert graphic.footnotes_shown < graphic.footnotes_total
    words = svg_words(graphic.content.decode("utf-8"))
    assert re.search(r"… and \d+ more numbered claims?: see the full map", words)


def test_long_quotes_are_cut_at_a_word_with_an_ellipsis(shipped):
    page = _Page(620, 800)
    sentence = max((s.text for source in shipped.sources.values() for s in source.sentences), key=len)
    for width, lines in ((300, 2), (200, 1), (560, 3)):
        fitted = page.fit_lines(sentence, width, 10.5, lines)
        assert len(fitted) == lines
        assert all(page.text_width(line, 10.5) <= width for line in fitted)
        kept = " ".join(fitted)
        assert kept.endswith("…")
        prefix = kept[:-1].rstrip(" ,;:.–—-“(")
        assert sentence.startswith(prefix)
        assert sentence[len(prefix)] in " ,;:.–—-”)", "cut inside a word"


def test_text_with_dollar_signs_is_never_mathtext(shipped):
    graphic = render(shipped, build_request(shipped, title="Costs $5 and $10 \\frac{a}{b} $x^2$"), "svg")
    assert "Costs $5 and $10 \\frac{a}{b} $x^2$" in svg_words(graphic.content.decode("utf-8"))


def test_the_projection_keeps_the_scale_bar_honest(shipped, default_layout):
    assert _scale_deviation_percent(default_layout[1]) < 1
    with matplotlib.rc_context(_RC):
        _figure, wide = build_figure(shipped, build_request(shipped, view="52,30,5", width=1600, height=1000))
    assert _scale_deviation_percent(wide) < 3, "a view of half of Europe's east still holds the bar within a few percent"


def _scale_deviation_percent(layout) -> float:
    return float(re.search(r"([\d.]+)%", layout.scale_note).group(1)) if layout.scale_note else 0.0


def test_hidden_layers_are_left_out(shipped):
    with matplotlib.rc_context(_RC):
        _figure, layout = build_figure(shipped, build_request(shipped, layers="exercise_zones"))
    assert {c.feature.layer for c in layout.callouts} == {"exercise_zones"}
    assert "Troop-deployment claims" not in layout.alt_text


@pytest.mark.parametrize(
    "arguments, message",
    [
        (dict(layers="none"), "no visible layer"),
        (dict(layers="nonsense"), "unknown layer"),
        (dict(feature="no-such-feature"), "no feature 'no-such-feature'"),
        (dict(width=0), "positive"),
        (dict(height=-5), "positive"),
        (dict(width="wide"), "must be a number"),
        (dict(scale="nan"), "finite"),
        (dict(title="x" * 400), "at most"),
        (dict(view="52,28"), "lat,lon,zoom"),
        (dict(view="95,28,6"), "latitude"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(shipped, arguments, message):
    with pytest.raises(ExportError, match=message):
        build_request(shipped, **arguments)


def test_absurd_sizes_are_capped_and_said(shipped):
    request = build_request(shipped, width=100_000, height=10, scale=50)
    assert (request.width, request.height, request.scale) == (MAX_SIDE, MIN_SIDE, 4.0)
    assert len(request.notices) == 3


def test_unknown_format_is_refused(shipped):
    with pytest.raises(ExportError, match="unknown format 'gif'"):
        render(shipped, build_request(shipped), "gif")


def test_too_short_for_a_map_is_refused_not_drawn_blank(shipped):
    with pytest.raises(ExportError, match="too short"):
        render(shipped, build_request(shipped, width=4000, height=MIN_SIDE, title="A title " * 15), "png")


def test_exports_of_the_default_view_are_saved_for_review(shipped, artifacts):
    for fmt in ("png", "svg", "pdf"):
        graphic = render(shipped, build_request(shipped), fmt)
        (artifacts / f"{ARTIFACT_NAME}.{fmt}").write_bytes(graphic.content)
    (artifacts / f"{ARTIFACT_NAME}.html").write_text(standalone_html(shipped), encoding="utf-8")
    layers = build_request(shipped).layers
    (artifacts / f"{ARTIFACT_NAME}.geojson").write_text(features_geojson(shipped, layers), encoding="utf-8")
    (artifacts / f"{ARTIFACT_NAME}.csv").write_bytes(evidence_csv(shipped, layers))
    column = render(shipped, build_request(shipped, width=620, height=1240), "png")
    (artifacts / "export-column-620.png").write_bytes(column.content)
    (artifacts / f"{ARTIFACT_NAME}.alt.txt").write_text(column.alt_text, encoding="utf-8")


def test_hostile_config_and_data_stay_text_in_every_format(tmp_path, monkeypatch, hostile_config):
    from sitmap.data.dataset import load_dataset
    from sitmap.settings import load_settings

    monkeypatch.chdir(tmp_path)  # a template that ran would create PWNED-* folders here
    hostile = load_dataset(load_settings(hostile_config))  # a fresh load: nothing rendered before, elsewhere
    request = build_request(hostile)
    svg = render(hostile, request, "svg").content.decode("utf-8")
    root = ElementTree.fromstring(svg)  # well-formed: every < and & from the data was escaped
    assert not [node for node in root.iter() if node.tag.split("}")[-1] in ("script", "foreignObject", "a")]
    words = svg_words(svg)
    assert "<img src=x onerror=" in words and "{{7*7}}" in words, "hostile text is shown as written"
    assert "onerror" not in "".join(f"{k}={v}" for node in root.iter() for k, v in node.attrib.items())
    pdf = PdfReader(io.BytesIO(render(hostile, request, "pdf").content))
    assert "<script>" in flat(" ".join(page.extract_text() for page in pdf.pages))
    render(hostile, request, "png")
    assert not list(tmp_path.glob("PWNED*")) and not list(Path.cwd().glob("PWNED*"))


def test_notes_say_which_outlets_and_dates_are_inferred(default_layout, shipped):
    _figure, layout = default_layout
    quotes = [note.quote(shipped) for note in layout.footnotes]
    for note, quote in zip(layout.footnotes, quotes):
        source = shipped.sources[note.callouts[0].feature.evidence[0].quote.source]
        inferred = source.meta("published").status == "inferred"
        assert ("(inferred)" in quote) == inferred, quote
        if not source.meta("outlet").value:
            assert "outlet unknown" in quote


def test_control_characters_never_reach_the_file_and_missing_glyphs_are_said(shipped):
    with pytest.raises(ExportError, match="control characters"):
        build_request(shipped, title="Bad\x01title")
    graphic = render(shipped, build_request(shipped, title="地图 Карта", width=700, height=900, scale=1), "svg")
    ElementTree.fromstring(graphic.content)
    assert any("no glyph for" in notice and "地" in notice for notice in graphic.notices)
    assert not any("Карта" in notice for notice in graphic.notices), "Cyrillic is covered"


def test_control_characters_in_the_data_are_left_out_of_the_graphic(data_copy):
    data_copy.edit_feature("exercise_zones.geojson", "lida-airfield",
                           lambda item: item["properties"].update(claimant="Ministry\x07 of\x1b[31m Defence", name="Lida\x00 airfield"))
    dataset = data_copy.load()
    assert dataset.feature("lida-airfield") is not None, "the loader keeps the feature: the export must cope"
    graphic = render(dataset, build_request(dataset, feature="lida-airfield"), "svg")
    ElementTree.fromstring(graphic.content)  # XML forbids most control characters: a raw one breaks the file
    assert "Ministry of[31m Defence" in svg_words(graphic.content.decode("utf-8"))
    assert "\x07" not in graphic.alt_text and "Lida airfield" in graphic.alt_text
