"""Benchmark inputs: regional-scale demo regions and the layers and rasters derived from them.

Everything is deterministic (seeded generator, fixed derivation rules) and cached outside git in
``$WERTVOLL_BENCH_CACHE`` (default ``~/.cache/wertvoll/bench``):

* one folder per generated region, keyed by its size, the seed and the generator version (the
  first 12 hex digits of the SHA-256 of ``scripts/make_demo_region.py``): a changed generator
  makes new data, an unchanged one is generated once;
* inside it the derived files, keyed by the hash of this file and ``bench/resistance.csv``:
  ``bench_<hash>.gpkg`` (co-benefit stand-ins and the corridor patches), ``dem_<N>.tif``
  (the DEM resampled to N x N cells), ``resistance_<N>_<hash>.tif`` and ``patches_<N>_<hash>.tif``.

Generated and derived files are written under a temporary name and renamed when complete, so a
run that is killed, or two runs at once, never leave half-written data behind.

Derivation rules (what the generator does not make)
---------------------------------------------------
* ``riparian_zone``: every river segment buffered by half its channel width + 10 m (the Saxon
  strip, SächsWG §24), unioned per watercourse (``gew_id``) — the shape of riparian corridors
  as ``wertvoll:riparianstrips`` writes them. Co-benefit RIPARIAN of the screening.
* ``corridor_zone``: every habitat patch buffered by 300 m — a stand-in for the connecting areas
  of the biotope network until ``wertvoll:biotopecorridors`` exists. Co-benefit CORRIDORS.
* Resistance raster: square cells on the largest centred square of the region (the region is
  4:3), N x N cells. The parcels' land use is rasterized with the code -> resistance table in
  ``bench/resistance.csv`` (a forest species group; a benchmark assumption, not a legal value),
  then the habitat patches are burned with resistance 1 (all touched). Every cell is >= 1.
* ``patches``: habitat patches lying inside that square (2 coarsest cells of margin) with at least
  1 ha (the corridor tool's default MIN_PATCH_AREA), the wanted number picked evenly by patch_id.
* ``patches_<N>.tif``: those patches rasterized all-touched on the resistance grid (Int32,
  patch_id, 0 = none): the start and target cells of the GRASS r.cost peer.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
GENERATOR = ROOT / "scripts" / "make_demo_region.py"
RESISTANCE_TABLE = BENCH / "resistance.csv"
EPSG = 25833

#: Sizes per profile. "full" is the regional scale of issue #8; "smoke" runs inside `make test`.
#: vector_sizes are parcel counts (each a region generated at the same density, i.e. scale and
#: river segments in proportion); raster_sizes are N for N x N cells over the full region.
PROFILES = {
    "full": {
        "parcels": 300_000, "scale": 75.0, "river_segments": 20_000, "dem_size": 4000,
        "patches_generated": 300, "patches": 200,
        "vector_sizes": (10_000, 30_000, 100_000, 300_000),
        "raster_sizes": (1000, 2000, 3000, 4000),
        "grass_patches": 10,
        # cell sizes (m) of the planning-region DEMs: flood_10m; flood_dgm2 from 16 M to 1.1 G cells
        "planning_10m": (10.0,), "planning_dgm2": (16.75, 8.0, 4.0, 2.0), "planning_tile": 4096,
    },
    "smoke": {
        "parcels": 400, "scale": 0.1, "river_segments": 30, "dem_size": 100,
        "patches_generated": 12, "patches": 8,
        "vector_sizes": (400,),
        "raster_sizes": (100,),
        "grass_patches": 3,
        "planning_10m": (40.0,), "planning_dgm2": (40.0, 20.0), "planning_tile": 64,
    },
}
CORRIDOR_BUFFER_M = 300.0
STRIP_WIDTH_M = 10.0


def cache_root(cache=None):
    path = Path(cache or os.environ.get("WERTVOLL_BENCH_CACHE") or Path.home() / ".cache/wertvoll/bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha(*paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def generator_version():
    return _sha(GENERATOR)


def derivation_version():
    return _sha(Path(__file__), RESISTANCE_TABLE)


@dataclass(frozen=True)
class RegionSpec:
    """Arguments of make_demo_region.generate for one benchmark region."""
    parcels: int
    scale: float
    river_segments: int
    dem_size: int
    patches: int
    seed: int = 42

    def key(self):
        return (f"p{self.parcels}_s{self.scale:g}_r{self.river_segments}_d{self.dem_size}"
                f"_h{self.patches}_seed{self.seed}_g{generator_version()}")


def region_spec(profile, parcels=None, seed=42):
    """The region of *profile* with *parcels* parcels (default: the profile's full size), at the
    same density: scale, river segments and habitat patches in proportion, DEM cells of the same size."""
    p = PROFILES[profile]
    n = parcels or p["parcels"]
    f = n / p["parcels"]
    return RegionSpec(parcels=n, scale=round(p["scale"] * f, 6),
                      river_segments=max(5, round(p["river_segments"] * f)),
                      dem_size=max(20, round(p["dem_size"] * math.sqrt(f))),
                      patches=max(4, round(p["patches_generated"] * f)), seed=seed)


def _atomic_dir(final, build):
    """Build into a temporary sibling folder with build(tmp), then rename it to *final*."""
    if final.exists():
        return final
    tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        build(tmp)
        try:
            tmp.rename(final)
        except OSError:  # another run finished the same folder first
            if not final.exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _atomic_file(final, build):
    if final.exists():
        return final
    tmp = final.with_name(f"tmp-{os.getpid()}-{final.name}")
    try:
        build(tmp)
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()
    return final


def region(spec, cache=None, log=print):
    """Folder holding demo_region.gpkg and demo_dem.tif for *spec*; generated when missing."""
    final = cache_root(cache) / spec.key()

    def build(tmp):
        log(f"bench: generating region {spec.key()} (scale {spec.scale:g}, {spec.parcels:,} parcels, "
            f"{spec.river_segments:,} river segments, DEM {spec.dem_size}², {spec.patches} patches) ...")
        t0 = time.perf_counter()
        cmd = [sys.executable, str(GENERATOR), "--out", str(tmp), "--seed", str(spec.seed),
               "--scale", repr(spec.scale), "--parcels", str(spec.parcels),
               "--river-segments", str(spec.river_segments), "--dem-size", str(spec.dem_size),
               "--patches", str(spec.patches)]
        done = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"generator failed:\n{done.stdout}\n{done.stderr}")
        info = asdict(spec)
        info.update(seconds=round(time.perf_counter() - t0, 1), generator=generator_version(),
                    stdout=done.stdout)
        (tmp / "bench_region.json").write_text(json.dumps(info, indent=1))
        log(f"bench: region generated in {info['seconds']} s")

    return _atomic_dir(final, build)


#: the version of the mosaic rules (in the cached names; raise it when they change)
MOSAIC_VERSION = "m2"   # m2: patch ids apart per copy
#: added to a copy's patch ids per copy, so that each copy's habitat patches stay patches of their own
MOSAIC_ID_STEP = 1_000_000


def mosaic(region_dir, k, cache=None, log=print):
    """A region of k x k copies of *region_dir* side by side (state scale from a generated planning
    region): every layer and the DEM translated by whole region extents; text fields that name a
    place (``name``, ``gemeinde``) get " #<copy>" appended from the second copy on, so the copies'
    municipalities stay apart, and ``patch_id`` gets :data:`MOSAIC_ID_STEP` × copy added, so that
    each copy's habitat patches stay apart. Cached beside the generated regions; deterministic."""
    region_dir = Path(region_dir)
    final = cache_root(cache) / f"mosaic{k}x{k}_{region_dir.name}_{MOSAIC_VERSION}"

    def build(tmp):
        gdal, ogr, _ = _gdal()
        t0 = time.perf_counter()
        log(f"bench: building the {k}x{k} mosaic of {region_dir.name} ...")
        xmin, ymin, xmax, ymax, nx, ny = dem_bounds(region_dir)
        offsets = [(i * (xmax - xmin), j * (ymax - ymin)) for j in range(k) for i in range(k)]
        counts = _mosaic_layers(ogr, region_dir / "demo_region.gpkg", tmp / "demo_region.gpkg", offsets)
        sources = []
        for n, (dx, dy) in enumerate(offsets):
            path = tmp / f"dem_copy_{n}.vrt"
            src = gdal.Translate(str(path), str(region_dir / "demo_dem.tif"), format="VRT")
            x0, px, _, y1, _, py = src.GetGeoTransform()
            src.SetGeoTransform((x0 + dx, px, 0.0, y1 + dy, 0.0, py))
            src = None
            sources.append(str(path))
        gdal.BuildVRT(str(tmp / "mosaic.vrt"), sources).FlushCache()  # closed when it goes out of scope
        gdal.Translate(str(tmp / "demo_dem.tif"), str(tmp / "mosaic.vrt"), creationOptions=_TIFF + ["PREDICTOR=3"])
        for path in [*sources, str(tmp / "mosaic.vrt")]:
            Path(path).unlink()
        info = dict(region_info(region_dir), mosaic_of=region_dir.name, copies=k * k,
                    seconds=round(time.perf_counter() - t0, 1),
                    stdout="\n".join(f"{name} {count} features" for name, count in counts.items()))
        (tmp / "bench_region.json").write_text(json.dumps(info, indent=1))
        log(f"bench: mosaic built in {info['seconds']} s")

    return _atomic_dir(final, build)


def _mosaic_layers(ogr, source, target, offsets):
    """Every layer of *source* written to *target* once per offset, translated; {layer: features}."""
    import numpy as np
    import shapely

    src = ogr.Open(str(source))
    out = ogr.GetDriverByName("GPKG").CreateDataSource(str(target))
    counts = {}
    for index in range(src.GetLayerCount()):
        layer = src.GetLayer(index)
        defn = layer.GetLayerDefn()
        new = out.CreateLayer(layer.GetName(), layer.GetSpatialRef(), layer.GetGeomType(),
                              options=["GEOMETRY_NAME=geom", "FID=fid"])
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        for i in range(defn.GetFieldCount()):
            new.CreateField(defn.GetFieldDefn(i))
        rows, wkb = [], []
        for feature in layer:
            rows.append([feature.GetField(i) if feature.IsFieldSetAndNotNull(i) else None for i in range(len(names))])
            wkb.append(bytes(feature.GetGeometryRef().ExportToIsoWkb()))
        geoms = shapely.from_wkb(wkb) if wkb else np.array([], dtype=object)
        places = [i for i, name in enumerate(names) if name in ("name", "gemeinde")]
        ids = [i for i, name in enumerate(names) if name == "patch_id"]
        new_defn = new.GetLayerDefn()
        new.StartTransaction()
        for copy, (dx, dy) in enumerate(offsets):
            moved = shapely.to_wkb(shapely.transform(geoms, lambda xy, dx=dx, dy=dy: xy + (dx, dy)))
            for row, geometry in zip(rows, moved):
                feature = ogr.Feature(new_defn)
                for i, value in enumerate(row):
                    if value is not None:
                        feature.SetField(i, _copied(value, copy, (i in places, i in ids)))
                feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(geometry))
                new.CreateFeature(feature)
        new.CommitTransaction()
        counts[layer.GetName()] = len(rows) * len(offsets)
    out = None
    return counts


