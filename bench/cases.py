"""The benchmark cases: each WERTvoll algorithm and its peer (the way a planner does it today).

Every function here runs inside a fresh child process (``bench/child.py``) with QGIS started
headless, takes the case parameters (paths, sizes) and a work folder, runs the work through
``processing.run`` exactly as a model or the Python console would, and returns a dict with
``seconds`` (the timed work only: QGIS start-up and the checks afterwards are not timed),
``steps`` (name -> seconds, for the chains) and ``outputs`` (counts and areas to check that both
sides did the same work). Results are written to GeoPackages in the work folder on both sides.

Peers (see the "Methods" section that bench/report.py writes into results.md):
* screening: native difference (exclusions merged), multipart to single parts, extract by
  expression (MIN_AREA), overlap analysis with the 4 co-benefit layers, join by location (largest
  overlap) for the municipality, join of the value table, field calculator for area, PIK, uplift
  points and score, an incremental field sorted by score for the rank, statistics by categories for
  the summary per municipality.
* riparian strips: native buffer (channel, 5 m and 10 m strips, corridor) + dissolve + difference,
  intersection with the built-up areas for the inside strip.
* flood_10m, flood_dgm2 (no peer): the flood case on the planning region (the regional river network
  and DEM scaled to 4,489 km², bench/data.py), at 10 m in one piece and from 16.75 m to 2 m in tiles.
* flood zones: gdal rasterize rivers, raster calculator (DEM on river cells), raster pixels to points,
  gdal grid nearest neighbour (radius = MAX_DISTANCE) for the level of the nearest river cell, raster
  calculator for the relative height and per threshold for the zone mask, polygonize (8-connected),
  extract by location (touching a river) = connected to the river.
* corridors: GRASS r.cost once per patch plus the pairwise minimum (bench/grass_peer.py).
* robustness (selection frequency): no peer (no QGIS tool offers it); the kernel on generated
  arrays, without QGIS started.
* connectivity (gain per candidate, no peer): every parcel of the region over the corridor network.
* selection (kernel level, no peer): the optimal selection (kernels/selection.py) on generated
  parts against the greedy walk down the ranks (kernels/ranking.py) on the same data.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
THRESHOLDS = (1.0, 2.0, 3.0)
MAX_DISTANCE = 1000.0
MIN_AREA = 5000.0
DEMAND = 5e8
CORRIDOR_FACTOR = 7.0  # riparianstrips' default factor ('default' row of its river-type table)
CORRIDOR_ALGORITHM = "wertvoll:biotopecorridors"


def layer(gpkg, name, subset=None):
    uri = f"{gpkg}|layername={name}"
    return f"{uri}|subset={subset}" if subset else uri


def sink(gpkg, table):
    """A Processing sink string writing layer *table* into the GeoPackage *gpkg*."""
    return f"ogr:dbname='{gpkg}' table=\"{table}\" (geom)"


class Steps:
    """Times each processing.run of a chain."""

    def __init__(self):
        self.steps = {}

    def run(self, name, algorithm, parameters, skip_geometry_check=False):
        import processing

        context = None
        if skip_geometry_check:  # the Processing setting "Do not filter (better performance)"
            from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProject

            context = QgsProcessingContext()
            context.setProject(QgsProject.instance())
            context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        t0 = time.perf_counter()
        result = processing.run(algorithm, parameters, context=context)
        self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - t0
        return result

    @property
    def seconds(self):
        return sum(self.steps.values())


def _areas(path, layer_name=None, where=None):
    """(count, total area) of a vector layer, read with OGR (outside the timed part)."""
    from osgeo import ogr

    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    if where:
        lyr.SetAttributeFilter(where)
    count, area = 0, 0.0
    for feature in lyr:
        geom = feature.GetGeometryRef()
        count += 1
        area += geom.GetArea() if geom is not None else 0.0
    return count, area


def _field_sum(path, layer_name, field):
    from osgeo import ogr

    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer_name)
    return float(sum(f.GetField(field) or 0.0 for f in lyr))


def _timed_feedback():
    """A Processing feedback that prints each log line with the seconds since its start (into the child's
    log), so that a long run shows where its time went."""
    from qgis.core import QgsProcessingFeedback

    class Timed(QgsProcessingFeedback):
        started = time.perf_counter()

        def pushInfo(self, info):  # noqa: N802 (Qt's name)
            print(f"[{time.perf_counter() - self.started:8.1f} s] {info}", flush=True)
            super().pushInfo(info)

    return Timed()


def _registered(algorithm):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().algorithmById(algorithm) is not None


# ------------------------------------------------------------------ compensation screening

def _screening_inputs(p):
    """The screening's layers: of the GeoPackages, or (with p["pg"], {table: source}) PostGIS layers."""
    if p.get("pg"):
        from qgis.core import QgsVectorLayer

        def pg(name):
            return QgsVectorLayer(p["pg"][name], name, "postgres")

        return {"parcels": pg("flurstuecke"), "exclusions": [pg(n) for n in ("ortslagen", "verkehr",
                                                                              "kompensationsflaechen")],
                "water": pg("wasserschutzgebiete"), "flood": pg("ueberschwemmungsgebiet"),
                "riparian": pg("riparian_zone"), "corridor": pg("corridor_zone"), "municipalities": pg("gemeinden")}
    region, bench = p["gpkg"], p["bench_gpkg"]
    return {
        "parcels": layer(region, "flurstuecke", p.get("subset")),
        "exclusions": [layer(region, n) for n in ("ortslagen", "verkehr", "kompensationsflaechen")],
        "water": layer(region, "wasserschutzgebiete"),
        "flood": layer(region, "ueberschwemmungsgebiet"),
        "riparian": layer(bench, "riparian_zone"),
        "corridor": layer(bench, "corridor_zone"),
        "municipalities": layer(region, "gemeinden"),
    }


