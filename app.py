"""The situation map with its evidence panel: `streamlit run app.py`.

This is the app's main page; pages/ holds the others. Widgets only: the map,
the panel and their linking are built by sitmap.map.
"""

import streamlit as st
from streamlit_folium import st_folium

from sitmap.map import build_map
from streamlit_shell import LEAFLET_BASE_URL, dataset, page_frame, plain, problems_banner

MAP_HEIGHT = 720

config = page_frame()
data = dataset(config)
st.markdown(f"#### {plain(config.title)}")
if config.subtitle and not st.context.is_embedded:
    st.caption(plain(config.subtitle))
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