def _copied(value, copy, kind):
    """A field's *value* in mosaic copy *copy* (0 first); *kind*: (names a place, is a patch id)."""
    place, patch_id = kind
    if copy and place:
        return f"{value} #{copy + 1}"
    if patch_id:
        return int(value) + copy * MOSAIC_ID_STEP
    return value


def region_info(region_dir):
    return json.loads((Path(region_dir) / "bench_region.json").read_text())


# -------------------------------------------------------------------------- raster helpers

def _gdal():
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    ogr.UseExceptions()
    osr.UseExceptions()
    return gdal, ogr, osr


def dem_bounds(region_dir):
    """(xmin, ymin, xmax, ymax, nx, ny) of the region's DEM."""
    gdal, _, _ = _gdal()
    ds = gdal.Open(str(Path(region_dir) / "demo_dem.tif"))
    x0, dx, _, y1, _, dy = ds.GetGeoTransform()
    nx, ny = ds.RasterXSize, ds.RasterYSize
    return x0, y1 + dy * ny, x0 + dx * nx, y1, nx, ny


def square_window(region_dir):
    """The largest square centred in the region: (xmin, ymin, xmax, ymax)."""
    xmin, ymin, xmax, ymax, _, _ = dem_bounds(region_dir)
    side = min(xmax - xmin, ymax - ymin)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2