def screening(p, work):
    import processing

    i = _screening_inputs(p)
    out = work / "screening.gpkg"
    t0 = time.perf_counter()
    result = processing.run("wertvoll:compensationscreening", {
        "INPUT": i["parcels"], "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bodenzahl",
        "EXCLUSIONS": i["exclusions"],
        "WATER_PROTECTION": i["water"], "FLOODPLAIN": i["flood"], "RIPARIAN": i["riparian"],
        "CORRIDORS": i["corridor"],
        "MUNICIPALITIES": i["municipalities"], "MUNICIPALITY_FIELD": "name",
        "MIN_AREA": MIN_AREA, "DEMAND": DEMAND, "IN_DATABASE": bool(p.get("in_database")),
        "OUTPUT": sink(out, "candidates"), "OUTPUT_SUMMARY": str(work / "screening_summary.csv"),
    })
    seconds = time.perf_counter() - t0
    count, area = _areas(out, "candidates")
    return {"seconds": seconds, "outputs": {
        "candidates": int(result["CANDIDATES"]), "features": count, "area_m2": area,
        "total_uplift": float(result["TOTAL_UPLIFT"])}}


def screening_peer(p, work):
    from qgis.core import QgsVectorLayer

    i = _screening_inputs(p)
    # as layers of the planner's project, named: the overlap fields are named after the layers
    cobenefits = [QgsVectorLayer(i[name], name, "ogr") for name in ("water", "flood", "riparian", "corridor")]
    out = work / "screening_peer.gpkg"
    s = Steps()
    mem = "TEMPORARY_OUTPUT"
    table = str(BENCH.parent / "resources" / "value_tables" / "bkompv_default.csv")
    vals = s.run("join value table", "native:joinattributestable",
                 {"INPUT": i["parcels"], "FIELD": "nutzung", "INPUT_2": table, "FIELD_2": "code",
                  "FIELDS_TO_COPY": ["label", "value_now", "measure", "value_target", "pik_value_target"],
                  "METHOD": 1, "DISCARD_NONMATCHING": True, "PREFIX": "", "OUTPUT": mem})["OUTPUT"]
    land = s.run("extract by expression (land with a measure)", "native:extractbyexpression",
                 {"INPUT": vals, "EXPRESSION": "coalesce(\"measure\", '') <> ''", "OUTPUT": mem})["OUTPUT"]
    excl = s.run("merge exclusions", "native:mergevectorlayers",
                 {"LAYERS": i["exclusions"], "CRS": None, "OUTPUT": mem})["OUTPUT"]
    diff = s.run("difference (exclusions)", "native:difference",
                 {"INPUT": land, "OVERLAY": excl, "OUTPUT": mem})["OUTPUT"]
    single = s.run("multipart to single parts", "native:multiparttosingleparts",
                   {"INPUT": diff, "OUTPUT": mem})["OUTPUT"]
    single = s.run("drop the fid field (parts repeat it; GeoPackage output)", "native:deletecolumn",
                   {"INPUT": single, "COLUMN": ["fid"], "OUTPUT": mem})["OUTPUT"]
    big = s.run("extract by expression (MIN_AREA)", "native:extractbyexpression",
                {"INPUT": single, "EXPRESSION": f"$area >= {MIN_AREA}", "OUTPUT": mem})["OUTPUT"]
    over = s.run("overlap analysis (4 co-benefit layers)", "native:calculatevectoroverlaps",
                 {"INPUT": big, "LAYERS": cobenefits, "OUTPUT": mem})["OUTPUT"]
    shares = [f.name() for f in over.fields() if f.name().endswith("_pc")]
    vals = s.run("join by location (municipality, largest overlap)", "native:joinattributesbylocation",
                 {"INPUT": over, "JOIN": i["municipalities"], "PREDICATE": [0], "JOIN_FIELDS": ["name"],
                  "METHOD": 2, "DISCARD_NONMATCHING": False, "PREFIX": "gem_", "OUTPUT": mem})["OUTPUT"]
    arable = "\"nutzung\" = '43001_1010'"
    threshold = (f"sum(\"bodenzahl\" * $area, filter:={arable}) / sum($area, filter:={arable} "
                 "and \"bodenzahl\" is not null)")
    target = "to_real(if(\"pik\" = 1, \"pik_value_target\", \"value_target\"))"
    share_sum = " + ".join(f"coalesce(\"{name}\", 0)" for name in shares) or "0"
    for name, ftype, formula in (
            ("area_m2", 0, "$area"),
            ("pik", 1, (f"if(\"bodenzahl\" >= ({threshold}) and \"pik_value_target\" is not null "
                       "and \"pik_value_target\" <> '', 1, 0)")),
            ("uplift_pts", 0, f"({target} - to_real(\"value_now\")) * \"area_m2\""),
            ("score", 0, f"({target} - to_real(\"value_now\")) / 24 + ({share_sum}) / 100")):
        vals = s.run(f"field calculator ({name})", "native:fieldcalculator",
                     {"INPUT": vals, "FIELD_NAME": name, "FIELD_TYPE": ftype, "FIELD_LENGTH": 0,
                      "FIELD_PRECISION": 0, "FORMULA": formula, "OUTPUT": mem})["OUTPUT"]
    ranked = s.run("rank (incremental field sorted by score)", "native:addautoincrementalfield",
                   {"INPUT": vals, "FIELD_NAME": "rank", "START": 1, "SORT_EXPRESSION": "\"score\"",
                    "SORT_ASCENDING": False, "SORT_NULLS_FIRST": False,
                    "OUTPUT": sink(out, "candidates")})["OUTPUT"]
    s.run("summary per municipality (statistics by categories)", "qgis:statisticsbycategories",
          {"INPUT": ranked, "VALUES_FIELD_NAME": "uplift_pts", "CATEGORIES_FIELD_NAME": ["gem_name"],
           "OUTPUT": str(work / "screening_peer_summary.csv")})
    count, area = _areas(out, "candidates")
    return {"seconds": s.seconds, "steps": s.steps,
            "outputs": {"features": count, "area_m2": area, "share_fields": len(shares),
                        "total_uplift": _field_sum(out, "candidates", "uplift_pts")}}


