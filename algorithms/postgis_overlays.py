"""The screening's overlays in PostGIS (``compensationscreening``'s IN_DATABASE, issue 22): the QGIS side.

:func:`plan` decides whether the layers of a run qualify — the candidates and every overlay
layer given are PostGIS layers of one database, in the CRS of the run, read whole (no
selection, feature limit or filter of Processing; a layer's own filter is kept) — and
describes them for :mod:`..kernels.screening_sql`; when a layer does not qualify it says why
and the run computes locally. :func:`query` runs SQL through QGIS's own connection API (the
connection's stored credentials and auth configurations apply), one pooled connection per
thread, cancelled with the run.
"""
from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProviderConnectionException,
    QgsProviderRegistry,
)

from ..i18n import tr
from ..kernels.errors import Cancelled
from ..kernels.screening_sql import Overlays, Table, literal, quote


class NotInDatabase(Exception):
    """A layer of the run does not qualify; the message (translated) says why."""


class Plan:
    """The qualifying layers of a run: the database's connection, the candidates' key field, the
    :class:`~..kernels.screening_sql.Overlays` (its ``key_type`` set once the keys are read) and the
    candidates' :class:`~..kernels.screening_sql.Table` with the layer's own filter (the overlays'
    one selects the candidates by key)."""

    def __init__(self, connection, key_field, overlays, candidates=None):
        self.connection, self.key_field, self.overlays = connection, key_field, overlays
        self.candidates = candidates if candidates is not None else overlays.candidates


def _whole(parameters, name):
    """Whether the parameter *name* takes its layer whole (no selection, limit or filter)."""
    value = parameters.get(name)
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        limit = getattr(value, "featureLimit", -1)
        return not value.selectedFeaturesOnly and (limit is None or limit < 0) \
            and not getattr(value, "filterExpression", "")
    return True


class _Layers:
    """Checks the layers of one run against the first (the candidates): one database, one CRS."""

    def __init__(self, crs):
        self.crs, self.connection = crs, None

    def table(self, layer, whole=True, **extra):
        """The :class:`Table` of *layer* (``NotInDatabase`` when it does not qualify)."""
        name = layer.name()
        if layer.providerType() != "postgres":
            raise NotInDatabase(tr("'{layer}' is not a PostGIS layer").format(layer=name))
        if not whole:
            raise NotInDatabase(tr("'{layer}' is used with selected features only, a feature limit or a "
                                   "filter").format(layer=name))
        if layer.crs() != self.crs:
            raise NotInDatabase(tr("'{layer}' is in {layer_crs}, the screening runs in {crs}").format(
                layer=name, layer_crs=layer.crs().authid(), crs=self.crs.authid()))
        uri = QgsDataSourceUri(layer.source())
        connection = uri.connectionInfo(False)
        if self.connection is None:
            self.connection = connection
        elif connection != self.connection:
            raise NotInDatabase(tr("'{layer}' is in another database than the candidates").format(layer=name))
        if not uri.geometryColumn():
            raise NotInDatabase(tr("'{layer}' has no geometry column").format(layer=name))
        table = uri.table()
        relation = table if table.startswith("(") else f"{quote(uri.schema() or 'public')}.{quote(table)}"
        return Table(relation, quote(uri.geometryColumn()), subset=uri.sql(), **extra), uri


def plan(alg, parameters, context, crs, feedback):
    """The :class:`Plan` of a run in *crs* with IN_DATABASE, or None with a warning saying why not."""
    source_layer = alg.parameterAsVectorLayer(parameters, alg.INPUT, context)
    try:
        if source_layer is None:
            raise NotInDatabase(tr("the candidate layer is not a PostGIS layer"))
        layers = _Layers(crs)
        candidates, uri = layers.table(source_layer)
        key = uri.keyColumn()
        if not key or "," in key or source_layer.fields().lookupField(key.strip('"')) < 0:
            raise NotInDatabase(tr("the candidate layer has no single key column among its fields"))
        overlays = _overlays(alg, parameters, context, layers)
    except NotInDatabase as reason:
        computed_in_qgis(feedback, reason)
        return None
    return Plan(layers.connection, key.strip('"'), overlays._replace(candidates=candidates._replace(subset=""),
                                                                     key=quote(key.strip('"'))), candidates)


def computed_in_qgis(feedback, reason):
    """Tell the user that the overlays are computed in QGIS, and why (a :class:`NotInDatabase`)."""
    feedback.pushWarning(tr("The overlays are computed in QGIS, not in the database: {reason}.").format(
        reason=reason))


