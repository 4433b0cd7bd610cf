"""Tests of the demo-region generator scripts/make_demo_region.py (no QGIS needed).

One run at scale 1 (the documented default region) is checked for schema, counts, topology
and plausibility; small runs (scale 0.05) check determinism and the command line.
"""
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import gdal, ogr

import make_demo_region as mdr  # scripts/ (pyproject.toml: pythonpath)

ROOT = Path(__file__).resolve().parent.parent

MP, LS = ogr.wkbMultiPolygon, ogr.wkbLineString
S, I, R = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal  # noqa: E741 - OGR type shorthands
SCHEMA = {
    "gemeinden": (MP, {"ags": S, "name": S}),
    "gewaesser": (LS, {"gew_id": I, "name": S, "breite_klasse": I, "breite_m": R, "ordnung": I}),
    "flurstuecke": (MP, {"flstkennz": S, "nutzung": S, "bodenzahl": I, "gemeinde": S}),
    "ortslagen": (MP, {"name": S}),
    "verkehr": (MP, {"name": S, "art": S}),
    "wasserschutzgebiete": (MP, {"zone": S, "name": S}),
    "ueberschwemmungsgebiet": (MP, {"name": S, "hq": S}),
    "schutzgebiete": (MP, {"typ": S, "name": S}),
    "kompensationsflaechen": (MP, {"kennung": S, "massnahme": S}),
    "habitate": (MP, {"patch_id": I, "typ": S, "name": S}),
}
LANDUSE = {"43001_1010", "43001_1020", "43001_1021", "43001_1200", "43002", "43003", "44001",
           "41001", "42001"}
REGION_1 = (331000.0, 5687500.0, 351000.0, 5702500.0)


class Layer:
    def __init__(self, lyr):
        d = lyr.GetLayerDefn()
        self.geom_type = lyr.GetGeomType()
        self.fields = {d.GetFieldDefn(i).GetName(): d.GetFieldDefn(i).GetType()
                       for i in range(d.GetFieldCount())}
        srs = lyr.GetSpatialRef()
        self.epsg = srs.GetAuthorityCode(None) if srs is not None else None
        self.wkb, self.rows = [], []
        names = list(self.fields)
        for f in lyr:
            self.wkb.append(bytes(f.GetGeometryRef().ExportToIsoWkb()))
            self.rows.append(tuple(f.GetField(n) if f.IsFieldSetAndNotNull(n) else None for n in names))
        self.geoms = shapely.from_wkb(self.wkb) if self.wkb else np.array([], dtype=object)
        self.names = names

    def col(self, name):
        i = self.names.index(name)
        return [r[i] for r in self.rows]

    def __len__(self):
        return len(self.rows)


def read_region(out):
    ds = ogr.Open(str(Path(out) / mdr.GPKG_NAME))
    assert ds is not None
    layers = {ds.GetLayer(i).GetName(): Layer(ds.GetLayer(i)) for i in range(ds.GetLayerCount())}
    ds = None
    dem = gdal.Open(str(Path(out) / mdr.DEM_NAME))
    assert dem is not None
    return layers, dem


class Dem:
    def __init__(self, ds):
        self.gt = ds.GetGeoTransform()
        b = ds.GetRasterBand(1)
        self.nodata = b.GetNoDataValue()
        self.a = b.ReadAsArray().astype(np.float64)
        self.epsg = ds.GetSpatialRef().GetAuthorityCode(None)
        self.size = (ds.RasterXSize, ds.RasterYSize)

    def sample(self, x, y):
        """Bilinear heights at points."""
        gt = self.gt
        fx = (np.asarray(x) - gt[0]) / gt[1] - 0.5
        fy = (np.asarray(y) - gt[3]) / gt[5] - 0.5
        ny, nx = self.a.shape
        i0 = np.clip(np.floor(fx).astype(int), 0, nx - 2)
        j0 = np.clip(np.floor(fy).astype(int), 0, ny - 2)
        tx = np.clip(fx - i0, 0, 1)
        ty = np.clip(fy - j0, 0, 1)
        a = self.a
        return (a[j0, i0] * (1 - tx) * (1 - ty) + a[j0, i0 + 1] * tx * (1 - ty)
                + a[j0 + 1, i0] * (1 - tx) * ty + a[j0 + 1, i0 + 1] * tx * ty)

    def centres(self):
        gt = self.gt
        ny, nx = self.a.shape
        xs = gt[0] + (np.arange(nx) + 0.5) * gt[1]
        ys = gt[3] + (np.arange(ny) + 0.5) * gt[5]
        return np.meshgrid(xs, ys)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_scale1")
    res = mdr.generate(out, seed=42, scale=1.0)
    layers, dem = read_region(out)
    return res, layers, Dem(dem)