# ------------------------------------------------------------------ riparian strips

def riparian(p, work):
    """variant 'target': as issue #4 measures it (built-up areas, DEM slope band, land use);
    variant 'same': only what the native peer also computes (strips, bands, corridors)."""
    import processing

    region = p["gpkg"]
    full = p.get("variant", "target") == "target"
    out = work / "riparian.gpkg"
    parameters = {
        "INPUT": layer(region, "gewaesser"), "CHANNEL_WIDTH_FIELD": "breite_m",
        "BUILTUP": layer(region, "ortslagen"), "RULESET": "saxony", "CORRIDOR": True,
        "OUTPUT_STRIPS": sink(out, "strips"), "OUTPUT_CORRIDORS": sink(out, "corridors"),
    }
    if full:
        parameters.update({"DEM": str(p["dem"]), "LANDUSE": layer(region, "flurstuecke"),
                           "LANDUSE_FIELD": "nutzung", "OUTPUT_LANDUSE": str(work / "riparian_landuse.csv")})
    else:
        parameters["OUTPUT_LANDUSE"] = None
    t0 = time.perf_counter()
    result = processing.run("wertvoll:riparianstrips", parameters)
    seconds = time.perf_counter() - t0
    strips, _ = _areas(out, "strips")
    corridors, _ = _areas(out, "corridors")
    return {"seconds": seconds, "outputs": {
        "strip_features": strips, "corridor_features": corridors,
        "strip_area_m2": float(result["STRIP_AREA"]), "corridor_area_m2": float(result["CORRIDOR_AREA"]),
        "river_length_m": float(result["RIVER_LENGTH"])}}