def _overlays(alg, parameters, context, layers):
    """The :class:`Overlays` (without the candidates) of the overlay parameters of *alg*."""
    def layer_table(parameter, **extra):
        layer = alg.parameterAsVectorLayer(parameters, parameter, context)
        return None if layer is None else (layers.table(layer, _whole(parameters, parameter), **extra)[0], layer)

    exclusions = tuple(layers.table(layer)[0] for layer in alg.parameterAsLayerList(parameters, alg.EXCLUSIONS,
                                                                                     context))
    covers, zones = {}, {"water_zone1": None, "flood_designated": None}
    for parameter, key, _weight in alg.COBENEFITS:
        found = layer_table(parameter)
        if found is None:
            continue
        covers[key], layer = found
        zone = {"water": ("water_zone1", alg.WATER_ZONE_FIELD, _zone_one),
                "flood": ("flood_designated", alg.FLOOD_ZONE_FIELD, _zone_zero)}.get(key)
        field = zone and alg._zone_field(parameters, context, layer, zone[1])
        if field:
            zones[zone[0]] = covers[key]._replace(where=zone[2](quote(field)))
    municipalities = None
    if alg.parameterAsVectorLayer(parameters, alg.MUNICIPALITIES, context) is not None:
        name_field = alg.parameterAsString(parameters, alg.MUNICIPALITY_FIELD, context)
        municipalities = layer_table(alg.MUNICIPALITIES, name_column=quote(name_field))[0]
    return Overlays(None, "", "", exclusions=exclusions, covers=covers,
                    corridor_buffer=alg.parameterAsDouble(parameters, alg.CORRIDOR_BUFFER, context),
                    municipalities=municipalities, **zones)


def _zone_one(field):
    """SQL: the zone field says zone I (I, 1 or 'Zone I', any case and spaces), as the local path reads it."""
    return f"upper(btrim(t.{field}::text)) IN ({literal('I')}, {literal('1')}, {literal('ZONE I')})"


def _zone_zero(field):
    """SQL: the zone field is the number 0 (the designated zone), as the local path reads it."""
    value = f"btrim(t.{field}::text)"
    return (f"CASE WHEN {value} ~ {literal('^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$')} "
            f"THEN {value}::float8 = 0 ELSE false END")


def key_type(values):
    """``bigint`` or ``text``: the SQL type of the candidates' key *values* (NotInDatabase otherwise)."""
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "bigint"
    if all(isinstance(v, str) for v in values):
        return "text"
    raise NotInDatabase(tr("the key column of the candidate layer is neither integer nor text"))


def scan(plan, run, keys, key_type):
    """``(present, bounds)`` of the candidate features with the key values *keys* (in their order),
    from the database in one query (:func:`~..kernels.screening_sql.scan_sql`): their geometries are
    not read into QGIS. ``NotInDatabase`` when the keys do not match the table's rows one to one."""
    from ..kernels.screening_sql import parse_scan, scan_sql

    rows = run(scan_sql(plan.candidates, quote(plan.key_field), key_type))
    try:
        return parse_scan(rows[0][0] if rows else None, keys, key_type)
    except ValueError as error:
        raise NotInDatabase(tr("the key column of the candidate layer does not name each of its features "
                               "once")) from error


def query(connection, feedback):
    """``run(sql) -> rows`` on the database of *connection*; a cancel of *feedback* stops the query."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")

    def run(sql):
        try:
            rows = metadata.createConnection(connection, {}).executeSql(sql, feedback)
        except QgsProviderConnectionException as error:
            if feedback is not None and feedback.isCanceled():
                raise Cancelled() from error
            raise QgsProcessingException(tr("The database could not compute the overlays: {error}").format(
                error=str(error).strip())) from error
        if feedback is not None and feedback.isCanceled():
            raise Cancelled()
        return rows

    return run


def missing_indexes(run, overlays):
    """The overlay tables without a spatial index (views and query layers are not checked)."""
    tables = list(overlays.exclusions) + list(overlays.covers.values()) + \
        ([overlays.municipalities] if overlays.municipalities is not None else [])
    missing = []
    for table in dict.fromkeys(t.relation for t in tables):
        if table.startswith("("):
            continue
        sql = (f"SELECT c.relkind::text, (SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "  # nosec B608
               f"JOIN pg_am am ON am.oid = x.relam WHERE i.indrelid = c.oid AND am.amname IN ('gist', 'spgist', "
               f"'brin')) FROM pg_class c WHERE c.oid = {literal(table)}::regclass")
        rows = run(sql)
        if rows and str(rows[0][0]) in ("r", "p", "m") and int(rows[0][1]) == 0:
            missing.append(table)
    return missing
