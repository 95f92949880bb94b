"""The situation map with its evidence panel: `streamlit run app.py`.

This is the app's main page; pages/ holds the others. Widgets only: the map,
the panel and their linking are built by sitmap.map.
"""

import streamlit as st
from streamlit_folium import st_folium

from sitmap.map import build_map
from sitmap.reports import source_line
from streamlit_shell import LEAFLET_BASE_URL, dataset, embed_map_height, page_frame, plain, problems_banner

MAP_HEIGHT = 720

config = page_frame()
data = dataset(config)
embedded = st.context.is_embedded
if not embedded:
    st.markdown(f"#### {plain(config.title)}")
    if config.subtitle:
        st.caption(plain(config.subtitle))
    problems_banner(data)

# returned_objects=[]: selection and layer state live in the browser (and the
# URL), so a click never waits for a Streamlit rerun.
st_folium(
    build_map(data, LEAFLET_BASE_URL, embed=embedded),
    key="situation-map",
    height=embed_map_height() if embedded else MAP_HEIGHT,
    use_container_width=True,
    returned_objects=[],
)
if embedded:
    # An embedded map keeps its title, date and sources, in one line under it.
    st.caption(plain(f"{config.title} · {source_line(data)}"))
