"""Each stored source: what we know about it, and its sentences with the features they support."""

import pandas as pd
import streamlit as st

from sitmap.reports import metadata_rows, source_rows
from streamlit_shell import dataset, page_frame, plain, problems_banner

data = dataset(page_frame())
st.markdown("#### Sources")
st.caption("Texts are stored exactly as received. Metadata marked *inferred* or *unknown* must not be cited as fact.")
problems_banner(data)

for source_id, source in data.sources.items():
    with st.expander(plain(source.title), expanded=source_id == next(iter(data.sources))):
        st.dataframe(pd.DataFrame(metadata_rows(data, source_id)), hide_index=True, width="stretch")
        st.dataframe(
            pd.DataFrame(source_rows(data, source_id)),
            hide_index=True,
            width="stretch",
            column_config={"sentence": st.column_config.TextColumn(width="large")},
        )