def riparian_peer(p, work):
    from qgis.core import QgsProperty

    region = p["gpkg"]
    rivers, builtup = layer(region, "gewaesser"), layer(region, "ortslagen")
    out = work / "riparian_peer.gpkg"
    s = Steps()
    mem = "TEMPORARY_OUTPUT"
    half = "coalesce(\"breite_m\", 0) / 2"
    dissolved = {}
    for name, distance, field in (
            ("channel", half, None),
            ("bank + 5 m", f"{half} + 5", None),
            ("bank + 10 m", f"{half} + 10", None),
            ("corridor", f"max({half} * {CORRIDOR_FACTOR} * 1.25, 10)", "gew_id")):
        buffered = s.run(f"buffer ({name})", "native:buffer",
                         {"INPUT": rivers, "DISTANCE": QgsProperty.fromExpression(distance), "SEGMENTS": 5,
                          "END_CAP_STYLE": 0, "JOIN_STYLE": 0, "MITER_LIMIT": 2, "DISSOLVE": False,
                          "OUTPUT": mem})["OUTPUT"]
        target = sink(out, "corridors") if name == "corridor" else mem
        dissolved[name] = s.run(f"dissolve ({name})", "native:dissolve",
                                {"INPUT": buffered, "FIELD": [field] if field else [],
                                 "OUTPUT": target})["OUTPUT"]
    strip5 = s.run("difference (5 m band - channel)", "native:difference",
                   {"INPUT": dissolved["bank + 5 m"], "OVERLAY": dissolved["channel"], "OUTPUT": mem})["OUTPUT"]
    strip10 = s.run("difference (10 m strip - channel)", "native:difference",
                    {"INPUT": dissolved["bank + 10 m"], "OVERLAY": dissolved["channel"], "OUTPUT": mem})["OUTPUT"]
    outside = s.run("difference (10 m strip - built-up)", "native:difference",
                    {"INPUT": strip10, "OVERLAY": builtup, "OUTPUT": mem})["OUTPUT"]
    s.run("difference (outside: 0-5 m band)", "native:difference",
          {"INPUT": strip5, "OVERLAY": builtup, "OUTPUT": sink(out, "outside_0_5")})
    s.run("difference (outside: 5-10 m band)", "native:difference",
          {"INPUT": outside, "OVERLAY": strip5, "OUTPUT": sink(out, "outside_5_10")})
    s.run("intersection (inside built-up: 0-5 m)", "native:intersection",
          {"INPUT": strip5, "OVERLAY": builtup, "INPUT_FIELDS": [], "OVERLAY_FIELDS": [],
           "OUTPUT": sink(out, "inside_0_5")})
    strip_area = sum(_areas(out, name)[1] for name in ("outside_0_5", "outside_5_10", "inside_0_5"))
    corridors, corridor_area = _areas(out, "corridors")
    return {"seconds": s.seconds, "steps": s.steps, "outputs": {
        "strip_area_m2": strip_area, "corridor_features": corridors, "corridor_area_m2": corridor_area}}


# ------------------------------------------------------------------ flood-risk zones

def flood(p, work):
    import processing

    region = p["gpkg"]
    out = work / "flood.gpkg"
    t0 = time.perf_counter()
    result = processing.run("wertvoll:floodriskzones", {
        "RIVERS": layer(region, "gewaesser"), "DEM": str(p["dem"]),
        "THRESHOLDS": ",".join(f"{t:g}" for t in THRESHOLDS), "MAX_DISTANCE": MAX_DISTANCE,
        "FLOODPLAIN": layer(region, "ueberschwemmungsgebiet"), "CALIBRATE": p.get("calibrate", True),
        "OUTPUT_ZONES": sink(out, "zones"), "OUTPUT_EXPOSURE": None, "OUTPUT_HEIGHT": None,
        "TILE_SIZE": int(p.get("tile_size", 0)),   # flood_dgm2: tiles at every size (0: automatic)
    })
    seconds = time.perf_counter() - t0
    areas = {int(k): float(v) for k, v in json.loads(result["ZONE_AREAS"]).items()}
    count, _ = _areas(out, "zones")
    cumulative, total = {}, 0.0
    for k in range(1, len(THRESHOLDS) + 1):
        total += areas.get(k, 0.0)
        cumulative[f"zone_le_{k}_m2"] = total
    return {"seconds": seconds, "outputs": {"zone_features": count, "calibrated_m2": areas.get(100, 0.0),
                                            **cumulative}}