@pytest.fixture(scope="module")
def tiny_runs(tmp_path_factory):
    runs = {}
    for tag, seed in (("a", 42), ("b", 42), ("c", 7)):
        out = tmp_path_factory.mktemp(f"demo_tiny_{tag}")
        res = mdr.generate(out, seed=seed, scale=0.05)
        runs[tag] = (res, read_region(out)[0])
    return runs


# ----------------------------------------------------------------------------- schema, counts

def test_layers_fields_and_crs(base):
    res, layers, dem = base
    assert set(layers) == set(SCHEMA)
    for name, (gtype, fields) in SCHEMA.items():
        lyr = layers[name]
        assert lyr.geom_type == gtype, name
        assert lyr.fields == fields, name
        assert lyr.epsg == "25833", name
        assert res[name] == len(lyr), name
    assert dem.epsg == "25833"
    assert dem.nodata == -9999
    assert Path(res["gpkg"]).name == "demo_region.gpkg" and Path(res["dem"]).name == "demo_dem.tif"


def test_counts_in_expected_ranges(base):
    _, L, dem = base
    assert 3600 <= len(L["flurstuecke"]) <= 4400
    assert len(L["gewaesser"]) == 250
    assert len(L["habitate"]) == 20
    assert 5 <= len(L["gemeinden"]) <= 6
    names = set(L["gemeinden"].col("name"))
    assert names <= {"Wurzen", "Bennewitz", "Thallwitz", "Lossatal", "Machern", "Brandis"}
    assert dict(zip(L["gemeinden"].col("name"), L["gemeinden"].col("ags")))["Wurzen"] == "14729410"
    assert all(re.fullmatch(r"\d{8}", a) for a in L["gemeinden"].col("ags"))
    assert 15 <= len(L["ortslagen"]) <= 80
    assert 3 <= len(L["verkehr"]) <= 40
    assert set(L["wasserschutzgebiete"].col("zone")) == {"I", "II", "III"}
    assert L["ueberschwemmungsgebiet"].col("hq") == ["HQ100"] * len(L["ueberschwemmungsgebiet"])
    assert {"NSG", "LSG", "FFH"} == set(L["schutzgebiete"].col("typ"))
    assert 20 <= len(L["kompensationsflaechen"]) <= 60
    assert dem.size == (400, 300)
    assert dem.gt[1] == pytest.approx(50.0) and dem.gt[5] == pytest.approx(-50.0)
    assert (dem.gt[0], dem.gt[3]) == pytest.approx((REGION_1[0], REGION_1[3]))


def test_geometries_valid_and_in_region(base):
    _, L, _ = base
    region = shapely.box(*REGION_1)
    for name, lyr in L.items():
        assert len(lyr) > 0, name
        assert shapely.is_valid(lyr.geoms).all(), name
        assert not shapely.is_empty(lyr.geoms).any(), name
        assert shapely.within(lyr.geoms, region.buffer(1e-6)).all(), name


# ----------------------------------------------------------------------------- parcels

def test_parcels_tile_region_without_overlap(base):
    _, L, _ = base
    g = L["flurstuecke"].geoms
    total = shapely.area(g).sum()
    union = shapely.union_all(g)
    region_area = shapely.box(*REGION_1).area
    assert union.area == pytest.approx(total, rel=1e-6)
    assert union.area == pytest.approx(region_area, rel=1e-6)
    assert all(len(shapely.get_parts(x)) == 1 for x in g)   # single-part parcels


def test_gemeinden_tile_region(base):
    _, L, _ = base
    g = L["gemeinden"].geoms
    assert shapely.area(g).sum() == pytest.approx(shapely.box(*REGION_1).area, rel=1e-6)
    assert shapely.union_all(g).area == pytest.approx(shapely.box(*REGION_1).area, rel=1e-6)