_TIFF = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]


def dem(region_dir, n):
    """The region's DEM as n x n cells (average resampling; the generated DEM when it has that size)."""
    region_dir = Path(region_dir)
    xmin, ymin, xmax, ymax, nx, ny = dem_bounds(region_dir)
    if nx == n and ny == n:
        return region_dir / "demo_dem.tif"
    gdal, _, _ = _gdal()

    def build(tmp):
        gdal.Warp(str(tmp), str(region_dir / "demo_dem.tif"), width=n, height=n,
                  outputBounds=(xmin, ymin, xmax, ymax), resampleAlg="average",
                  srcNodata=-9999, dstNodata=-9999, creationOptions=_TIFF)

    return _atomic_file(region_dir / f"dem_{n}.tif", build)


def resistance_table():
    with open(RESISTANCE_TABLE, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {row["code"]: float(row["resistance"]) for row in rows}


def _landuse_sql(table):
    cases = " ".join(f"WHEN '{code}' THEN {value:g}" for code, value in table.items()
                     if code not in ("default", "habitat"))
    return (f"SELECT geom, CASE nutzung {cases} ELSE {table['default']:g} END AS resistance "
            f"FROM flurstuecke")


def resistance(region_dir, n):
    """Float32 resistance raster, n x n square cells over square_window(region_dir)."""
    region_dir = Path(region_dir)
    gdal, _, _ = _gdal()
    table = resistance_table()
    bounds = square_window(region_dir)
    gpkg = str(region_dir / "demo_region.gpkg")

    def build(tmp):
        ds = gdal.Rasterize(str(tmp), gpkg, format="GTiff", outputBounds=bounds, width=n, height=n,
                            outputType=gdal.GDT_Float32, initValues=[table["default"]],
                            attribute="resistance", SQLStatement=_landuse_sql(table), SQLDialect="SQLITE",
                            outputSRS=f"EPSG:{EPSG}", creationOptions=_TIFF)
        gdal.Rasterize(ds, gpkg, layers=["habitate"], burnValues=[table["habitat"]], allTouched=True)
        ds.FlushCache()
        ds = None

    return _atomic_file(region_dir / f"resistance_{n}_{derivation_version()}.tif", build)


def patch_raster(region_dir, n, patches_target, coarsest):
    """The corridor patches rasterized all-touched on the resistance grid (Int32 patch_id, 0 = none)."""
    region_dir = Path(region_dir)
    gdal, _, _ = _gdal()
    gpkg = bench_layers(region_dir, patches_target, coarsest)

    def build(tmp):
        gdal.Rasterize(str(tmp), str(gpkg), format="GTiff", outputBounds=square_window(region_dir),
                            width=n, height=n, outputType=gdal.GDT_Int32, initValues=[0], noData=0,
                            attribute="patch_id", layers=["patches"], allTouched=True,
                            outputSRS=f"EPSG:{EPSG}", creationOptions=_TIFF)

    return _atomic_file(region_dir / f"patches_{n}_{patches_target}_{coarsest}_{derivation_version()}.tif", build)


# -------------------------------------------------------------------------- derived vector layers

def _read(ogr, gpkg, layer, fields):
    import numpy as np
    import shapely

    ds = ogr.Open(str(gpkg))
    lyr = ds.GetLayerByName(layer)
    wkb, rows = [], []
    for feature in lyr:
        wkb.append(bytes(feature.GetGeometryRef().ExportToIsoWkb()))
        rows.append([feature.GetField(f) for f in fields])
    ds = None
    return (shapely.from_wkb(wkb) if wkb else np.array([], dtype=object)), rows


def _write(ogr, osr, ds, name, geoms, fields, rows, kind=None):
    import shapely

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    kind = ogr.wkbMultiPolygon if kind is None else kind
    lyr = ds.CreateLayer(name, srs, kind, options=["GEOMETRY_NAME=geom", "FID=fid"])
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for geom, row in zip(geoms, rows):
        if geom is None or shapely.is_empty(geom):
            continue
        if geom.geom_type == "Polygon":
            geom = shapely.multipolygons([geom])
        feature = ogr.Feature(defn)
        for k, value in enumerate(row):
            feature.SetField(k, value)
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(shapely.to_wkb(geom)))
        lyr.CreateFeature(feature)
    lyr.CommitTransaction()


