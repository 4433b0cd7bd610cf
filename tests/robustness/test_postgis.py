"""Inputs read from PostGIS and outputs written to it give the GeoPackage results (issue #9).

Planners keep ALKIS and ATKIS in PostGIS. A throw-away PostgreSQL + PostGIS cluster
(runtime_pg.py: initdb into a temporary folder, 127.0.0.1 on a free port) gets the demo
region's layers through QGIS's own exporter (QgsVectorLayerExporter, provider 'postgres').
Each algorithm then runs
  - on the GeoPackage layers (the reference),
  - on the PostGIS layers (QgsVectorLayer, provider 'postgres', as in the desktop),
  - on the PostGIS layers with every vector output written to PostGIS through the Processing
    destination the desktop's "Save to Database Table…" writes, 'postgres://<connection>
    table="public"."name" (geom)' (no '(geom)' for tables without geometry), or the older
    'postgis:<connection> …' (QGIS 3.22 maps the prefix 'postgis' to the provider 'postgres'),
and the results must agree: same feature count, same attributes, areas and lengths within
1e-6 relative, same numbers in the result. A cancelled run leaves no table behind.
Without the Debian packages (postgresql, postgresql-15-postgis-3; scripts/setup_system.sh)
the module is skipped and says why.
"""
import sys

import processing
import pytest
from qgis.core import QgsProcessingContext, QgsVectorLayer, QgsVectorLayerExporter

from .runtime_data import ALGORITHMS, demo_region, destination_parameters, file_outputs, inputs, layer_differences
from .runtime_pg import Unavailable, start_cluster
from layers import WarningFeedback

SCALE = 0.5  # about 2,000 parcels: quick to load, every layer has features
REL = 1e-6
LAYERS = ("flurstuecke", "ortslagen", "verkehr", "wasserschutzgebiete", "ueberschwemmungsgebiet", "gemeinden",
          "gewaesser", "habitate")


@pytest.fixture(scope="module")
def cluster():
    try:
        running = start_cluster()
    except Unavailable as error:
        reason = f"PostGIS tests skipped: {error}"
        print(f"\n{reason}", file=sys.stderr)
        pytest.skip(reason)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def region(qgis_app, cluster):
    """The demo region in PostGIS: ``(gpkg, dem, {layer name: postgres source})``."""
    gpkg, dem = demo_region(SCALE)
    sources = {}
    for name in LAYERS:
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        assert layer.isValid()
        error, message = QgsVectorLayerExporter.exportLayer(layer, cluster.layer_uri(name), "postgres", layer.crs(),
                                                            False, {"overwrite": True})[:2]
        assert error == QgsVectorLayerExporter.NoError, message
        # The exporter makes the key 'fid' a bigint; for bigint keys QGIS 3.22 numbers the features
        # itself in fetch order, so feature ids (src_fid, patch ids) would not be the key values.
        # An integer key (as ogr2ogr's ogc_fid serial) keeps them: feature id = key = GeoPackage fid.
        cluster.psql(f"ALTER TABLE {name} ALTER COLUMN fid TYPE integer")
        sources[name] = cluster.layer_uri(name)
        assert int(cluster.psql(f"SELECT count(*) FROM {name}")) == layer.featureCount()
    return gpkg, dem, sources


_GPKG_RESULTS = {}


def gpkg_run(algorithm, gpkg, dem, folder):
    """The reference run on the GeoPackage layers (once per algorithm)."""
    if algorithm not in _GPKG_RESULTS:
        alg_id = f"wertvoll:{algorithm}"
        outputs = file_outputs(alg_id, folder)
        result = processing.run(alg_id, {**inputs(algorithm, gpkg, dem), **outputs})
        _GPKG_RESULTS[algorithm] = result
    return _GPKG_RESULTS[algorithm]


def postgis_inputs(algorithm, gpkg, dem, sources):
    """The inputs of *algorithm* with every GeoPackage layer replaced by its PostGIS layer."""
    return in_postgis(inputs(algorithm, gpkg, dem), gpkg, sources)


def in_postgis(params, gpkg, sources):
    """*params* with every layer of the GeoPackage *gpkg* replaced by its PostGIS layer."""
    prefix = f"{gpkg}|layername="

    def swap(value):
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, str) and value.startswith(prefix):
            name = value[len(prefix):]
            layer = QgsVectorLayer(sources[name], name, "postgres")
            assert layer.isValid(), sources[name]
            return layer
        return value

    return {key: swap(value) for key, value in params.items()}


