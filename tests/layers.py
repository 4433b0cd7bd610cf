"""Small helpers the Processing-level tests share: WKT squares, memory layers, outputs."""
from html.parser import HTMLParser

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)


def square(x0, y0, x1, y1):
    """WKT of the axis-parallel rectangle (x0, y0)-(x1, y1)."""
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def memory_layer(geometry_type, crs, fields, rows, name="layer"):
    """A memory layer; rows: (wkt, {field: value}); fields: 'name:type' (string/integer/double)."""
    uri = f"{geometry_type}?crs={crs}" + "".join(f"&field={f}" for f in fields)
    layer = QgsVectorLayer(uri, name, "memory")
    assert layer.isValid(), uri
    features = []
    for wkt, attributes in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        for key, value in attributes.items():
            feature[key] = value
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def reproject_wkt(wkt, source, target):
    """*wkt* transformed from CRS *source* to *target* (authority ids)."""
    geometry = QgsGeometry.fromWkt(wkt)
    geometry.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem(source),
                                              QgsCoordinateReferenceSystem(target), QgsProject.instance()))
    return geometry.asWkt(12)


def output_layer(result, context, key="OUTPUT"):
    """The vector layer behind a Processing result value (layer object, layer id or path)."""
    value = result[key]
    if isinstance(value, QgsVectorLayer):
        return value
    layer = context.getMapLayer(value) or QgsVectorLayer(value, key, "ogr")
    assert layer.isValid(), value
    return layer


class WarningFeedback(QgsProcessingFeedback):
    """Feedback that keeps what an algorithm tells the user: warnings, infos, errors."""

    def __init__(self):
        super().__init__()
        self.warnings, self.infos, self.errors = [], [], []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)
        super().pushWarning(text)

    def pushInfo(self, text):  # noqa: N802
        self.infos.append(text)
        super().pushInfo(text)

    def reportError(self, text, fatalError=False):  # noqa: N802, N803
        self.errors.append(text)
        super().reportError(text, fatalError)


class TableParser(HTMLParser):
    """Rows of every <table> as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, text):
        if self._cell is not None:
            self._cell += text


def table_rows(html):
    """Rows of every <table> of the HTML text *html*."""
    parser = TableParser()
    parser.feed(html)
    return parser.rows


def child_pids():
    """Process ids whose parent is this process (Linux /proc; empty elsewhere)."""
    import os

    me, found = os.getpid(), set()
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me:
                found.add(int(entry.name))
    return found


def skipping_invalid(uri):
    """*uri* as a Processing input that skips invalid features (the user's per-input setting).

    The real stream layer holds one single-point line (feature 251), which Processing's default
    setting stops at; a planner would pick "skip invalid features" for that input.
    """
    from qgis.core import QgsProcessingFeatureSourceDefinition

    from wertvoll.compat import GEOMETRY_SKIP_INVALID, SOURCE_OVERRIDES_GEOMETRY_CHECK

    return QgsProcessingFeatureSourceDefinition(uri, False, -1, SOURCE_OVERRIDES_GEOMETRY_CHECK,
                                                GEOMETRY_SKIP_INVALID)