def test_parcel_attributes(base):
    _, L, _ = base
    p = L["flurstuecke"]
    kennz = p.col("flstkennz")
    assert len(set(kennz)) == len(kennz)
    assert all(re.fullmatch(r"\d{8}-\d{4}-\d{5}", k) for k in kennz)
    nutz = p.col("nutzung")
    assert set(nutz) <= LANDUSE
    assert set(nutz) == LANDUSE
    bz = p.col("bodenzahl")
    for n, b in zip(nutz, bz):
        if n.startswith("43001"):
            assert b is not None and 20 <= b <= 90
        else:
            assert b is None
    # gemeinde = municipality holding the centroid; the AGS prefix matches it
    gem = L["gemeinden"]
    ags_of = dict(zip(gem.col("name"), gem.col("ags")))
    tree = shapely.STRtree(gem.geoms)
    cen = shapely.centroid(p.geoms)
    pi, gi = tree.query(cen, predicate="within")
    holder = dict(zip(pi.tolist(), gi.tolist()))
    names = gem.col("name")
    mism = sum(names[holder.get(i, -1)] != p.col("gemeinde")[i] for i in range(len(p)))
    assert mism <= 0.002 * len(p)
    assert all(k[:8] == ags_of[g] for k, g in zip(kennz, p.col("gemeinde")))


def test_land_use_is_plausible(base):
    _, L, _ = base
    p = L["flurstuecke"]
    area = shapely.area(p.geoms)
    nutz = np.array(p.col("nutzung"))
    share = {c: area[nutz == c].sum() / area.sum() for c in LANDUSE}
    assert 0.55 <= share["43001_1010"] <= 0.65
    assert 0.04 <= share["43002"] <= 0.20
    assert 0.02 <= share["41001"] <= 0.12
    assert share["43001_1020"] >= 0.05
    assert share["44001"] > 0.002 and share["42001"] > 0.002
    # grassland concentrates along rivers
    rivers = shapely.union_all(L["gewaesser"].geoms)
    near = shapely.intersects(p.geoms, rivers.buffer(200.0))
    land = ~np.isin(nutz, ["44001", "42001"])
    g_near = area[near & land & (nutz == "43001_1020")].sum() / area[near & land].sum()
    g_all = area[land & (nutz == "43001_1020")].sum() / area[land].sum()
    assert g_near > 1.5 * g_all
    # running-water parcels lie along the rivers
    water = p.geoms[nutz == "44001"]
    assert shapely.intersects(water, rivers.buffer(5.0)).mean() > 0.95


def test_parcel_sizes_vary(base):
    _, L, _ = base
    p = L["flurstuecke"]
    nutz = np.array(p.col("nutzung"))
    ha = shapely.area(p.geoms) / 1e4
    agri = np.char.startswith(nutz.astype(str), "43001")
    q = np.percentile(ha[agri], [10, 50, 90])
    assert 0.2 <= q[0] and q[2] <= 30 and 2 <= q[1] <= 15
    assert np.median(ha[nutz == "41001"]) < 0.5 * q[1]


def test_bodenzahl_is_spatially_autocorrelated(base):
    _, L, _ = base
    p = L["flurstuecke"]
    bz = np.array([np.nan if b is None else b for b in p.col("bodenzahl")], float)
    ok = ~np.isnan(bz)
    g = p.geoms[ok]
    v = bz[ok]
    a, b = shapely.STRtree(g).query(g, predicate="touches")   # needs robust (snapped) input
    sel = a != b
    a, b = a[sel], b[sel]
    nb = np.bincount(a, weights=v[b], minlength=len(v)) / np.maximum(np.bincount(a, minlength=len(v)), 1)
    has = np.bincount(a, minlength=len(v)) > 0
    assert np.corrcoef(v[has], nb[has])[0, 1] > 0.5
    # loess in the south is better than the sandy north
    y = shapely.get_coordinates(shapely.centroid(g))[:, 1]
    south = v[y < np.percentile(y, 33)].mean()
    north = v[y > np.percentile(y, 67)].mean()
    assert south > north + 5


