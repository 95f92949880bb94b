"""The editor: a pasted or uploaded report, its candidates reviewed, saved as a source and features on the map.

Widgets only: reading the report, the candidates, the files of a save and the
save itself are sitmap.extract and sitmap.edit. Editing needs the editor secret
(SITMAP_EDITOR_SECRET, or editor_secret in Streamlit's secrets); without one the
page says editing is off. An embedded map never shows it.
"""

import math
import os

import pandas as pd
import streamlit as st

from sitmap.data.sentences import split_sentences
from sitmap.edit import DataStore, SaveRefused, StaleSave, preview, staged_validator
from sitmap.edit.access import OPEN, SECRET_ENV, WAIT, EditorGate, client_address
from sitmap.edit.fetch import fetch_report
from sitmap.edit.draft import (
    PRECISIONS, STANCES, STATUSES, UPLOAD_TYPES, check_source, feature_from_row, layer_changes, read_report, review_rows,
    source_files, source_id_for, suggested_boilerplate,
)
from sitmap.data.sources import KNOWLEDGE, METADATA_FIELDS
from sitmap.extract import extract
from sitmap.extract.propose import propose
from sitmap.map import map_document
from streamlit_shell import LEAFLET_PAGE_URL, dataset, page_frame, plain, position_picker

current = page_frame()
if st.context.is_embedded:
    st.info("The editor is not part of an embedded map.")
    st.stop()
st.markdown("#### Editor")


@st.cache_resource(show_spinner=False)
def _gate(secret: str) -> EditorGate:
    """One gate per process and secret: it counts wrong tries per client address."""
    return EditorGate(secret or None)


def _secret() -> str:
    try:
        from_secrets = st.secrets.get("editor_secret", "")
    except Exception:  # no secrets.toml: Streamlit raises rather than returning nothing
        from_secrets = ""
    return os.environ.get(SECRET_ENV) or str(from_secrets or "")


gate = _gate(_secret())
if not gate.enabled:
    st.info(f"Editing is off: no editor secret is configured. Whoever runs this map can set {SECRET_ENV} "
            "(at least 12 characters) to turn it on.")
    st.stop()

client = client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"), current.trusted_proxies)
if not st.session_state.get("editor_name"):
    with st.form("editor-secret"):
        attempt = st.text_input("Editor secret", type="password")
        name = st.text_input("Your name, kept in the history of every save")
        opened = st.form_submit_button("Open the editor")
    if opened:
        outcome = gate.check(client, attempt)
        if outcome == OPEN and name.strip():
            st.session_state.editor_name = name.strip()[:80]
            st.rerun()
        elif outcome == OPEN:
            st.error("Give your name: every save records who made it.")
        elif outcome == WAIT:
            st.error(f"Too many wrong secrets from this address: wait {math.ceil(gate.seconds_to_wait(client))} s.")
        else:
            st.error("That is not the editor secret.")
    st.stop()

data = dataset(current)
if current.sources_dir.parent != current.layers_dir.parent or current.sources_dir.name != "sources" or current.layers_dir.name != "layers":
    st.error("The editor saves into one data folder holding sources/ and layers/; this map's paths.sources and "
             "paths.layers point elsewhere.")
    st.stop()
store = DataStore(current.sources_dir.parent)
layer_files = {layer.id: layer.file for layer in current.layers}
st.caption(f"Editing as {plain(st.session_state.editor_name)}. Every candidate is the machine's reading of the report: "
           "check each against its sentence before you accept it. Nothing reaches the map until you save.")

# ------------------------------------------------------------------ the report
with st.expander("Fetch the report from its address (optional; needs this machine to be online)"):
    fetch_address = st.text_input("https:// address of the page", key="fetch-address")
    if st.button("Fetch", disabled=not fetch_address.strip()):
        fetched = fetch_report(fetch_address, current.max_source_bytes)
        page = read_report(fetched.body, "page.html", current.max_source_bytes) if fetched.body is not None else None
        for problem in fetched.problems or (page.problems if page else []):
            st.error(plain(problem))
        if page is not None and page.text is not None:
            # Into the paste box and the address field, to check and correct before reading it.
            st.session_state["pasted"], st.session_state["meta-address"] = page.text, fetch_address.strip()
            st.session_state["fetched"] = (page.text, page.original_html)
            st.success("Fetched: the page's text is in the box below. Check it before you read it.")
paste, upload = st.tabs(["Paste a report", "Upload a file"])
with paste:
    pasted = st.text_area("The report's text, as published", height=220, key="pasted", max_chars=current.max_source_bytes)
with upload:
    uploaded = st.file_uploader("A .txt, .md or .html file", type=list(UPLOAD_TYPES), key="uploaded")
