"""Each stored source: what we know about it, and its sentences with links to the features they support."""

import pandas as pd
import streamlit as st

from sitmap.reports import metadata_rows, source_rows
from streamlit_shell import dataset, page_frame, plain, problems_banner

data = dataset(page_frame())
st.markdown("#### Sources")
st.caption("Texts are stored exactly as received. Metadata marked *inferred* or *unknown* must not be cited as fact. "
           "Sentences are numbered from 1, as the map's citations are; each linked name opens the map on that feature.")
problems_banner(data)

for source_id, source in data.sources.items():
    with st.expander(plain(source.title), expanded=source_id == next(iter(data.sources))):
        st.dataframe(pd.DataFrame(metadata_rows(data, source_id)), hide_index=True, width="stretch")
        # Whole sentences, wrapped, rather than table cells that cut them off.
        lines = []
        for row in source_rows(data, source_id):
            links = " · ".join(f"[{plain(f['name'])}]({f['link']})" for f in row["features"])
            lines.append(f"**{row['number']}.** {plain(row['text'])}" + (f"  \n→ {links}" if links else ""))
        st.markdown("\n\n".join(lines))
