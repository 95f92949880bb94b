"""The situation map with its evidence panel: `streamlit run app.py`.

This is the app's main page; pages/ holds the others. Widgets only: the map,
the panel and their linking are built by sitmap.map.
"""

import streamlit as st

from export_dialog import export_dialog_on_request
from sitmap.map import map_document
from sitmap.reports import short_source_line
from streamlit_shell import LEAFLET_PAGE_URL, dataset, embed_map_height, page_frame, plain, problems_banner

config = page_frame()
data = dataset(config)
embedded = st.context.is_embedded
if not embedded:
    st.markdown(f"#### {plain(config.title)}")
    if config.subtitle:
        st.caption(plain(config.subtitle))
    problems_banner(data)
    export_dialog_on_request(data)

# The map document goes into a same-origin frame as it is: selection and layer
# state live in the browser (and the URL), so nothing returns to Python and a
# click never waits for a rerun. st.iframe replaced streamlit-folium here: the
# same document loads faster and costs the server less (see README, "Why
# st.iframe").
st.iframe(
    map_document(data, LEAFLET_PAGE_URL, embed=embedded, export=not embedded),
    # Embedded: the frame's own height. Otherwise the document's: 720 px beside the
    # panel on wide screens, and on a phone the map plus the whole panel, in the page's scroll.
    height=embed_map_height() if embedded else "content",
)
if embedded:
    # An embedded map keeps its title, date and sources, in one line under it;
    # what each date rests on is one click away, in the full map's panel.
    st.caption(plain(f"{config.title} · {short_source_line(data)}"))