def flood_peer(p, work):
    from osgeo import gdal

    dem_path = str(p["dem"])
    ds = gdal.Open(dem_path)
    x0, dx, _, y1, _, dy = ds.GetGeoTransform()
    nx, ny = ds.RasterXSize, ds.RasterYSize
    ds = None
    xmin, xmax, ymin, ymax = x0, x0 + dx * nx, y1 + dy * ny, y1
    extent = f"{xmin},{xmax},{ymin},{ymax} [EPSG:25833]"
    rivers = layer(p["gpkg"], "gewaesser")
    s = Steps()
    mask = s.run("rasterize rivers", "gdal:rasterize",
                 {"INPUT": rivers, "BURN": 1, "UNITS": 0, "WIDTH": nx, "HEIGHT": ny, "EXTENT": extent,
                  "NODATA": 0, "DATA_TYPE": 0, "INIT": 0, "OUTPUT": str(work / "river_mask.tif")})["OUTPUT"]
    level = s.run("raster calculator (DEM on river cells)", "gdal:rastercalculator",
                  {"INPUT_A": dem_path, "BAND_A": 1, "INPUT_B": mask, "BAND_B": 1,
                   "FORMULA": "where(B == 1, A, -9999)", "NO_DATA": -9999, "RTYPE": 5,
                   "OUTPUT": str(work / "river_level.tif")})["OUTPUT"]
    points = s.run("raster pixels to points", "native:pixelstopoints",
                   {"INPUT_RASTER": level, "RASTER_BAND": 1, "FIELD_NAME": "level",
                    "OUTPUT": str(work / "river_points.gpkg")})["OUTPUT"]
    nearest = s.run("grid nearest neighbour (level of the nearest river cell)", "gdal:gridnearestneighbor",
                    {"INPUT": points, "Z_FIELD": "level", "RADIUS_1": MAX_DISTANCE, "RADIUS_2": MAX_DISTANCE,
                     "ANGLE": 0, "NODATA": -9999, "DATA_TYPE": 5,
                     "EXTRA": f"-txe {xmin!r} {xmax!r} -tye {ymax!r} {ymin!r} -outsize {nx} {ny}",
                     "OUTPUT": str(work / "nearest_level.tif")})["OUTPUT"]
    height = s.run("raster calculator (height above the river)", "gdal:rastercalculator",
                   {"INPUT_A": dem_path, "BAND_A": 1, "INPUT_B": nearest, "BAND_B": 1,
                    "FORMULA": "A - B", "NO_DATA": -9999, "RTYPE": 5,
                    "OUTPUT": str(work / "height.tif")})["OUTPUT"]
    outputs = {}
    for k, threshold in enumerate(THRESHOLDS, start=1):
        zone = s.run(f"raster calculator (height <= {threshold:g} m)", "gdal:rastercalculator",
                     {"INPUT_A": height, "BAND_A": 1, "FORMULA": f"A <= {threshold!r}", "NO_DATA": 0,
                      "RTYPE": 0, "OUTPUT": str(work / f"zone_{k}.tif")})["OUTPUT"]
        polygons = s.run(f"polygonize (height <= {threshold:g} m)", "gdal:polygonize",
                         {"INPUT": zone, "BAND": 1, "FIELD": "DN", "EIGHT_CONNECTEDNESS": True,
                          "OUTPUT": str(work / f"zone_{k}_polygons.gpkg")})["OUTPUT"]
        connected = s.run(f"extract by location (touching a river, <= {threshold:g} m)",
                          "native:extractbylocation",
                          {"INPUT": polygons, "PREDICATE": [0], "INTERSECT": rivers,
                           "OUTPUT": sink(work / "flood_peer.gpkg", f"zone_le_{k}")},
                          skip_geometry_check=True)["OUTPUT"]
        del connected
        count, area = _areas(work / "flood_peer.gpkg", f"zone_le_{k}", "\"DN\" = 1")
        outputs[f"zone_le_{k}_m2"] = area
        outputs[f"zone_le_{k}_polygons"] = count
    return {"seconds": s.seconds, "steps": s.steps, "outputs": outputs}


# ------------------------------------------------------------------ biotope corridors