def output_layer(value):
    """The layer behind an output value: a file path or a 'postgis:'/'postgres:' destination."""
    if isinstance(value, QgsVectorLayer):
        return value
    for prefix in ("postgres://", "postgis:", "postgres:"):
        if value.startswith(prefix):
            return QgsVectorLayer(value[len(prefix):], "out", "postgres")
    return QgsVectorLayer(value, "out", "ogr")


def compare(alg_id, got, expected):
    """Every vector output and every number of *got* agrees with *expected*."""
    kinds = dict(destination_parameters(alg_id))
    for key, value in expected.items():
        if kinds.get(key) == "sink":
            got_layer, expected_layer = output_layer(got[key]), output_layer(value)
            assert got_layer.isValid(), got[key]
            assert expected_layer.featureCount() > 0 or key.endswith(("EXPOSURE", "LANDUSE", "GAPS"))
            assert layer_differences(got_layer, expected_layer, rel=REL) == [], key
        elif isinstance(value, bool) or key in kinds:
            continue
        elif isinstance(value, (int, float)):
            assert got[key] == pytest.approx(value, rel=REL), key
        elif key == "ZONE_AREAS":
            import json

            assert json.loads(got[key]) == pytest.approx(json.loads(value), rel=REL)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_postgis_inputs_give_the_geopackage_result(provider, region, algorithm, tmp_path_factory):
    gpkg, dem, sources = region
    alg_id = f"wertvoll:{algorithm}"
    expected = gpkg_run(algorithm, gpkg, dem, tmp_path_factory.mktemp(f"gpkg-{algorithm}"))
    got = processing.run(alg_id, {**postgis_inputs(algorithm, gpkg, dem, sources),
                                  **file_outputs(alg_id, tmp_path_factory.mktemp(f"pg-in-{algorithm}"))})
    compare(alg_id, got, expected)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_postgis_outputs_give_the_geopackage_result(provider, region, cluster, algorithm, tmp_path_factory):
    gpkg, dem, sources = region
    alg_id = f"wertvoll:{algorithm}"
    expected = gpkg_run(algorithm, gpkg, dem, tmp_path_factory.mktemp(f"gpkg-{algorithm}"))
    outputs = file_outputs(alg_id, tmp_path_factory.mktemp(f"pg-out-{algorithm}"))  # rasters stay files
    tables = {}
    for index, (name, kind) in enumerate(destination_parameters(alg_id)):
        if kind == "sink":
            table = f"{algorithm}_{name.lower()}"
            tables[name] = table
            # as the desktop's "Save to Database Table…": a geometry column 'geom' only for sinks
            # with geometry, the destination 'postgres://<uri>' (QgsProcessingUtils::
            # encodeProviderKeyAndUri); every other output with the older prefix 'postgis:'
            definition = provider.algorithm(algorithm).parameterDefinition(name)
            geometry = " (geom)" if definition.hasGeometry() else ""
            prefix = "postgres://" if index % 2 == 0 else "postgis:"
            outputs[name] = f"{prefix}{cluster.uri} table=\"public\".\"{table}\"{geometry}"
    got = processing.run(alg_id, {**postgis_inputs(algorithm, gpkg, dem, sources), **outputs})
    assert set(tables.values()) <= set(cluster.tables())
    compare(alg_id, got, expected)


def test_cancel_while_writing_to_postgis_leaves_no_table(provider, region, cluster):
    """Cancelled after the first output table is written: the table is dropped again."""
    from qgis.core import QgsProcessingFeedback

    class CancelAfterFirstOutput(QgsProcessingFeedback):
        tables_at_cancel = None

        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            if progress >= 95 and not self.isCanceled():  # the screening: candidates written, summary next
                self.tables_at_cancel = cluster.tables()
                self.cancel()

    gpkg, dem, sources = region
    before = cluster.tables()
    context = QgsProcessingContext()
    feedback = CancelAfterFirstOutput()
    result = processing.run("wertvoll:compensationscreening", {
        **postgis_inputs("compensationscreening", gpkg, dem, sources),
        "OUTPUT": f"postgis:{cluster.uri} table=\"public\".\"cancelled_candidates\" (geom)",
        "OUTPUT_SUMMARY": f"postgis:{cluster.uri} table=\"public\".\"cancelled_summary\""},
        context=context, feedback=feedback)
    assert "cancelled_candidates" in feedback.tables_at_cancel  # it was written …
    assert "OUTPUT" not in result
    assert cluster.tables() == before  # … and dropped again


