"""WERTvoll reports: templates filled with the algorithms' results, as HTML and editable Word.

``engine`` (templates, values, sandboxed rendering) and ``data`` (sums and tables from result
rows) are plain Python; ``layers`` reads QGIS layers into rows and ``maps`` renders map figures
through a print layout (main thread only).
"""
