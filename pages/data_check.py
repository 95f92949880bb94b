"""Validation report, layer counts, computed figures and where the basemap came from."""

import json

import pandas as pd
import streamlit as st

from sitmap.reports import figure_rows, layer_rows, problem_rows
from streamlit_shell import dataset, page_frame, plain

data = dataset(page_frame())
st.markdown("#### Data check")
errors, warnings = data.problems.errors, data.problems.warnings
summary = f"{len(data.sources)} sources, {len(data.layers)} layers, {len(data.features)} features; {len(errors)} errors, {len(warnings)} warnings."
(st.error if errors else st.warning if warnings else st.success)(summary)
if data.problems.items:
    st.dataframe(pd.DataFrame(problem_rows(data)), hide_index=True, width="stretch")

st.markdown("##### Layers")
st.dataframe(pd.DataFrame(layer_rows(data)), hide_index=True, width="stretch")

st.markdown("##### Figures and how they were obtained")
st.dataframe(pd.DataFrame(figure_rows(data)), hide_index=True, width="stretch")

st.markdown("##### Basemap provenance")
st.caption(plain(data.basemap.credit))
st.code(json.dumps(data.basemap.provenance, indent=2, sort_keys=True), language="json")