def corridors(p, work):
    if not _registered(CORRIDOR_ALGORITHM):
        message = f"skipped: {CORRIDOR_ALGORITHM} not available"
        print(message, flush=True)
        return {"status": "skip", "message": message}
    import processing

    out = work / "corridors.gpkg"
    t0 = time.perf_counter()
    result = processing.run(CORRIDOR_ALGORITHM, {
        "PATCHES": layer(p["bench_gpkg"], "patches"), "PATCH_ID_FIELD": "patch_id", "MIN_PATCH_AREA": 10000,
        "RESISTANCE": str(p["resistance"]), "MAX_COST": 0, "CORRIDOR_TOLERANCE": 10,
        "OUTPUT_LINKS": sink(out, "links"), "OUTPUT_CORRIDORS": sink(out, "corridors"),
        "OUTPUT_PATCHES": sink(out, "patches"), "OUTPUT_GAPS": sink(out, "gaps"),
    }, feedback=_timed_feedback())
    seconds = time.perf_counter() - t0
    links = _links(out)
    return {"seconds": seconds, "links": links, "outputs": {
        "links": len(links), "corridor_features": _areas(out, "corridors")[0],
        "patch_features": _areas(out, "patches")[0],
        "returned_links": float(result.get("LINKS", len(links)) or 0)}}


def _links(gpkg):
    from osgeo import ogr

    ds = ogr.Open(str(gpkg))
    lyr = ds.GetLayerByName("links")
    return [[int(f.GetField("from_id")), int(f.GetField("to_id")), float(f.GetField("cost"))] for f in lyr]