# --------------------------------------------------------------------------- IN_DATABASE (issue 22)

IN_DATABASE_LOG = "The overlays are computed in the database."


def _screening_inputs(gpkg, dem, sources=None):
    """The screening with every overlay: exclusions, water (zone field), flood, riparian (the habitat
    polygons), the river lines as network gaps (a band of CORRIDOR_BUFFER), municipalities."""
    params = inputs("compensationscreening", gpkg, dem)
    params.update(RIPARIAN=f"{gpkg}|layername=habitate", CORRIDORS=f"{gpkg}|layername=gewaesser",
                  CORRIDOR_BUFFER=40.0, MIN_AREA=2000.0)
    return params if sources is None else in_postgis(params, gpkg, sources)


def test_overlays_in_the_database_give_the_local_result(provider, region, tmp_path):
    """IN_DATABASE on PostGIS layers: the database computes stages 2-6 (the log says so) and the
    candidates and summary agree with the local run on the GeoPackage layers (areas 1e-6 relative)."""
    gpkg, dem, sources = region
    alg_id = "wertvoll:compensationscreening"
    expected = processing.run(alg_id, {**_screening_inputs(gpkg, dem), **file_outputs(alg_id, tmp_path / "local")})
    log = WarningFeedback()
    got = processing.run(alg_id, {**_screening_inputs(gpkg, dem, sources), "IN_DATABASE": True,
                                  **file_outputs(alg_id, tmp_path / "db")}, feedback=log)
    assert IN_DATABASE_LOG in log.infos, log.infos
    compare(alg_id, got, expected)
    layer = output_layer(got["OUTPUT"])
    names = {f["municipality"] for f in layer.getFeatures()}
    assert len(names - {"", None}) > 1  # the municipalities were assigned …
    assert any(f["share_corridor"] > 0 for f in layer.getFeatures())  # … and the buffered gap lines count


def test_a_layer_outside_the_database_falls_back_to_qgis(provider, region, tmp_path):
    """One overlay layer from the GeoPackage: the log says why, and the run computes in QGIS."""
    gpkg, dem, sources = region
    alg_id = "wertvoll:compensationscreening"
    params = _screening_inputs(gpkg, dem, sources)
    params["FLOODPLAIN"] = f"{gpkg}|layername=ueberschwemmungsgebiet"
    log = WarningFeedback()
    got = processing.run(alg_id, {**params, "IN_DATABASE": True, **file_outputs(alg_id, tmp_path)}, feedback=log)
    assert IN_DATABASE_LOG not in log.infos
    assert any("is not a PostGIS layer" in line for line in log.warnings), log.warnings
    assert got["CANDIDATES"] > 0


_WORLD = """
CREATE TABLE hand_cand (id integer PRIMARY KEY, geom geometry(Polygon, 25833));
INSERT INTO hand_cand VALUES
  (1, 'SRID=25833;POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))'),
  (2, 'SRID=25833;POLYGON((200 0, 300 100, 300 0, 200 100, 200 0))'),
  (3, 'SRID=25833;POLYGON((400 0, 410 0, 410 10, 400 10, 400 0))'),
  (4, 'SRID=25833;POLYGON((500 0, 550 0, 550 50, 500 50, 500 0))');
CREATE TABLE hand_excl (id integer PRIMARY KEY, geom geometry(Polygon, 25833));
INSERT INTO hand_excl VALUES (1, 'SRID=25833;POLYGON((0 0, 30 0, 30 100, 0 100, 0 0))'),
  (2, 'SRID=25833;POLYGON((490 -10, 560 -10, 560 60, 490 60, 490 -10))'),
  (3, 'SRID=25833;POLYGON((900 0, 1000 100, 1000 0, 900 100, 900 0))');
CREATE TABLE hand_water (id integer PRIMARY KEY, zone text, geom geometry(Polygon, 25833));
INSERT INTO hand_water VALUES (1, 'III', 'SRID=25833;POLYGON((50 0, 100 0, 100 100, 50 100, 50 0))'),
  (2, ' i ', 'SRID=25833;POLYGON((60 0, 120 0, 120 100, 60 100, 60 0))');
CREATE TABLE hand_flood (id integer PRIMARY KEY, zone text, geom geometry(Polygon, 25833));
INSERT INTO hand_flood VALUES (1, '0.0', 'SRID=25833;POLYGON((0 0, 40 0, 40 100, 0 100, 0 0))');
CREATE TABLE hand_gaps (id integer PRIMARY KEY, geom geometry(LineString, 25833));
INSERT INTO hand_gaps VALUES (1, 'SRID=25833;LINESTRING(-50 100, 350 100)');
CREATE TABLE hand_muni (id integer PRIMARY KEY, name text, geom geometry(Polygon, 25833));
INSERT INTO hand_muni VALUES (1, 'ahorn', 'SRID=25833;POLYGON((0 0, 65 0, 65 100, 0 100, 0 0))'),
  (2, 'Birke', 'SRID=25833;POLYGON((65 0, 400 0, 400 100, 65 100, 65 0))');
"""


