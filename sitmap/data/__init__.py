"""The data stage: sources and their sentences, quotes, features, geometry, places and the loaded dataset.

Nothing here draws or exports; ``sitmap.map`` and ``sitmap.export`` read a ``Dataset``.
"""