def corridors_grass(p, work):
    """GRASS r.cost from each patch of p['grass_ids'] (no QGIS needed)."""
    grass = shutil.which("grass")
    if grass is None:
        message = "skipped: GRASS GIS not installed (make bench installs grass-core)"
        print(message, flush=True)
        return {"status": "skip", "message": message}
    result_file = work / "grass_peer.json"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    t0 = time.perf_counter()
    done = subprocess.run(
        [grass, "--tmp-location", str(p["resistance"]), "--exec", sys.executable, str(BENCH / "grass_peer.py"),
         "--resistance", str(p["resistance"]), "--patches", str(p["patch_raster"]),
         "--ids", ",".join(str(i) for i in p["grass_ids"]), "--out", str(result_file)],
        check=False, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if done.returncode != 0 or not result_file.exists():
        raise RuntimeError(f"GRASS peer failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    peer = json.loads(result_file.read_text())
    per_patch = peer["per_patch_s"]
    session = wall - peer["setup_s"] - sum(per_patch)  # grass start-up and clean-up
    costs = {int(a): {int(b): c for b, c in row.items()} for a, row in peer["costs"].items()}
    return {"seconds": wall, "steps": {"GRASS session start/stop": session, "import rasters": peer["setup_s"],
                                       f"r.cost + r.univar x {len(per_patch)} patches": sum(per_patch)},
            "per_patch_s": per_patch, "setup_s": peer["setup_s"] + session, "costs": costs,
            "grass": peer["grass"], "memory_mb": peer["memory_mb"],
            "outputs": {"patches_run": len(per_patch), "pairs": sum(len(r) for r in costs.values())}}


# ------------------------------------------------------------------ robustness of the ranking

ROBUSTNESS_RUNS = 100  # the workload: 100 weightings
ROBUSTNESS_DEMAND_SHARE = 0.1  # Annahme / assumption: the demand is 10 % of all candidates' points
ROBUSTNESS_ZERO_SHARE = 0.7  # Annahme / assumption: 70 % of the parts lie outside a co-benefit layer


def robustness_parts(n, seed):
    """Generated candidate parts (no geometry): gains 1-15 points/m², log-normal areas, 0-1 shares.

    Area median e^8.5 ≈ 4,900 m², sigma 1 (Annahme / assumption: a parcel-sized spread); each share
    is 0 for ROBUSTNESS_ZERO_SHARE of the parts, else uniform 0-1; about 1.2 parts per source parcel.
    """
    import numpy as np
    from wertvoll.kernels import ranking
    from wertvoll.kernels.robustness import Parts

    rng = np.random.default_rng(seed)
    gain = rng.integers(1, 16, n).astype(float)
    area = rng.lognormal(8.5, 1.0, n)
    shares = {k: np.where(rng.random(n) < ROBUSTNESS_ZERO_SHARE, 0.0, rng.random(n)) for k in ranking.SHARE_LAYERS}
    src_fid = np.sort(rng.integers(0, max(1, round(n / 1.2)), n))
    return Parts(gain, gain * area, src_fid, shares)


def robustness(p, work):
    from qgis_headless import plugin_on_path

    plugin_on_path()
    from wertvoll.kernels import ranking
    from wertvoll.kernels.robustness import selection_frequency

    t0 = time.perf_counter()
    parts = robustness_parts(p["parts"], p["seed"])
    generated = time.perf_counter() - t0
    weights = dict.fromkeys(ranking.WEIGHT_KEYS[:5], 1.0)
    demand = ROBUSTNESS_DEMAND_SHARE * float(parts.uplift.sum())
    t0 = time.perf_counter()
    result = selection_frequency(parts, weights, demand, runs=ROBUSTNESS_RUNS, seed=p["seed"])
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "steps": {"generate the parts": generated, "selection frequency": seconds},
            "outputs": {"parts": len(parts.gain), "runs": result.runs, "robust": int(result.robust.sum()),
                        "ever_selected": int((result.sel_freq > 0).sum()),
                        "mean_rank_range": float((result.rank_max - result.rank_min).mean())}}


# ------------------------------------------------------------------ connectivity gain per candidate

#: the species kernel of the network: p = 0.5 after 5 km of grassland (resistance 10 in bench/resistance.csv)
#: (Annahme / assumption of the benchmark; the corridor tool's links do not depend on it, only prob)
NETWORK_DISPERSAL_COST = 50_000.0
#: every parcel is valued as if it became grassland (bench/resistance.csv; Annahme / assumption of the benchmark)
TARGET_CODE = "43001_1020"


def network(p, work):
    """The corridor tool's links and patches for the connectivity case: *p*['network'] (a GeoPackage),
    computed once with the corridor case's inputs and a dispersal kernel, then kept in the data cache."""
    final = Path(p["network"])
    if not final.exists():
        import processing

        tmp = work / "network.gpkg"
        processing.run(CORRIDOR_ALGORITHM, {
            "PATCHES": layer(p["bench_gpkg"], "patches"), "PATCH_ID_FIELD": "patch_id", "MIN_PATCH_AREA": 10000,
            "RESISTANCE": str(p["resistance"]), "MAX_COST": 0, "DISPERSAL_COST": NETWORK_DISPERSAL_COST,
            "CORRIDOR_TOLERANCE": 10, "OUTPUT_LINKS": sink(tmp, "links"), "OUTPUT_CORRIDORS": "TEMPORARY_OUTPUT",
            "OUTPUT_PATCHES": sink(tmp, "patches"), "OUTPUT_GAPS": "TEMPORARY_OUTPUT",
        })
        shutil.move(str(tmp), str(final))
    return final


def _ogr_rows(path, layer_name, fields, where=None):
    """(shapely geometries, {field: list of values}) of a layer, read with OGR (outside the timed part)."""
    import shapely
    from osgeo import ogr

    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer_name)
    if where:
        lyr.SetAttributeFilter(where)
    wkb, values = [], {f: [] for f in fields}
    for feature in lyr:
        geom = feature.GetGeometryRef()
        wkb.append(bytes(geom.ExportToIsoWkb()) if geom is not None else None)
        for f in fields:
            values[f].append(feature.GetField(f))
    return shapely.from_wkb(wkb), values


def connectivity(p, work):
    """The connectivity gain (kernels/connectivity.py) of every parcel of the region over the network."""
    if not _registered(CORRIDOR_ALGORITHM):
        message = f"skipped: {CORRIDOR_ALGORITHM} not available"
        print(message, flush=True)
        return {"status": "skip", "message": message}
    import numpy as np
    from data import resistance_table
    from wertvoll.kernels.connectivity import Candidates, Network, connectivity_gain, kernel_from_links

    gpkg = network(p, work)
    s = Steps()
    t0 = time.perf_counter()
    parcels, rows = _ogr_rows(p["gpkg"], "flurstuecke", ["nutzung"], p.get("subset"))
    lines, links = _ogr_rows(gpkg, "links", ["from_id", "to_id", "cost", "prob"])
    _, patches = _ogr_rows(gpkg, "patches", ["patch_id", "area_m2"])
    s.steps["read parcels, links and patches (OGR, not timed)"] = time.perf_counter() - t0
    table = resistance_table()
    r_now = np.array([table.get(code, table["default"]) for code in rows["nutzung"]])
    t0 = time.perf_counter()
    k = kernel_from_links(links["cost"], links["prob"])
    result = connectivity_gain(Candidates(parcels, r_now, table[TARGET_CODE]), Network(
        lines, links["from_id"], links["to_id"], links["cost"], k, patches["patch_id"], patches["area_m2"]))
    seconds = time.perf_counter() - t0
    s.steps["connectivity_gain"] = seconds
    on = result.affected > 0
    return {"seconds": seconds, "steps": s.steps, "outputs": {
        "parcels": len(parcels), "parcels_on_links": int(on.sum()), "link_crossings": int(result.affected.sum()),
        "links": len(lines), "patches": len(patches["patch_id"]), "eca_m2": result.eca,
        "max_gain_eca_m2": float(np.nanmax(result.gain_eca)) if len(parcels) else 0.0,
        "parcels_with_gain": int((result.gain_eca > 0).sum())}}


