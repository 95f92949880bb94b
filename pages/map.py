"""The situation map with its evidence panel."""

import streamlit as st
from streamlit_folium import st_folium

from sitmap.mapbuild import build_map
from streamlit_shell import LEAFLET_BASE_URL, compact_page, dataset, problems_banner, settings

MAP_HEIGHT = 720

compact_page()
config = settings()
data = dataset()
st.markdown(f"#### {config.title}")
if config.subtitle and not st.context.is_embedded:
    st.caption(config.subtitle)
problems_banner(data)

# returned_objects=[]: selection and layer state live in the browser (and the
# URL), so a click never waits for a Streamlit rerun.
st_folium(
    build_map(data, LEAFLET_BASE_URL),
    key="situation-map",
    height=MAP_HEIGHT,
    use_container_width=True,
    returned_objects=[],
)