@pytest.fixture(scope="module")
def hand_world(cluster):
    """The tables of :data:`_WORLD` and their :class:`Overlays`."""
    from wertvoll.kernels.screening_sql import Overlays, Table, quote

    cluster.psql(_WORLD)
    table = lambda name, **extra: Table(f'"public".{quote(name)}', '"geom"', **extra)  # noqa: E731
    return Overlays(table("hand_cand"), '"id"', "bigint", exclusions=(table("hand_excl"),),
                    covers={"water": table("hand_water"), "flood": table("hand_flood"), "corridor": table("hand_gaps")},
                    corridor_buffer=10.0, water_zone1=table("hand_water", where="btrim(t.zone) = 'i'"),
                    flood_designated=table("hand_flood", where="t.zone = '0.0'"),
                    municipalities=table("hand_muni", name_column='"name"'))


def test_the_database_overlays_of_a_world_worked_out_by_hand(cluster, hand_world):
    """Four parcels worked out by hand: 1 is cut to 70 × 100 m by an exclusion; 2 is a bow-tie,
    repaired into two triangles of 2,500 m²; 3 (100 m²) is below MIN_AREA 500; 4 lies wholly in an
    exclusion. Water: two overlapping zones over x 50-100 and 60-120 (union 50 × 100 = 5,000 m² of
    parcel 1; zone I ' i ' 40 × 100 = 4,000 m²); flood: x 0-40 (10 × 100 = 1,000 m², zone '0.0' =
    designated); a gap line at y = 100 from x = -50 to 350 with a 10 m band: 70 × 10 = 700 m² of parcel 1, a triangle of
    legs 10 (50 m²) of each triangle; municipalities 'ahorn' x < 65 and 'Birke' x > 65: 3,500 m²
    each of parcel 1, a tie that goes to 'Birke' ('B' < 'a' in code points, as Python sorts)."""
    from wertvoll.algorithms.postgis_overlays import query
    from wertvoll.kernels.screening import SHARE_EPS, SLIVER_AREA
    from wertvoll.kernels.screening_sql import chunk_sql, parse_chunk

    rows = query(cluster.uri, None)(chunk_sql(hand_world, [4, 3, 2, 1], 500.0, (SLIVER_AREA, SHARE_EPS)))
    found = parse_chunk(rows, designated_given=True)
    assert list(found.index) == [2, 2, 3]  # positions in the keys given: 2 (two triangles), then 1
    assert found.area == pytest.approx([2500, 2500, 7000], rel=1e-12)
    assert found.covered["water"] == pytest.approx([0, 0, 5000], abs=1e-6)
    assert found.covered["flood"] == pytest.approx([0, 0, 1000], abs=1e-6)
    assert found.covered["riparian"] == pytest.approx([0, 0, 0])
    assert found.covered["corridor"] == pytest.approx([50, 50, 700], rel=1e-9)
    assert found.zone1 == pytest.approx([0, 0, 4000], abs=1e-6)
    assert found.designated == pytest.approx([0, 0, 1000], abs=1e-6)
    assert list(found.municipality) == ["Birke", "Birke", "Birke"]
    assert (found.repaired, found.with_parts, found.dropped) == (1, 4, 1)
    import shapely

    parts = shapely.from_wkb(found.wkb)
    assert set(shapely.get_type_id(parts)) == {6}  # MultiPolygons of one polygon
    assert shapely.area(parts) == pytest.approx(found.area)


