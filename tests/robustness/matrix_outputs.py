"""Reading a world's outputs for its checks: features by WERTvoll's field names, valid geometries."""
import pytest


def shapefile_name(name):
    """The field name in a Shapefile (dBASE: at most 10 characters): the first 10 characters.

    WERTvoll keeps its long field names (the report templates and the dock read them); in a
    Shapefile OGR cuts them to 10 characters, which is unique for every WERTvoll output (the
    matrix checks it), and the report maps the cut names back (report/layers.py).
    """
    return name[:10]


def full_name(name):
    """WERTvoll's name of the output field *name*, which a Shapefile may have cut to 10 characters."""
    from .worlds import LONG_NAMES  # the worlds list the output fields, and they import this module

    return LONG_NAMES.get(name, name)


def output_layer(outcome, key):
    """The vector layer of output *key* (a layer, a layer id in the context, or a file)."""
    from qgis.core import QgsVectorLayer

    value = outcome.result[key]
    if isinstance(value, QgsVectorLayer):
        return value
    layer = outcome.context.getMapLayer(value) or QgsVectorLayer(value, key, "ogr")
    if not layer.isValid():
        layer = None  # not kept alive by the traceback until after QGIS has exited (segfault)
        pytest.fail(f"output {key} does not open: {value}")
    return layer


class Row(dict):
    """One output feature as {field: value}, under WERTvoll's full field names (a Shapefile cuts them)."""

    def __init__(self, feature):
        from qgis.core import QgsGeometry

        super().__init__(zip((full_name(f.name()) for f in feature.fields()), feature.attributes()))
        self.fid = feature.id()
        self._geometry = QgsGeometry(feature.geometry())

    def geometry(self):
        return self._geometry


def features(outcome, key):
    """The features of output *key* as :class:`Row` objects."""
    return [Row(f) for f in output_layer(outcome, key).getFeatures()]


def assert_valid_geometries(outcome, key):
    """Every feature of output *key* has a non-empty, GEOS-valid geometry."""
    for feature in features(outcome, key):
        geometry = feature.geometry()
        assert not geometry.isNull() and not geometry.isEmpty(), f"{key}: feature {feature.fid} without geometry"
        assert geometry.isGeosValid(), f"{key}: invalid geometry {geometry.asWkt(3)[:200]}"


def field_names(outcome, key):
    """The field names of output *key* but the GeoPackage's fid."""
    return [f.name() for f in output_layer(outcome, key).fields() if f.name().lower() != "fid"]


def approx(value, rel=1e-6, abs_=1e-6):
    """pytest.approx with the matrix's default tolerances (relative and absolute 1e-6)."""
    return pytest.approx(value, rel=rel, abs=abs_)


def fail_last_output(monkeypatch, world):
    """The world's last vector output fails after its file was written (disk full, say)."""
    from qgis.core import QgsProcessingException

    from wertvoll.algorithms.outputs import OutputsMixin
    from wertvoll.i18n import tr

    last, real = world.SINKS[-1], OutputsMixin.write_output

    def write_output(self, parameters, context, name, table):
        result = real(self, parameters, context, name, table)
        if name == last:
            raise QgsProcessingException(tr(
                "The features could not be written to the output ({error}). Check that the file or "
                "database can be written to and has room.").format(error="disk full"))
        return result

    monkeypatch.setattr(OutputsMixin, "write_output", write_output)
