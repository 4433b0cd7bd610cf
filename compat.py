"""One place for the API spellings that differ between QGIS 3.22 and 3.36+/4.x.

QGIS 3.36 moved many Processing enums into ``Qgis`` (``Qgis.ProcessingSourceType``
…) and QGIS 4 (Qt 6) drops the old unscoped names. Every module of the plugin
takes these constants from here, so a new QGIS release means editing one file.
Each name picks the new spelling when it exists and falls back to the 3.22 one.
"""
from qgis.core import (
    Qgis,
    QgsFeatureSink,
    QgsField,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

QGIS_VERSION_INT = Qgis.QGIS_VERSION_INT


def _new_or_old(new_owner, new_enum, member, old_owner, old_member=None):
    """``new_owner.new_enum.member`` if this QGIS has it, else ``old_owner.old_member``."""
    enum = getattr(new_owner, new_enum, None)
    if enum is not None and hasattr(enum, member):
        return getattr(enum, member)
    return getattr(old_owner, old_member or member)


# Source / layer types (Qgis.ProcessingSourceType since 3.36)
def _source(member, old):
    return _new_or_old(Qgis, "ProcessingSourceType", member, QgsProcessing, old)


TYPE_VECTOR_ANY = _source("Vector", "TypeVector")
TYPE_VECTOR_ANY_GEOMETRY = _source("VectorAnyGeometry", "TypeVectorAnyGeometry")
TYPE_VECTOR_POINT = _source("VectorPoint", "TypeVectorPoint")
TYPE_VECTOR_LINE = _source("VectorLine", "TypeVectorLine")
TYPE_VECTOR_POLYGON = _source("VectorPolygon", "TypeVectorPolygon")
TYPE_RASTER = _source("Raster", "TypeRaster")

# Number parameter types (Qgis.ProcessingNumberParameterType since 3.36)
NUMBER_DOUBLE = _new_or_old(Qgis, "ProcessingNumberParameterType", "Double", QgsProcessingParameterNumber)
NUMBER_INTEGER = _new_or_old(Qgis, "ProcessingNumberParameterType", "Integer", QgsProcessingParameterNumber)

# Field parameter data types (Qgis.ProcessingFieldParameterDataType since 3.36)
FIELD_ANY = _new_or_old(Qgis, "ProcessingFieldParameterDataType", "Any", QgsProcessingParameterField)
FIELD_NUMERIC = _new_or_old(Qgis, "ProcessingFieldParameterDataType", "Numeric", QgsProcessingParameterField)
FIELD_STRING = _new_or_old(Qgis, "ProcessingFieldParameterDataType", "String", QgsProcessingParameterField)

# File parameter behaviour (Qgis.ProcessingFileParameterBehavior since 3.36)
FILE_BEHAVIOR_FILE = _new_or_old(Qgis, "ProcessingFileParameterBehavior", "File", QgsProcessingParameterFile)
FILE_BEHAVIOR_FOLDER = _new_or_old(Qgis, "ProcessingFileParameterBehavior", "Folder", QgsProcessingParameterFile)

# Parameter flags (Qgis.ProcessingParameterFlag since 3.36)
FLAG_ADVANCED = _new_or_old(
    Qgis, "ProcessingParameterFlag", "Advanced", QgsProcessingParameterDefinition, "FlagAdvanced"
)
FLAG_OPTIONAL = _new_or_old(
    Qgis, "ProcessingParameterFlag", "Optional", QgsProcessingParameterDefinition, "FlagOptional"
)

# Algorithm flags (Qgis.ProcessingAlgorithmFlag since 3.36)
ALG_FLAG_NO_THREADING = _new_or_old(
    Qgis, "ProcessingAlgorithmFlag", "NoThreading", QgsProcessingAlgorithm, "FlagNoThreading"
)

# Geometry types (Qgis.WkbType since 3.30)
WKB_MULTIPOLYGON = _new_or_old(Qgis, "WkbType", "MultiPolygon", QgsWkbTypes)
WKB_MULTILINESTRING = _new_or_old(Qgis, "WkbType", "MultiLineString", QgsWkbTypes)
WKB_LINESTRING = _new_or_old(Qgis, "WkbType", "LineString", QgsWkbTypes)
WKB_POINT = _new_or_old(Qgis, "WkbType", "Point", QgsWkbTypes)
WKB_NOGEOMETRY = _new_or_old(Qgis, "WkbType", "NoGeometry", QgsWkbTypes)

# Distance units (Qgis.DistanceUnit since 3.30)
from qgis.core import QgsUnitTypes  # noqa: E402

DISTANCE_METERS = _new_or_old(Qgis, "DistanceUnit", "Meters", QgsUnitTypes, "DistanceMeters")
DISTANCE_KILOMETERS = _new_or_old(Qgis, "DistanceUnit", "Kilometers", QgsUnitTypes, "DistanceKilometers")

# Geometry types of layers (Qgis.GeometryType since 3.30)
GEOMETRY_POLYGON = _new_or_old(Qgis, "GeometryType", "Polygon", QgsWkbTypes, "PolygonGeometry")
GEOMETRY_LINE = _new_or_old(Qgis, "GeometryType", "Line", QgsWkbTypes, "LineGeometry")

# Map layer types (Qgis.LayerType since 3.30)
from qgis.core import QgsMapLayer  # noqa: E402

LAYER_VECTOR = _new_or_old(Qgis, "LayerType", "Vector", QgsMapLayer, "VectorLayer")

# Layer filters of layer combo boxes (Qgis.LayerFilter since 3.34)
from qgis.core import QgsMapLayerProxyModel  # noqa: E402

LAYER_FILTER_VECTOR = _new_or_old(Qgis, "LayerFilter", "VectorLayer", QgsMapLayerProxyModel)

# Legend components of layout legends (Qgis.LegendComponent since 3.32)
from qgis.core import QgsLegendStyle  # noqa: E402

LEGEND_TITLE = _new_or_old(Qgis, "LegendComponent", "Title", QgsLegendStyle)
LEGEND_GROUP = _new_or_old(Qgis, "LegendComponent", "Group", QgsLegendStyle)
LEGEND_SUBGROUP = _new_or_old(Qgis, "LegendComponent", "Subgroup", QgsLegendStyle)
LEGEND_SYMBOL_LABEL = _new_or_old(Qgis, "LegendComponent", "SymbolLabel", QgsLegendStyle)
LEGEND_SYMBOL = _new_or_old(Qgis, "LegendComponent", "Symbol", QgsLegendStyle)
# Sides of a legend style's margins: QgsLegendStyle.Side on QGIS 3.22 to 4.0
LEGEND_SIDE_TOP = QgsLegendStyle.Side.Top
LEGEND_SIDE_BOTTOM = QgsLegendStyle.Side.Bottom
LEGEND_SIDE_LEFT = QgsLegendStyle.Side.Left

# Text in exported PDFs as text, not outlines (Qgis.TextRenderFormat since 3.22 in Python)
from qgis.core import QgsRenderContext  # noqa: E402

PDF_TEXT_AS_TEXT = _new_or_old(Qgis, "TextRenderFormat", "AlwaysText", QgsRenderContext, "TextFormatAlwaysText")

# Feature request flags (Qgis.FeatureRequestFlag since 3.36)
from qgis.core import QgsFeatureRequest  # noqa: E402

REQUEST_NO_GEOMETRY = _new_or_old(Qgis, "FeatureRequestFlag", "NoGeometry", QgsFeatureRequest)

# Invalid-geometry handling (Qgis.InvalidGeometryCheck since 3.36)
GEOMETRY_NO_CHECK = _new_or_old(Qgis, "InvalidGeometryCheck", "NoCheck", QgsFeatureRequest, "GeometryNoCheck")
GEOMETRY_ABORT_ON_INVALID = _new_or_old(
    Qgis, "InvalidGeometryCheck", "AbortOnInvalid", QgsFeatureRequest, "GeometryAbortOnInvalid")
GEOMETRY_SKIP_INVALID = _new_or_old(
    Qgis, "InvalidGeometryCheck", "SkipInvalid", QgsFeatureRequest, "GeometrySkipInvalid")

# Processing feature sources (Qgis.ProcessingFeatureSource[Definition]Flag since 3.36)
from qgis.core import QgsProcessingFeatureSource, QgsProcessingFeatureSourceDefinition  # noqa: E402

SOURCE_SKIP_GEOMETRY_VALIDITY = _new_or_old(
    Qgis, "ProcessingFeatureSourceFlag", "SkipGeometryValidityChecks", QgsProcessingFeatureSource,
    "FlagSkipGeometryValidityChecks")
SOURCE_OVERRIDES_GEOMETRY_CHECK = _new_or_old(
    Qgis, "ProcessingFeatureSourceDefinitionFlag", "OverrideDefaultGeometryCheck",
    QgsProcessingFeatureSourceDefinition, "FlagOverrideDefaultGeometryCheck")

# Property types (Qgis.PropertyType since 3.36)
from qgis.core import QgsProperty  # noqa: E402

PROPERTY_STATIC = _new_or_old(Qgis, "PropertyType", "Static", QgsProperty, "StaticProperty")

# Feature sink flags
SINK_FAST_INSERT = _new_or_old(QgsFeatureSink, "Flag", "FastInsert", QgsFeatureSink)

# Field types: QVariant.Type up to 3.36, QMetaType.Type from 3.38 on (Qt 6: only QMetaType)
if QGIS_VERSION_INT >= 33800:
    from qgis.PyQt.QtCore import QMetaType

    _FIELD_TYPES = {
        "double": QMetaType.Type.Double,
        "int": QMetaType.Type.Int,
        "int64": QMetaType.Type.LongLong,
        "string": QMetaType.Type.QString,
        "bool": QMetaType.Type.Bool,
    }
else:  # QGIS < 3.38 takes QVariant types: the spelling flake8-qgis QGS402 asks to replace is needed here
    _FIELD_TYPES = {
        "double": QVariant.Double,  # noqa: QGS402
        "int": QVariant.Int,  # noqa: QGS402
        "int64": QVariant.LongLong,  # noqa: QGS402
        "string": QVariant.String,  # noqa: QGS402
        "bool": QVariant.Bool,  # noqa: QGS402
    }


def make_field(name, kind, length=0, precision=0):
    """A ``QgsField`` of *kind* ``double``, ``int``, ``int64``, ``string`` or ``bool``."""
    return QgsField(name, _FIELD_TYPES[kind], "", length, precision)


# Deprecated since QGIS 3.34/3.40, gone in QGIS 4: QgsRectangle.setMinimal(), setFont() of layout
# labels and legend styles (QgsTextFormat instead; QgsLayoutItemLabel.setTextFormat since 3.24,
# QgsLegendStyle.setTextFormat since 3.30)
def null_rectangle():
    """An empty ``QgsRectangle`` that ``combineExtentWith`` grows from nothing."""
    from qgis.core import QgsRectangle

    rectangle = QgsRectangle()
    (rectangle.setNull if hasattr(rectangle, "setNull") else rectangle.setMinimal)()
    return rectangle


def set_text_font(target, font, color=None):
    """Give a layout label or a legend style *font* (a QFont, size in points) and *color* (a QColor)."""
    if hasattr(target, "setTextFormat"):
        from qgis.core import QgsTextFormat

        text_format = QgsTextFormat.fromQFont(font)
        if color is not None:
            text_format.setColor(color)  # noqa: QGS202 - QgsTextFormat, returns None
        target.setTextFormat(text_format)
    else:
        target.setFont(font)
        if color is not None:
            target.setFontColor(color)