def _hand_layers(cluster):
    """The layers of :data:`_WORLD` read back as shapely arrays (for the local path)."""
    import shapely

    def read(table, extra=""):
        rows = cluster.psql(f"SELECT id, ST_AsText(geom){extra} FROM {table} ORDER BY id").splitlines()
        return [row.split("|") for row in rows]

    def geoms(table, where=""):
        rows = cluster.psql(f"SELECT ST_AsText(geom) FROM {table} {where} ORDER BY id").splitlines()
        return shapely.from_wkt(rows)

    munis = read("hand_muni", ", name")
    cand = read("hand_cand")
    return cand, dict(exclusions=[geoms("hand_excl")], water=geoms("hand_water"), flood=geoms("hand_flood"),
                      corridor=shapely.buffer(geoms("hand_gaps"), 10.0, quad_segs=4),
                      water_zone1=geoms("hand_water", "WHERE btrim(zone) = 'i'"),
                      flood_designated=geoms("hand_flood", "WHERE zone = '0.0'"),
                      municipalities=(shapely.from_wkt([m[1] for m in munis]), [m[2] for m in munis]))


def test_screen_in_the_database_gives_the_local_table_counts_and_warnings(cluster, hand_world):
    """The kernel's screen() with the database and with the same layers in memory: the same table
    (numbers to 1e-9), statistics and warnings (the bow-tie candidate and the bow-tie exclusion
    repaired, the small part dropped)."""
    import numpy as np
    import shapely

    from wertvoll.algorithms.postgis_overlays import query
    from wertvoll.kernels.screening import ScreeningOptions, screen
    from wertvoll.kernels.screening_sql import Database
    from wertvoll.kernels.value_table import DEFAULT_TABLE_PATH, load_value_table

    cand, layers = _hand_layers(cluster)
    fids = np.array([int(c[0]) for c in cand])
    geoms, codes = shapely.from_wkt([c[1] for c in cand]), ["43001_1010"] * len(cand)
    table = load_value_table(DEFAULT_TABLE_PATH)
    local = screen(geoms, fids, codes, table, ScreeningOptions(min_area=500.0, **layers))
    database = Database(hand_world, query(cluster.uri, None), fids)
    got = screen(geoms, fids, codes, table, ScreeningOptions(min_area=500.0, municipalities=layers["municipalities"],
                                                             database=database))
    assert len(got.table) == len(local.table) == 3
    for column in local.table.columns:
        a, b = got.table[column].to_numpy(), local.table[column].to_numpy()
        if a.dtype.kind == "f":
            assert a == pytest.approx(b, rel=1e-9, abs=1e-9, nan_ok=True), column
        else:
            assert list(a) == list(b), column
    assert got.stats == pytest.approx(local.stats)
    assert got.stats["repaired_invalid"] == 1 and got.stats["dropped_small"] == 1
    assert got.warnings == local.warnings
    assert {"layer": "EXCLUSIONS", "count": 1} in [params for _template, params in got.warnings]
    assert shapely.area(shapely.from_wkb(got.wkb)) == pytest.approx(shapely.area(shapely.from_wkb(local.wkb)))


@pytest.mark.parametrize("value", ["0", " 0 ", "0.0", "-0", "+0.0e3", ".0", "00", "1", "0.5", "x", "", "0x", None])
def test_the_designated_zone_reads_zero_as_the_local_path_does(cluster, value):
    from wertvoll.algorithms.compensation_screening import _is_zone_zero
    from wertvoll.algorithms.postgis_overlays import _zone_zero

    literal = "NULL" if value is None else "'" + value + "'"
    got = cluster.psql(f"SELECT {_zone_zero('zone')} FROM (SELECT {literal}::text AS zone) t")
    assert (got == "t") == _is_zone_zero(value)


@pytest.mark.parametrize("value", ["I", " i ", "1", "Zone I", "zone i", "II", "11", "", None])
def test_zone_one_is_read_as_the_local_path_does(cluster, value):
    from wertvoll.algorithms.postgis_overlays import _zone_one

    literal = "NULL" if value is None else "'" + value + "'"
    got = cluster.psql(f"SELECT {_zone_one('zone')} FROM (SELECT {literal}::text AS zone) t")
    assert (got == "t") == (str(value).strip().upper() in ("I", "1", "ZONE I"))


