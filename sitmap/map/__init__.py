"""The map document: the evidence payload, its escaping for scripts, and the folium elements that carry it.

``payload`` turns a loaded dataset into the one JSON object the browser code
(``static/sitmap.js``) draws from; ``scriptjson`` makes that JSON safe inside
an inline script; ``elements`` puts it into a folium map, whose rendered
document the app shows with ``st.iframe`` and a standalone export can publish.
"""

from .elements import build_map, map_document
from .payload import map_payload

__all__ = ["build_map", "map_document", "map_payload"]