def test_ortslagen_match_built_parcels(base):
    _, L, _ = base
    p = L["flurstuecke"]
    nutz = np.array(p.col("nutzung"))
    orts = shapely.union_all(L["ortslagen"].geoms)
    built = p.geoms[nutz == "41001"]
    a_in = shapely.area(shapely.intersection(built, orts)).sum()
    assert a_in / shapely.area(built).sum() > 0.9
    inside = shapely.within(shapely.centroid(p.geoms), orts)
    a = shapely.area(p.geoms)
    assert a[inside & (nutz == "41001")].sum() / a[inside].sum() > 0.6
    assert "Wurzen" in L["ortslagen"].col("name")
    wurzen = L["ortslagen"].geoms[L["ortslagen"].col("name").index("Wurzen")]
    assert wurzen.area > 2e6   # the town is the largest settlement
    assert wurzen.area == max(shapely.area(L["ortslagen"].geoms))


# ----------------------------------------------------------------------------- rivers and DEM

def _rivers(L):
    g = L["gewaesser"]
    by = {}
    for geom, gid, name in zip(g.geoms, g.col("gew_id"), g.col("name")):
        by.setdefault(gid, []).append((geom, name))
    return by


def test_river_attributes_and_chains(base):
    _, L, _ = base
    g = L["gewaesser"]
    names = g.col("name")
    w = np.array(g.col("breite_m"))
    kl = np.array(g.col("breite_klasse"))
    order = np.array(g.col("ordnung"))
    mulde = np.array([n == "Mulde" for n in names])
    assert mulde.sum() >= 40 and (~mulde).sum() >= 100
    assert (w[mulde] >= 40).all() and (w[mulde] <= 70).all()
    assert (w[~mulde] >= 1).all() and (w[~mulde] <= 8).all()
    expected = np.select([w <= 3, w <= 6, w <= 12, w <= 21, w <= 33, w <= 45, w <= 60],
                         [3, 6, 12, 21, 33, 45, 60], 90)
    assert (kl == expected).all()
    assert (order >= 1).all() and (order[mulde] == 7).all() and order[~mulde].max() >= 2
    assert all(n for n in names)
    assert len(set(np.array(g.col("gew_id"))[mulde])) == 1
    lengths = shapely.length(g.geoms)
    assert 200 <= lengths.mean() <= 300
    # segments of one watercourse chain head to tail, in flow direction
    for gid, segs in _rivers(L).items():
        for (a, _), (b, _) in zip(segs, segs[1:]):
            assert shapely.get_coordinates(a)[-1] == pytest.approx(shapely.get_coordinates(b)[0])
    # the Mulde flows north through the whole region
    m = [s for s, n in zip(g.geoms, names) if n == "Mulde"]
    assert shapely.get_coordinates(m[0])[0, 1] == pytest.approx(REGION_1[1])
    assert shapely.get_coordinates(m[-1])[-1, 1] == pytest.approx(REGION_1[3])


def test_tributaries_touch_their_receiver(base):
    _, L, _ = base
    by = _rivers(L)
    lines = {gid: shapely.union_all([s for s, _ in segs]) for gid, segs in by.items()}
    n_trib = 0
    for gid, segs in by.items():
        if segs[0][1] == "Mulde":
            continue
        n_trib += 1
        end = shapely.Point(shapely.get_coordinates(segs[-1][0])[-1])
        others = shapely.union_all([ln for k, ln in lines.items() if k != gid])
        assert shapely.distance(end, others) < 1.0, segs[0][1]
    assert n_trib >= 5
    # dendritic: some tributaries flow into other tributaries
    mulde = lines[[k for k, s in by.items() if s[0][1] == "Mulde"][0]]
    into_trib = sum(
        shapely.distance(shapely.Point(shapely.get_coordinates(s[-1][0])[-1]), mulde) > 1.0
        for s in by.values() if s[0][1] != "Mulde")
    assert into_trib >= 1


def test_rivers_flow_downhill(base):
    _, L, dem = base
    c = [shapely.get_coordinates(g) for g in L["gewaesser"].geoms]
    start = np.array([x[0] for x in c])
    end = np.array([x[-1] for x in c])
    hs = dem.sample(start[:, 0], start[:, 1])
    he = dem.sample(end[:, 0], end[:, 1])
    assert (he <= hs + 0.5).mean() >= 0.9
    # whole watercourses: the mouth is lower than the source
    for segs in _rivers(L).values():
        a = shapely.get_coordinates(segs[0][0])[0]
        b = shapely.get_coordinates(segs[-1][0])[-1]
        assert dem.sample(b[0], b[1]) < dem.sample(a[0], a[1])