def selection_parts(n, seed):
    """Generated candidate parts for the selection case (every figure a benchmark assumption, Annahme).

    Areas log-normal (median 3 ha, sigma 0.9) clipped to 0.5-20 ha; gain 1-15 points/m² uniform;
    85 % farmland (the objective: farmland m²; other land costs nothing); 400 municipalities (fewer
    below 300,000 parts: one per 750), each capped at 30 % of its candidate area; demand 25 % of
    all points; the score's four co-benefit shares uniform 0-1.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    groups = min(400, max(4, n // 750))
    area = np.clip(rng.lognormal(np.log(3e4), 0.9, n), 5e3, 2e5)
    gain = rng.uniform(1.0, 15.0, n)
    farmland = rng.random(n) < 0.85
    group = rng.integers(0, groups, n)
    shares = {k: rng.random(n) for k in ("water", "flood", "riparian", "corridor")}
    return {"area": area, "gain": gain, "points": gain * area, "farmland": farmland, "group": group,
            "caps": 0.3 * np.bincount(group, area, groups), "shares": shares, "groups": groups}


def selection(p, work):
    """The optimal selection against the greedy walk on the same generated parts (kernel level)."""
    import numpy as np
    from wertvoll.kernels import ranking
    from wertvoll.kernels.selection import SelectionProblem, solve

    d = selection_parts(int(p["parts"]), int(p.get("seed", 42)))
    cost = np.where(d["farmland"], d["area"], 0.0)
    demand = 0.25 * d["points"].sum()
    t0 = time.perf_counter()
    result = solve(SelectionProblem(points=d["points"], area=d["area"], demand=demand, cost=cost,
                                    group=d["group"], group_max_area=d["caps"], time_limit=60.0, mip_gap=0.005))
    seconds = time.perf_counter() - t0
    weights = dict.fromkeys(ranking.WEIGHT_KEYS, 1.0)
    score = ranking.score(d["gain"], d["shares"], weights)
    greedy, _ = ranking.walk(d["points"], ranking.rank_order(score, d["points"], np.arange(len(score))), demand)
    over_cap = np.bincount(d["group"][greedy], d["area"][greedy], d["groups"]) > d["caps"] * (1 + 1e-9)
    optimal_farm, greedy_farm = cost[result.selected].sum(), cost[greedy].sum()
    return {"seconds": seconds, "steps": {"solve": seconds},
            "outputs": {"parts": len(cost), "groups": d["groups"], "status": result.status, "gap": result.gap,
                        "rounds": result.rounds, "core": result.core, "optimal_farmland_ha": optimal_farm / 1e4,
                        "greedy_farmland_ha": greedy_farm / 1e4, "saved_ha": (greedy_farm - optimal_farm) / 1e4,
                        "saved_share": 1.0 - optimal_farm / greedy_farm if greedy_farm else 0.0,
                        "greedy_caps_broken": int(over_cap.sum())}}


CASES = {
    "screening": screening,
    "screening_peer": screening_peer,
    "riparian": riparian,
    "riparian_peer": riparian_peer,
    "flood": flood,
    "flood_peer": flood_peer,
    "flood_10m": flood,
    "flood_dgm2": flood,
    "corridors": corridors,
    "corridors_grass": corridors_grass,
    "robustness": robustness,
    "connectivity_network": lambda p, work: {"seconds": 0.0, "outputs": {"network": str(network(p, work))}},
    "connectivity": connectivity,
    "selection": selection,
}
#: cases that do not need QGIS started
NO_QGIS = {"corridors_grass", "robustness"}
