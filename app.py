"""Entry point: `streamlit run app.py`. Pages compose widgets; see sitmap/ for the logic."""

import streamlit as st

from streamlit_shell import settings

st.set_page_config(page_title=settings().title, layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map", default=True),
        st.Page("pages/sources.py", title="Sources", url_path="sources"),
        st.Page("pages/data_check.py", title="Data check", url_path="data-check"),
    ],
    # An embedded map (?embed=true in a newsroom's iframe) shows no page menu.
    position="hidden" if st.context.is_embedded else "sidebar",
)
navigation.run()