def test_dem_has_mulde_valley_and_hills(base):
    _, L, dem = base
    assert (dem.a != dem.nodata).all()
    assert 105 <= dem.a.min() <= 118 and 215 <= dem.a.max() <= 255
    assert np.percentile(dem.a, 50) == pytest.approx(145, abs=15)
    X, Y = dem.centres()
    names = L["gewaesser"].col("name")
    mulde = shapely.union_all([g for g, n in zip(L["gewaesser"].geoms, names) if n == "Mulde"])
    near = shapely.contains_xy(mulde.buffer(300.0), X, Y)
    assert dem.a[near].mean() < dem.a[~near].mean() - 15
    # river bed falls northward: south ~115 m, north ~110 m
    m = shapely.get_coordinates(mulde)
    assert dem.sample(*m[m[:, 1].argmin()]) == pytest.approx(115.5, abs=2.5)
    assert dem.sample(*m[m[:, 1].argmax()]) < dem.sample(*m[m[:, 1].argmin()])
    # the flood zone is the flat valley floor
    hq = shapely.union_all(L["ueberschwemmungsgebiet"].geoms)
    in_hq = shapely.contains_xy(hq, X, Y)
    assert dem.a[in_hq].mean() < dem.a[~in_hq].mean() - 15
    assert 0.03 < in_hq.mean() < 0.25
    assert shapely.intersection(mulde, hq).length > 0.9 * mulde.length
    # Hohburger Berge in the north-east are the highest ground
    j, i = np.unravel_index(dem.a.argmax(), dem.a.shape)
    assert X[j, i] > 345000 and Y[j, i] > 5697000


def test_the_flood_height_fitted_on_the_demo_floodplain_is_the_generators(base):
    # the generator draws the HQ100 zone as "the flat Mulde floodplain of the DEM (height up to about
    # 2-3 m above the river bed)" (make_demo_region's docstring): the fit must find a height there,
    # and a zone that matches it well
    from wertvoll.kernels.flood import FloodLayers, FloodOptions, flood_zones
    from wertvoll.kernels.grid import Grid

    _, L, dem = base
    grid = Grid(dem.a, dem.gt[0], dem.gt[3], dem.gt[1], -dem.gt[5])
    result = flood_zones(grid, np.array(L["gewaesser"].geoms, dtype=object), FloodOptions((1.0,)),
                         FloodLayers(floodplain=np.array(L["ueberschwemmungsgebiet"].geoms, dtype=object)))
    overall = result.calibration.iloc[-1]
    assert 2.0 <= overall["threshold_m"] <= 3.0
    assert overall["csi"] > 0.9 and overall["hit_rate"] > 0.9


# ----------------------------------------------------------------------------- zones and patches

def test_water_protection_zones_are_nested_rings(base):
    _, L, _ = base
    z = L["wasserschutzgebiete"]
    zones = np.array(z.col("zone"))
    names = np.array(z.col("name"))
    for nm in set(names):
        g = {k: shapely.union_all(z.geoms[(zones == k) & (names == nm)]) for k in ("I", "II", "III")}
        for a, b in (("I", "II"), ("II", "III"), ("I", "III")):
            assert shapely.intersection(g[a], g[b]).area < 1.0
        fill = {k: shapely.union_all([shapely.Polygon(p.exterior) for p in shapely.get_parts(v)])
                for k, v in g.items()}
        assert fill["II"].buffer(0.01).contains(g["I"])
        assert fill["III"].buffer(0.01).contains(fill["II"])
        wells = shapely.get_parts(g["I"])
        assert len(wells) >= 3
        assert all(w.area >= np.pi * 10 ** 2 for w in wells)
        assert 1e5 < fill["II"].area < 5e6          # a few hundred metres
        assert fill["III"].area > 10e6              # several km
    hq = shapely.union_all(L["ueberschwemmungsgebiet"].geoms)
    assert hq.buffer(500).contains(shapely.union_all(z.geoms[zones == "I"]))   # wells in the valley