def test_the_database_scans_the_candidates_by_key(cluster, hand_world):
    """The candidates' scan (whether each has a geometry, its bounds) from the database, mapped to the
    features by key: text keys with quotes, commas and umlauts, a NULL and an empty geometry, the
    table's own filter; bounds worked out by hand from :data:`_WORLD`."""
    import numpy as np

    from wertvoll.algorithms.postgis_overlays import query
    from wertvoll.kernels.screening_sql import Table, parse_scan, scan_sql

    cluster.psql("""DROP TABLE IF EXISTS scan_text;
        CREATE TABLE scan_text AS SELECT 'k"' || id || ',ä''' AS k, id, geom FROM hand_cand
        UNION ALL SELECT 'null', 5, NULL UNION ALL SELECT 'empty', 6, 'SRID=25833;POLYGON EMPTY'""")
    run = query(cluster.uri, None)
    table = Table('"public"."scan_text"', '"geom"', subset='"id" <> 3')
    keys = ["empty", "k\"4,ä'", "null", "k\"1,ä'", "k\"2,ä'"]
    present, bounds = parse_scan(run(scan_sql(table, '"k"', "text"))[0][0], keys, "text")
    assert list(present) == [False, True, False, True, True]
    expected = [[np.nan] * 4, [500, 0, 550, 50], [np.nan] * 4, [0, 0, 100, 100], [200, 0, 300, 100]]
    np.testing.assert_array_equal(bounds, np.array(expected, dtype=float))
    with pytest.raises(ValueError):  # key 3 is filtered out by the table's own filter
        parse_scan(run(scan_sql(table, '"k"', "text"))[0][0], ["k\"3,ä'"], "text")
    big = 2 ** 60  # integer keys travel as binary records: no rounding through floats
    cluster.psql(f"""DROP TABLE IF EXISTS scan_big;
        CREATE TABLE scan_big AS SELECT id + {big} AS k, geom FROM hand_cand
        UNION ALL SELECT 5, NULL UNION ALL SELECT 6, 'SRID=25833;POLYGON EMPTY'""")
    present, bounds = parse_scan(run(scan_sql(Table('"public"."scan_big"', '"geom"'), '"k"', "bigint"))[0][0],
                                 [big + 4, 6, big + 1, 5, big + 2, big + 3], "bigint")
    assert list(present) == [True, False, True, False, True, True]
    np.testing.assert_array_equal(bounds, [[500, 0, 550, 50], [np.nan] * 4, [0, 0, 100, 100], [np.nan] * 4,
                                           [200, 0, 300, 100], [400, 0, 410, 10]])
    with pytest.raises(ValueError):  # 2^60 + 5 is not in the table (5 is)
        parse_scan(run(scan_sql(Table('"public"."scan_big"', '"geom"'), '"k"', "bigint"))[0][0], [big + 5],
                   "bigint")


@pytest.fixture(scope="module")
def holes(region, cluster):
    """The parcels of the demo region plus a feature without geometry, one with an empty geometry and
    a bow-tie over the box of a parcel whose code has a measure (copies of that parcel's attributes):
    (PostGIS source, number of features without geometry)."""
    from wertvoll.kernels.value_table import DEFAULT_TABLE_PATH, load_value_table, normalize_code

    rows = load_value_table(DEFAULT_TABLE_PATH).rows
    parcel = next(int(fid) for fid, code in (line.split("|") for line in cluster.psql(
        "SELECT fid, nutzung FROM flurstuecke ORDER BY fid").splitlines())
        if rows.get(normalize_code(code)) is not None and rows[normalize_code(code)].has_measure)
    columns = cluster.psql("SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position) FROM "
                           "information_schema.columns WHERE table_name = 'flurstuecke' AND column_name NOT IN "
                           "('fid', 'geom')")
    corner = "ST_MakePoint(ST_X{}(geom), ST_Y{}(geom))"
    ring = ", ".join(corner.format(*c) for c in (("Min", "Min"), ("Max", "Max"), ("Max", "Min"), ("Min", "Max"),
                                                 ("Min", "Min")))
    cluster.psql(f"""DROP TABLE IF EXISTS holes;
        CREATE TABLE holes AS SELECT * FROM flurstuecke;
        INSERT INTO holes (fid, geom, {columns}) SELECT 900001, NULL, {columns} FROM flurstuecke WHERE fid = {parcel};
        INSERT INTO holes (fid, geom, {columns}) SELECT 900002, ST_SetSRID('MULTIPOLYGON EMPTY'::geometry,
            ST_SRID(geom)), {columns} FROM flurstuecke WHERE fid = {parcel};
        INSERT INTO holes (fid, geom, {columns}) SELECT 900003, ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(
            ARRAY[{ring}])), ST_SRID(geom))), {columns} FROM flurstuecke WHERE fid = {parcel};
        ALTER TABLE holes ADD PRIMARY KEY (fid);
        CREATE INDEX ON holes USING gist (geom); ANALYZE holes""")
    without = int(cluster.psql("SELECT count(*) FROM holes WHERE geom IS NULL OR ST_IsEmpty(geom)"))
    return cluster.layer_uri("holes"), without