def bench_layers(region_dir, patches_target, coarsest):
    """bench_<hash>.gpkg beside the region: riparian_zone, corridor_zone and patches (see module doc).

    *coarsest*: the smallest raster size N in use; patches keep 2 of its cells off the window edge.
    """
    region_dir = Path(region_dir)
    _, ogr, osr = _gdal()

    def build(tmp):
        import numpy as np
        import shapely

        gpkg = region_dir / "demo_region.gpkg"
        rivers, rows = _read(ogr, gpkg, "gewaesser", ["gew_id", "breite_m"])
        width = np.array([r[1] or 0.0 for r in rows], dtype=float)
        gid = np.array([r[0] for r in rows])
        bands = shapely.buffer(rivers, width / 2 + STRIP_WIDTH_M, quad_segs=4)
        zone_ids = sorted(set(gid.tolist()))
        zones = [shapely.union_all(bands[gid == g]) for g in zone_ids]

        habitats, hrows = _read(ogr, gpkg, "habitate", ["patch_id", "typ"])
        corridor = shapely.buffer(habitats, CORRIDOR_BUFFER_M, quad_segs=4)

        xmin, ymin, xmax, ymax = square_window(region_dir)
        margin = 2 * (xmax - xmin) / coarsest
        window = shapely.box(xmin + margin, ymin + margin, xmax - margin, ymax - margin)
        inside = [i for i in np.argsort([r[0] for r in hrows], kind="stable")
                  if shapely.within(habitats[i], window) and shapely.area(habitats[i]) >= 10_000.0]
        if len(inside) > patches_target:
            pick = np.unique(np.round(np.linspace(0, len(inside) - 1, patches_target)).astype(int))
            inside = [inside[i] for i in pick]

        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        _write(ogr, osr, ds, "riparian_zone", zones, [("gew_id", ogr.OFTInteger)], [[int(g)] for g in zone_ids])
        _write(ogr, osr, ds, "corridor_zone", corridor, [("patch_id", ogr.OFTInteger)],
               [[int(r[0])] for r in hrows])
        _write(ogr, osr, ds, "patches", habitats[inside], [("patch_id", ogr.OFTInteger), ("typ", ogr.OFTString)],
               [[int(hrows[i][0]), hrows[i][1]] for i in inside])
        ds = None

    return _atomic_file(region_dir / f"bench_{patches_target}_{coarsest}_{derivation_version()}.gpkg", build)


