"""The export stage: report graphics (PNG, SVG, PDF), the standalone HTML map, data downloads and embed code.

Everything here reads a loaded ``Dataset`` and an ``ExportRequest``; the
command line (``python -m sitmap export``) and the app's Export panel call the
same functions.
"""