def test_the_database_path_reads_no_candidate_geometry_and_gives_the_qgis_chunks(
        provider, region, cluster, holes, tmp_path, monkeypatch):
    """IN_DATABASE in areas of 400 candidates (more than one): QGIS reads the candidates (and the
    municipalities' names) without their geometries, the database tells which have one and where they are; the areas are those of the
    screening computed in QGIS on the same PostGIS layers, and so are the table, the summary and the
    features skipped for no geometry (the NULL and the empty one). The invalid-geometry setting applies
    to geometries read into QGIS only: "stop" stops QGIS's run at the bow-tie; the database repairs it."""
    import numpy as np
    from qgis.core import QgsFeatureRequest

    from wertvoll.algorithms.compensation_screening import CompensationScreening
    from wertvoll.kernels import screening

    gpkg, dem, sources = region
    source, without = holes
    assert without == 2
    monkeypatch.setattr(screening, "CHUNK_FEATURES", 400)
    seen = {"chunks": [], "stats": []}
    chunks, screen = screening._chunks, screening.screen
    monkeypatch.setattr(screening, "_chunks", lambda *a, **k: seen["chunks"].append(chunks(*a, **k))
                        or seen["chunks"][-1])

    def screen_spy(*args, **kwargs):
        result = screen(*args, **kwargs)
        seen["stats"].append(result.stats)
        return result

    monkeypatch.setattr(screening, "screen", screen_spy)
    alg_id = "wertvoll:compensationscreening"
    params = _screening_inputs(gpkg, dem, sources)
    params["INPUT"] = QgsVectorLayer(source, "holes", "postgres")
    assert params["INPUT"].isValid()

    def run(in_database, folder, check=QgsFeatureRequest.GeometryNoCheck):
        context = QgsProcessingContext()  # the invalid-geometry check applies to geometries read in QGIS
        context.setInvalidGeometryCheck(check)
        log = WarningFeedback()
        result = processing.run(alg_id, {**params, "IN_DATABASE": in_database, **file_outputs(alg_id, folder)},
                                context=context, feedback=log)
        return result, log

    with pytest.raises(Exception, match="invalid geometry"):  # QGIS stops at the bow-tie …
        run(False, tmp_path / "stop", QgsFeatureRequest.GeometryAbortOnInvalid)
    seen["chunks"].clear()
    seen["stats"].clear()
    expected, _ = run(False, tmp_path / "qgis")
    def no_geometries(self, source, *args, **kwargs):  # the candidates' nor the overlay layers'
        raise AssertionError(f"the geometries of '{source.sourceName()}' were read into QGIS")

    monkeypatch.setattr(CompensationScreening, "iter_source", no_geometries)
    got, log = run(True, tmp_path / "db")
    assert IN_DATABASE_LOG in log.infos, log.warnings
    qgis_chunks, db_chunks = seen["chunks"]
    assert len(qgis_chunks) > 1 and len(db_chunks) == len(qgis_chunks)
    assert all(np.array_equal(a, b) for a, b in zip(db_chunks, qgis_chunks))
    assert seen["stats"][0]["skipped_empty"] == seen["stats"][1]["skipped_empty"] == without
    counts = [{k: v for k, v in stats.items() if not isinstance(v, float)} for stats in seen["stats"]]
    assert counts[1] == counts[0]
    assert counts[1]["candidates"] > 0 and counts[1]["features"] == int(cluster.psql("SELECT count(*) FROM holes"))
    assert counts[1]["repaired_invalid"] >= 1  # the bow-tie
    compare(alg_id, got, expected)
    # … the database repairs it whatever the setting (its geometry is not read into QGIS)
    stopped, _ = run(True, tmp_path / "db-stop", QgsFeatureRequest.GeometryAbortOnInvalid)
    assert stopped["CANDIDATES"] == got["CANDIDATES"] and seen["stats"][-1]["repaired_invalid"] == \
        counts[1]["repaired_invalid"]
