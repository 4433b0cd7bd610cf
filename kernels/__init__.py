"""Pure computation kernels of WERTvoll (numpy / shapely / pandas, no QGIS API).

Everything in this package can be imported, tested and profiled without QGIS.
The Processing algorithms in ``algorithms/`` are thin wrappers around it.
"""