with st.form("metadata"):
    st.markdown("**About the report** (mark each value known, inferred or unknown, as the sources page shows it)")
    metadata = {}
    for name in METADATA_FIELDS:
        value_column, status_column = st.columns([4, 1])
        value = value_column.text_input(name.capitalize(), key=f"meta-{name}",
                                        placeholder="YYYY-MM-DD" if name == "published" else "")
        status = status_column.selectbox("Status", KNOWLEDGE, key=f"meta-{name}-status")
        metadata[name] = (value, status if value.strip() else "unknown")
    read = st.form_submit_button("Read the report")

if read:
    raw = uploaded.getvalue() if uploaded is not None else pasted.encode("utf-8")
    report = read_report(raw, uploaded.name if uploaded is not None else "pasted.txt", current.max_source_bytes)
    fetched_text, fetched_html = st.session_state.get("fetched", (None, None))
    if uploaded is None and report.text is not None and report.text == fetched_text:
        report.original_html = fetched_html  # the fetched page as received, kept beside its text
    problems = report.problems or check_source(report.text, metadata, data.sources)
    if problems:
        for problem in problems:
            st.error(plain(problem))
        st.session_state.pop("draft", None)
    else:
        source_id = source_id_for(metadata["title"][0], metadata["published"][0], set(data.sources))
        candidates = propose(extract(report.text), source_id)
        for stale_widget in ("review", "place-row", "picker"):  # a new report starts a new review
            st.session_state.pop(stale_widget, None)
        st.session_state.draft = {"source_id": source_id, "text": report.text, "html": report.original_html,
                                  "metadata": metadata, "rows": review_rows(candidates, list(layer_files)),
                                  "boilerplate": suggested_boilerplate(report.text), "base_version": store.version()}

