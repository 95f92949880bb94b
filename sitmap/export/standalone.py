"""The standalone map: one self-contained HTML file for any web host, CDN or object store.

It is the document the app shows (``sitmap.map.map_document``), with
Leaflet's JavaScript and CSS inlined from the installed ``xstatic-leaflet``
package, so it opens from ``file://`` or any static host with no other file
and no network request (unless ``tiles.enabled`` asks for online tiles).
Opened on its own it fills the window; inside an iframe it takes the embed
layout, and lays itself out by content when the host page's script
(``static/embed-host.js``, pasted by ``sitmap.export.embed``) asks for it.

Text from data and config reaches it exactly as in the app: inside the one
JSON payload and the runtime's options, escaped for scripts, and in the
``<title>``, escaped as HTML text. Nothing is compiled as a template twice.
"""

from __future__ import annotations

from ..data.dataset import Dataset
from ..map.elements import map_document

# The file must stay small enough to publish beside an article: the budget, in bytes.
MAX_BYTES = 400 * 1024


def standalone_html(dataset: Dataset) -> str:
    """The map, its panel, its labels, legend and URL state as one HTML document; built once per loaded dataset."""
    return map_document(dataset, None, standalone=True)