def test_habitat_patches(base):
    _, L, _ = base
    h = L["habitate"]
    assert h.col("patch_id") == list(range(1, 21))
    typ = np.array(h.col("typ"))
    assert set(typ) == {"Wald", "Feuchtgebiet"}
    ha = shapely.area(h.geoms) / 1e4
    assert ha.min() >= 1 and ha.max() <= 300
    assert ha.max() > 50
    u = shapely.union_all(h.geoms)
    assert u.area == pytest.approx(shapely.area(h.geoms).sum(), rel=1e-6)   # no overlaps
    # forest patches are made of forest parcels
    p = L["flurstuecke"]
    forest = shapely.union_all(p.geoms[np.array(p.col("nutzung")) == "43002"])
    wald = shapely.union_all(h.geoms[typ == "Wald"])
    assert shapely.difference(wald, forest).area < 1e-3 * wald.area
    # some patches are close to each other, some isolated
    d = np.array([[shapely.distance(a, b) if i != j else np.inf for j, b in enumerate(h.geoms)]
                  for i, a in enumerate(h.geoms)])
    nearest = d.min(axis=1)
    assert (nearest < 200).sum() >= 2 and (nearest > 1000).sum() >= 2


def test_other_layers(base):
    _, L, _ = base
    v = L["verkehr"]
    assert {"Autobahn", "Bundesstraße"} <= set(v.col("art"))
    assert {"A 14", "B 6"} <= set(v.col("name"))
    k = L["kompensationsflaechen"]
    ha = shapely.area(k.geoms) / 1e4
    assert ha.max() < 10 and ha.min() > 0.02
    assert len(set(k.col("kennung"))) == len(k)
    s = L["schutzgebiete"]
    ffh = [g for g, t in zip(s.geoms, s.col("typ")) if t == "FFH"]
    names = L["gewaesser"].col("name")
    mulde = shapely.union_all([g for g, n in zip(L["gewaesser"].geoms, names) if n == "Mulde"])
    assert shapely.intersection(mulde, shapely.union_all(ffh)).length > 0.8 * mulde.length


# ----------------------------------------------------------------------------- determinism, CLI

def _content(layers):
    return {name: (lyr.wkb, lyr.rows) for name, lyr in layers.items()}


def test_same_seed_same_content(tiny_runs):
    a, b = _content(tiny_runs["a"][1]), _content(tiny_runs["b"][1])
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def test_other_seed_other_content(tiny_runs):
    a, c = _content(tiny_runs["a"][1]), _content(tiny_runs["c"][1])
    assert a["flurstuecke"] != c["flurstuecke"]
    assert a["gewaesser"] != c["gewaesser"]


def test_tiny_scale_is_consistent(tiny_runs):
    res, L = tiny_runs["a"]
    assert 150 <= len(L["flurstuecke"]) <= 250      # 4000 x 0.05
    assert res["dem_size"] == (89, 67)
    g = L["flurstuecke"].geoms
    region_area = 20000 * 15000 * 0.05
    assert shapely.union_all(g).area == pytest.approx(region_area, rel=1e-6)
    assert shapely.area(g).sum() == pytest.approx(region_area, rel=1e-6)
    for name, lyr in L.items():
        assert shapely.is_valid(lyr.geoms).all(), name


def test_count_overrides(tmp_path):
    res = mdr.generate(tmp_path, seed=3, scale=0.1, parcels=700, river_segments=60, patches=5, dem_size=64)
    assert res["gewaesser"] == 60
    assert res["habitate"] == 5
    assert 0.93 * 700 <= res["flurstuecke"] <= 1.07 * 700
    assert res["dem_size"] == (64, 64)
    ds = gdal.Open(res["dem"])
    assert (ds.RasterXSize, ds.RasterYSize) == (64, 64)


def test_command_line(tmp_path):
    cmd = [sys.executable, str(ROOT / "scripts" / "make_demo_region.py"), "--out", str(tmp_path),
           "--seed", "5", "--scale", "0.05"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for name in SCHEMA:
        assert re.search(rf"^{name}\s+\d+ features$", out, re.M), name
    assert (tmp_path / "demo_region.gpkg").exists() and (tmp_path / "demo_dem.tif").exists()