draft = st.session_state.get("draft")
if draft:
    st.markdown(f"**Review** · source id `{draft['source_id']}` · {len(draft['rows'])} candidates")
    boilerplate = st.multiselect("Lines to leave out of the sentences (kept in the stored text)", draft["boilerplate"],
                                 default=draft["boilerplate"]) if draft["boilerplate"] else []
    with st.expander("Place a candidate by clicking the map"):
        rows = draft["rows"]
        chosen = st.selectbox("Candidate", range(len(rows)), format_func=lambda i: rows[i]["label"][:90], key="place-row")
        picked = position_picker(chosen, "Click where the claim places it; the point goes into its row (approximate, "
                                 "with the ± km you give it).", rows[chosen]["lat"], rows[chosen]["lon"],
                                 data.basemap.countries, current, key="picker")
        if rows[chosen]["lat"] is not None:
            st.caption(f"Its position: {rows[chosen]['lat']:.4f}, {rows[chosen]['lon']:.4f} (latitude, longitude)")
        else:
            st.caption("It has no position yet.")
        if picked and picked.get("row") == chosen and (picked.get("lat"), picked.get("lon")) != (rows[chosen]["lat"], rows[chosen]["lon"]):
            rows[chosen]["lat"], rows[chosen]["lon"] = float(picked["lat"]), float(picked["lon"])
            rows[chosen]["precision"] = "approximate"
            st.rerun()
    table = pd.DataFrame([{column: row.get(column) for column in
                           ("accept", "label", "sentence", "claimant", "stance", "status", "layer", "lat", "lon",
                            "uncertainty_km", "precision", "id")} for row in draft["rows"]])
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key="review",
        column_config={
            "accept": st.column_config.CheckboxColumn("Accept"),
            "label": st.column_config.TextColumn("Label on the map", width="medium"),
            "claimant": st.column_config.TextColumn("Claimant"),
            "id": st.column_config.TextColumn("Feature id"),
            "layer": st.column_config.SelectboxColumn("Layer", options=list(layer_files), required=True),
            "stance": st.column_config.SelectboxColumn("Stance", options=list(STANCES), required=True),
            "status": st.column_config.SelectboxColumn("Status", options=list(STATUSES), required=True),
            "precision": st.column_config.SelectboxColumn("Precision", options=list(PRECISIONS)),
            "lat": st.column_config.NumberColumn("Latitude", min_value=-90.0, max_value=90.0, format="%.4f"),
            "lon": st.column_config.NumberColumn("Longitude", min_value=-180.0, max_value=180.0, format="%.4f"),
            "uncertainty_km": st.column_config.NumberColumn("± km", min_value=0.0, max_value=1000.0),
            "sentence": st.column_config.TextColumn("Evidence (the report's words)", disabled=True, width="medium"),
        },
    )
    records = [{key: (None if isinstance(value, float) and math.isnan(value) else value) for key, value in record.items()}
               for record in edited.to_dict("records")]
    accepted = [(row, edits) for row, edits in zip(draft["rows"], records) if edits["accept"]]
    st.caption(f"{len(accepted)} accepted. A candidate without a position needs one typed in before it can be accepted.")

    with st.expander("Features already on the map that this report also supports"):
        st.caption("Choose a feature and the sentence of this report that supports it: the sentence becomes more evidence for it.")
        sentences = [sentence.text for sentence in split_sentences(draft["text"], set(boilerplate))]
        links = draft.setdefault("links", [])
        feature_names = {feature.id: feature.name for feature in data.features}
        pick_feature, pick_sentence = st.columns(2)
        chosen = pick_feature.selectbox("Feature", list(feature_names), format_func=lambda fid: feature_names[fid], index=None)
        sentence = pick_sentence.selectbox("Sentence of this report", sentences, index=None)
        if st.button("Add as evidence", disabled=not (chosen and sentence)):
            links.append((chosen, sentence))
        for feature_id, quote in links:
            st.markdown(f"- {plain(feature_names.get(feature_id, feature_id))} ← “{plain(quote)}”")

    def planned_changes() -> tuple[dict, list, list[str]]:
        """The files of this save, the features it adds, and what stops it (built the same way for preview and save)."""
        additions, problems = [], []
        for row, edits in accepted:
            feature, row_problems = feature_from_row({**row, **edits}, draft["source_id"])
            problems += [f"{edits['label'] or row['label']}: {problem}" for problem in row_problems]
            if feature is not None:
                additions.append((edits["layer"], feature))
        layers, layer_problems = layer_changes(current.layers_dir, layer_files, additions, {f.id for f in data.features},
                                               draft.get("links", []), draft["source_id"])
        files = {**source_files(draft["source_id"], draft["text"], draft["metadata"], boilerplate=boilerplate,
                                original_html=draft["html"], editor=st.session_state.editor_name), **layers}
        return files, additions, problems + layer_problems

    preview_clicked, save_clicked = st.columns([1, 2])
    if preview_clicked.button("Preview on the map", disabled=not (accepted or draft.get("links"))):
        changes, additions, problems = planned_changes()
        for problem in problems:
            st.error(plain(problem))
        if not problems:
            shown = preview(current, store, changes)
            for problem in shown.problems.errors:
                st.error(plain(str(problem)))
            st.caption("Preview: the map as it will be after saving (not saved yet).")
            st.iframe(map_document(shown, LEAFLET_PAGE_URL, embed=False, export=False), height="content")
    if save_clicked.button("Save the report and the accepted features", type="primary", disabled=not (accepted or draft.get("links"))):
        changes, additions, problems = planned_changes()
        if not problems:
            try:
                result = store.save(changes, base_version=draft["base_version"], editor=st.session_state.editor_name,
                                    note=f"added {draft['source_id']}, {len(additions)} features and "
                                         f"{len(draft.get('links', []))} evidence links", validate=staged_validator(current))
            except StaleSave as stale:
                draft["stale"] = stale.problems[0]
            except SaveRefused as refused:
                problems += refused.problems
            else:
                st.success(f"Saved: the source and {len(additions)} features are on the map (version {result.version}).")
                for _, feature in additions:
                    st.markdown(f"- [{plain(feature['properties']['name'])}](/?feature={feature['id']})")
                st.session_state.pop("draft", None)
        for problem in problems:
            st.error(plain(problem))
    if draft.get("stale"):
        # Another editor saved after this review began: nothing was overwritten. The review stays; reloading takes
        # in their change (the map shows it), and saving again applies this review on top.
        st.error(plain(draft["stale"]))
        if st.button("Take in the other change and keep my review"):
            draft["base_version"], draft["stale"] = store.version(), None
            st.rerun()

# ------------------------------------------------------------------ history
with st.expander("History of saves"):
    entries = store.history()
    if not entries:
        st.caption("No save yet.")
    for entry in entries[:50]:
        left, right = st.columns([5, 1])
        left.markdown(f"`{entry.id}` · {plain(entry.time)} · {plain(entry.editor)} · {plain(entry.note)}  \n"
                      + plain(", ".join(entry.files)))
        if right.button("Restore the version before", key=f"restore-{entry.id}"):
            try:
                store.restore(entry.id, base_version=store.version(), editor=st.session_state.editor_name,
                              validate=staged_validator(current))
                st.success(f"Restored the files as they were before {entry.id}.")
            except SaveRefused as refused:
                for problem in refused.problems:
                    st.error(plain(problem))