def network_path(region_dir, n, patches_target, coarsest):
    """Where the connectivity case keeps the corridor tool's links and patches on the n x n resistance
    (bench/cases.py: network), keyed by the inputs and by the corridor tool's source."""
    code = _sha(ROOT / "kernels" / "corridors.py", ROOT / "algorithms" / "biotope_corridors.py")
    return Path(region_dir) / f"network_{n}_{patches_target}_{coarsest}_{derivation_version()}_{code}.gpkg"


def count_features(path, layer=None):
    """Feature count of a vector file (first layer unless *layer*); 0 when it does not exist."""
    _, ogr, _ = _gdal()
    if not Path(str(path).split("|")[0]).exists():
        return 0
    ds = ogr.Open(str(path).split("|")[0])
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    return 0 if lyr is None else lyr.GetFeatureCount()


# -------------------------------------------------------------------------- the planning region (flood_10m, flood_dgm2)

#: the area of the planning region Leipzig-Westsachsen as the issue's bench sizes it: 6,700 × 6,700
#: cells of 10 m (about 4,400 km² in reality)
PLANNING_AREA_M2 = 6700 * 6700 * 100.0
PLANNING_TILE = 8192   # cells per side of each GeoTIFF tile of the planning DEM
#: the version of the planning-region derivation (in the cached names; raise it when the rules change:
#: the 2 m DEM takes minutes to write, so it does not follow every edit of this file)
PLANNING_VERSION = "p1"


