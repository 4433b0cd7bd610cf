"""The world of wertvoll:riparianstrips (see :class:`RiparianWorld`)."""
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString

from ..matrix_inputs import CRS, RasterSpec, VectorSpec
from ..matrix_outputs import approx, features
from .base import NotApplicable, World


class RiparianWorld(World):
    """wertvoll:riparianstrips, ruleset saxony, no built-up area, no DEM.

    River axis (metres from the origin) (0,0)-(200,0), channel width (breite) 4 m: the banks
    lie 2 m off the axis. Water W = buffer(axis, 2); 0-5 m band = buffer(W, 5) - W =
    2·5·200 + π(7² - 2²) = 2,141.37 m²; 5-10 m band = 2·5·200 + π(12² - 7²) = 2,298.45 m²
    (round ends; the kernel's 8-segment arcs are within 0.3 %). The expected bands are worked
    out with shapely from the intended water shapes, so changed targets need no new formula.

    With a DEM (raster cases): 2 m cells over (-50,-50)-(250,50), height 0.08·y north of the
    axis, 0 south: the north bank slopes 8 % towards the water, so its 0-5 m band over the
    whole length (5 × 200 = 1,000 m²) is the WHG §38a slope band.
    """

    ALG = "riparianstrips"
    SINKS = ("OUTPUT_STRIPS", "OUTPUT_CORRIDORS", "OUTPUT_LANDUSE")
    PRIMARY = "INPUT"
    LINE = ("INPUT", 0)
    POLYGON = ("INPUT", 0)   # the water-body variant (setup_polygon)
    RASTER = "DEM"
    FIELDS = {
        "OUTPUT_STRIPS": ["zone", "band_from_m", "band_to_m", "rule", "restrictions", "slope_band", "area_m2",
                          "bank_source", "slope_scope"],
        "OUTPUT_CORRIDORS": ["corridor_width_m", "area_m2"],
        "OUTPUT_LANDUSE": ["layer", "landuse", "area_m2", "share"],
    }

    def setup(self):
        a, b = self.xy(0, 0), self.xy(200, 0)
        self.vectors["INPUT"] = VectorSpec("LineString", ["gew_id:integer", "name:string", "breite:double"], [
            (f"LINESTRING({a[0]} {a[1]},{b[0]} {b[1]})", {"gew_id": 1, "name": "Mulde", "breite": 4.0})],
            name="rivers")
        self.water = [(LineString([a, b]), 4.0)]   # (intended axis or polygon, channel width)
        self.params = {"CHANNEL_WIDTH_FIELD": "breite", "BANK_HEIGHT": 0}  # strips from the water line
        self.slope_band = 0.0
        self.corridor_names = None
        self.corridor_width = None
        self.builtup = None
        self.landuse = None

    def more_inputs(self):
        """Built-up area (80,-50)-(120,50): 5 m strips there; land use 'A' north of the axis."""
        self.vectors["BUILTUP"] = VectorSpec("Polygon", [], [(self.rect(80, -50, 120, 50), {})], name="builtup")
        self.builtup = shapely.from_wkt(self.rect(80, -50, 120, 50))
        self.vectors["LANDUSE"] = VectorSpec("Polygon", ["nutzung:string"], [
            (self.rect(-50, 0, 250, 50), {"nutzung": "A"})], name="nutzung")
        self.params["LANDUSE_FIELD"] = "nutzung"
        self.params["FARMLAND_CODES"] = "A"  # the north bank is farmland: the WHG §38a slope band stays
        self.landuse = shapely.from_wkt(self.rect(-50, 0, 250, 50))

    def ensure_raster(self):
        self.with_dem()

    def crs_case(self, case):
        if case == "raster_differs":
            self.with_dem()
            self.slope_band = 1000.0
        return super().crs_case(case)

    def setup_polygon(self):
        """The river as a water polygon (0,-2)-(200,2) instead of the line."""
        self.vectors["INPUT"] = VectorSpec("Polygon", ["gew_id:integer", "name:string"], [
            (self.rect(0, -2, 200, 2), {"gew_id": 1, "name": "Mulde"})], name="water")
        self.water = [(shapely.from_wkt(self.rect(0, -2, 200, 2)), 0.0)]
        self.params.pop("CHANNEL_WIDTH_FIELD", None)

    def target(self, kind):
        if kind == "polygon":
            self.setup_polygon()
        return super().target(kind)

    def set_target_shape(self, kind, shape):
        self.water[0] = (shape, self.water[0][1])

    def skip_target(self, kind):
        return "error"  # the only river feature skipped: no rivers

    def add_shape(self, kind, shape, attributes):
        if shape is not None:
            self.water.append((shape, 4.0 if kind == "line" else 0.0))

    def with_dem(self, values=None, x0=-50.0, y0=50.0, dx=2.0, dy=2.0, crs=CRS):
        if values is None:
            rows, cols = int(round(100 / dy)), int(round(300 / dx))
            y = 50.0 - (np.arange(rows) + 0.5) * dy
            values = np.repeat(np.where(y > 0, 0.08 * y, 0.0)[:, None], cols, axis=1)
        ox, oy = self.xy(x0, y0)
        self.rasters["DEM"] = RasterSpec(values, ox, oy, dx, dy, crs)

    def expected_bands(self, zone=None):
        """Areas of the 0-5 and 5-10 m bands (with a built-up area: of *zone* inside/outside)."""
        parts = []
        for shape, width in self.water:
            if shape is None or shape.is_empty:
                continue
            if shape.geom_type in ("LineString", "MultiLineString"):
                parts.append(shape.buffer(width / 2, quad_segs=64) if width > 0 else shape)
            else:
                parts.append(shape)
        water = shapely.union_all(parts)
        b5, b10 = water.buffer(5, quad_segs=64), water.buffer(10, quad_segs=64)
        band0, band1 = b5.difference(water), b10.difference(b5)
        if self.builtup is not None:  # saxony: 10 m outside, 5 m inside built-up areas
            band1 = band1.difference(self.builtup)
            if zone == "inside":
                return band0.intersection(self.builtup), band1.intersection(self.builtup)
            if zone == "outside":
                return band0.difference(self.builtup), band1
        return band0, band1

    def check(self, outcome):
        super().check(outcome)
        band0, band1 = (b.area for b in self.expected_bands())
        strips = features(outcome, "OUTPUT_STRIPS")
        if self.builtup is not None:
            inside = sum(f["area_m2"] for f in strips if f["zone"] == "inside")
            assert inside == approx(self.expected_bands("inside")[0].area, rel=3e-3)
        if self.landuse is not None:  # land use 'A' per band = band ∩ land use; the rows sum to the band
            table = features(outcome, "OUTPUT_LANDUSE")
            for name, band in (("strip outside 0-5 m", self.expected_bands("outside")[0]),
                               ("strip outside 5-10 m", self.expected_bands("outside")[1])):
                rows = {f["landuse"]: f["area_m2"] for f in table if f["layer"] == name}
                assert sum(rows.values()) == approx(band.area, rel=3e-3), name
                assert rows["A"] == approx(band.intersection(self.landuse).area, rel=3e-3), name
        got = {}
        for f in strips:
            got.setdefault(f["band_from_m"], 0.0)
            got[f["band_from_m"]] += f["area_m2"]
        assert got.get(0.0, 0.0) == approx(band0, rel=3e-3)
        assert got.get(5.0, 0.0) == approx(band1, rel=3e-3)
        slope = sum(f["area_m2"] for f in strips if f["slope_band"])
        assert slope == approx(self.slope_band, rel=1e-3, abs_=1e-3)
        assert outcome.result["STRIP_AREA"] == approx(band0 + band1, rel=3e-3)
        corridors = features(outcome, "OUTPUT_CORRIDORS")
        total = sum(f["area_m2"] for f in corridors)  # CORRIDOR_AREA counts overlaps once
        assert outcome.result["CORRIDOR_AREA"] == (approx(total) if len(corridors) == 1 else
                                                   pytest.approx(min(outcome.result["CORRIDOR_AREA"], total)))
        if self.corridor_width is not None:  # one river, round ends: buffer(axis, width / 2)
            axis = self.water[0][0]
            assert [round(f["corridor_width_m"], 6) for f in corridors] == [self.corridor_width]
            assert corridors[0]["area_m2"] == approx(axis.buffer(self.corridor_width / 2, quad_segs=64).area,
                                                     rel=3e-3)
        if self.corridor_names is not None:
            assert [f[self.corridor_names[0]] for f in corridors] == [self.corridor_names[1]]

    def attribute_case(self, case):
        spec = self.vectors["INPUT"]
        attrs = spec.rows[0][1]
        if case == "missing_field":
            self.params["CHANNEL_WIDTH_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # the name (text) as channel width: no numbers -> the default 0 m
            self.params["CHANNEL_WIDTH_FIELD"] = "name"
            self.water[0] = (self.water[0][0], 0.0)
            self.expect_warnings.append("1 river lines have no channel width")
            return None
        if case == "null_values":  # no width (default 0 m), no name, no id
            attrs.update(breite=None, name=None, gew_id=None)
            self.water[0] = (self.water[0][0], 0.0)
            self.expect_warnings.append("1 river lines have no channel width")
            return None
        if case == "umlauts":  # id and name fields with umlauts, copied to the corridors
            spec.fields = ["Gewässer_ID:string", "Gewässername_ß:string", "Breite_ä:double"]
            spec.rows = [(spec.rows[0][0], {"Gewässer_ID": "Pleiße-1", "Gewässername_ß": "Weiße Elster",
                                            "Breite_ä": 4.0})]
            self.params.update(CHANNEL_WIDTH_FIELD="Breite_ä", RIVER_ID_FIELD="Gewässer_ID",
                               RIVER_NAME_FIELD="Gewässername_ß")
            self.vectors["LANDUSE"] = VectorSpec("Polygon", ["Nutzungsart_ö:string"], [
                (self.rect(-50, 0, 250, 50), {"Nutzungsart_ö": "Grünland (süß)"})], name="nutzung")
            self.params["LANDUSE_FIELD"] = "Nutzungsart_ö"
            self.FIELDS = dict(self.FIELDS, OUTPUT_CORRIDORS=["Gewässer_ID", "Gewässername_ß",
                                                              "corridor_width_m", "area_m2"])
            self.corridor_names = ("Gewässername_ß", "Weiße Elster")
            return None
        if case == "missing_codes":  # a river type missing from the river-type table: factor 7
            spec.fields = spec.fields + ["typ:string"]
            attrs["typ"] = "gibt_es_nicht"
            self.params["RIVER_TYPE_FIELD"] = "typ"
            self.corridor_width = 4.0 * 7 * 1.25  # channel width × default factor × LAWA surcharge
            self.expect_warnings += ["1 river types (1 features) are not in the river-type table", "gibt_es_nicht (1)"]
            return None
        if case == "negative_nan":  # widths -4 and NaN: not widths
            b = self.xy(200, 0)
            c = self.xy(200, 300)
            spec.rows.append((f"LINESTRING({b[0]} {b[1]},{c[0]} {c[1]})", {"gew_id": 2, "name": "Parthe",
                                                                          "breite": float("nan")}))
            attrs["breite"] = -4.0
            self.water = [(self.water[0][0], 0.0), (LineString([b, c]), 0.0)]
            self.expect_warnings += ["1 river features have a negative channel width", "2 river lines have no channel"]
            return None
        raise NotApplicable(case)

    def raster_case(self, case):
        self.slope_band = 1000.0
        if case == "all_nodata":
            self.with_dem(np.full((50, 150), np.nan))
            self.slope_band = 0.0
            self.expect_warnings.append("The DEM does not cover 4 of 4 river stretch banks")
        elif case == "nodata_holes":  # holes on the south side, 20-30 m from the axis: no sample there
            self.with_dem()
            values = self.rasters["DEM"].values
            values[35:40, 40:60] = np.nan
        elif case == "one_cell":
            self.with_dem(np.array([[1.0]]), x0=-50, y0=50, dx=300, dy=100)
            self.slope_band = 0.0
        elif case == "non_square":
            self.with_dem(dx=2.0, dy=1.0)
        elif case == "no_overlap":
            self.with_dem(x0=10000.0)
            self.slope_band = 0.0
            self.expect_warnings.append("The DEM does not overlap the rivers")
        else:
            raise NotApplicable(case)
        return None
