"""Places on a map: boundaries of wijken and buurten, item locations, maps and exports.

Only :mod:`scheduler.geo.location` is imported by the scenario model; the rest
needs shapely and is imported by the commands that draw or export.
"""