def planning_scale(region_dir):
    """The factor that shrinks the region to the planning region's area (1 for smaller regions)."""
    xmin, ymin, xmax, ymax, _, _ = dem_bounds(region_dir)
    return min(1.0, math.sqrt(PLANNING_AREA_M2 / ((xmax - xmin) * (ymax - ymin))))


def _scaled(region_dir, x, y):
    """Points of the region moved into the planning region: scaled by planning_scale about the centre."""
    xmin, ymin, xmax, ymax, _, _ = dem_bounds(region_dir)
    s = planning_scale(region_dir)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return cx + s * (x - cx), cy + s * (y - cy)


def planning_layers(region_dir):
    """planning_<hash>.gpkg: the rivers (gewaesser) and the official zone (ueberschwemmungsgebiet) of the
    region scaled by planning_scale about its centre, so that a DEM of the same scaling covers the
    area of the planning region with the generated river network (river km shrink by the factor)."""
    region_dir = Path(region_dir)
    _, ogr, osr = _gdal()

    def build(tmp):
        import numpy as np
        import shapely

        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        for name, kind in (("gewaesser", ogr.wkbLineString), ("ueberschwemmungsgebiet", ogr.wkbMultiPolygon)):
            geoms, _ = _read(ogr, region_dir / "demo_region.gpkg", name, [])
            moved = shapely.transform(geoms, lambda xy: np.column_stack(_scaled(region_dir, xy[:, 0], xy[:, 1])))
            _write(ogr, osr, ds, name, moved, [], [[] for _ in moved], kind)
        ds = None

    return _atomic_file(region_dir / f"planning_{PLANNING_VERSION}.gpkg", build)


def planning_dem(region_dir, cell):
    """The region's DEM scaled like planning_layers, resampled (bilinear) to square cells of *cell* m,
    written as GeoTIFF tiles of PLANNING_TILE cells (deflate) and one VRT over them; deterministic."""
    region_dir = Path(region_dir)
    gdal, _, _ = _gdal()
    folder = region_dir / f"planning_dem_{cell:g}m_{PLANNING_VERSION}"

    def build(tmp):
        xmin, ymin, xmax, ymax, nx, ny = dem_bounds(region_dir)
        (x0, y1), (x1, y0) = _scaled(region_dir, xmin, ymax), _scaled(region_dir, xmax, ymin)
        src = gdal.Translate(str(tmp / "source.vrt"), str(region_dir / "demo_dem.tif"), format="VRT")
        src.SetGeoTransform((x0, (x1 - x0) / nx, 0.0, y1, 0.0, -(y1 - y0) / ny))
        src = None
        cols, rows = int((x1 - x0) // cell), int((y1 - y0) // cell)
        tiles = []
        for r in range(0, rows, PLANNING_TILE):
            for c in range(0, cols, PLANNING_TILE):
                w, h = min(PLANNING_TILE, cols - c), min(PLANNING_TILE, rows - r)
                path = tmp / f"tile_{r // PLANNING_TILE:02d}_{c // PLANNING_TILE:02d}.tif"
                gdal.Warp(str(path), str(tmp / "source.vrt"), width=w, height=h, resampleAlg="bilinear",
                          outputBounds=(x0 + c * cell, y1 - (r + h) * cell, x0 + (c + w) * cell, y1 - r * cell),
                          srcNodata=-9999, dstNodata=-9999, outputType=gdal.GDT_Float32,
                          creationOptions=_TIFF + ["PREDICTOR=3", "ZLEVEL=1"])
                tiles.append(str(path))
        (tmp / "source.vrt").unlink()
        # GDAL stores the tiles relative to the VRT beside them: the folder may be renamed
        gdal.BuildVRT(str(tmp / "dem.vrt"), tiles)

    _atomic_dir(folder, build)
    return folder / "dem.vrt"
