"""Evidence-linked situation map: the pure core.

Nothing in this package imports Streamlit. The Streamlit pages, the command
line and (later) the exports all call into these modules, so every rule about
sources, evidence and geometry is enforced in one place.
"""

__version__ = "0.1.0"
