"""The world of wertvoll:compensationscreening (see :class:`ScreeningWorld`)."""
import numpy as np
import shapely
from shapely.geometry import box

from ..matrix_inputs import RasterSpec, VectorSpec
from ..matrix_outputs import approx, features
from .base import NotApplicable, World


class ScreeningWorld(World):
    """wertvoll:compensationscreening.

    Parcels (metres from the origin): P1 arable (0,0)-(100,100), P2 grassland (200,0)-(300,100),
    10,000 m² each. Value table: arable 7 -> 15, grassland 8 -> 15 points/m². No exclusions,
    MIN_AREA 1 m². By hand: P1 uplift 8 × 10,000 = 80,000, P2 7 × 10,000 = 70,000; 2 candidates.
    A changed target (P2) counts 7 points per m² of its intended shape.

    The percolation raster (SEEPAGE, the raster cases): 120 mm/a in 50 m cells over (-50,-50)-(350,150).
    Without soil data P1 is loamy sand (nFKWe 160 mm): n_saved_ha = 73 × min(1, 120/160) = 54.75
    kg N/ha·a; where the raster gives nothing, the default 85 mm/a: 73 × 85/160 = 38.78. P2 (intensive
    grassland) has no sourced surplus: NULL.
    """

    ALG = "compensationscreening"
    RASTER = "SEEPAGE"
    SINKS = ("OUTPUT", "OUTPUT_SUMMARY")
    PRIMARY = "INPUT"
    POLYGON = ("INPUT", 1)
    FIELDS = {
        "OUTPUT": ["src_fid", "municipality", "landuse", "landuse_label", "area_m2", "value_now", "measure",
                   "value_target", "pik", "uplift_pts", "share_water", "share_flood", "share_riparian",
                   "share_corridor", "score", "rank", "selected", "sel_greedy", "sel_freq", "rank_min",
                   "rank_max", "gain_eca", "farmland", "prime_soil", "n_saved_ha", "n_saved_kg", "co2_t_a",
                   "est_unc", "method", "notes"],
        "OUTPUT_SUMMARY": ["municipality", "candidates", "area_m2", "uplift_pts", "selected_area_m2",
                           "selected_pts", "selected_n_kg", "selected_co2_t"],
    }
    TABLE = ("code;label;value_now;measure;value_target;pik_measure;pik_value_target;landuse_kind;state_target\n"
             "43001_1010;Acker;7;Grünland;15;Extensivacker;10;arable;grassland_new\n"
             "43001_1020;Grünland;8;Extensivgrünland;15;;;grassland;grassland_extensive\n"
             "Acker_groß;Acker (groß);7;Grünland süß;15;;;arable;grassland_new\n"
             "Grünland_süß;Grünland (süß);8;Extensivgrünland;15;;;grassland;grassland_extensive\n")
    RATES = {"43001_1010": 8.0, "43001_1020": 7.0, "Acker_groß": 8.0, "Grünland_süß": 7.0}

    def setup(self):
        table = self.folder / "werte.csv"
        table.write_text(self.TABLE, encoding="utf-8")
        self.vectors["INPUT"] = VectorSpec("Polygon", ["nutzung:string", "bz:integer"], [
            (self.rect(0, 0, 100, 100), {"nutzung": "43001_1010", "bz": 60}),
            (self.rect(200, 0, 300, 100), {"nutzung": "43001_1020", "bz": 30})], name="parcels")
        self.shapes = [shapely.from_wkt(self.rect(0, 0, 100, 100)), shapely.from_wkt(self.rect(200, 0, 300, 100))]
        self.codes = ["43001_1010", "43001_1020"]
        self.params = {"LANDUSE_FIELD": "nutzung", "VALUE_TABLE": str(table), "MIN_AREA": 1.0}
        self.rel = 1e-9
        self.municipality = ""
        self.share_water = None
        self.seepage = None  # the percolation at P1 in mm/a (None: not checked)

    def ensure_raster(self, values=None, x0=-50.0, y0=150.0, dx=50.0, dy=50.0):
        """The percolation raster (120 mm/a unless *values*) and its value at P1."""
        values = np.full((int(200 / dy), int(400 / dx)), 120.0) if values is None else values
        ox, oy = self.xy(x0, y0)
        self.rasters["SEEPAGE"] = RasterSpec(values, ox, oy, dx, dy)
        self.seepage = 120.0

    def crs_case(self, case):
        if case == "raster_differs":  # the parcels in Gauß-Krüger are measured there: areas within 1e-4
            self.ensure_raster()
            self.rel = 1e-4
        elif case in ("raster_web_mercator", "raster_no_crs"):
            self.ensure_raster()
        return super().crs_case(case)

    def raster_case(self, case):
        if case == "all_nodata":
            self.ensure_raster(np.full((4, 8), np.nan))
            self.seepage = 85.0
            self.expect_warnings.append("2 candidate areas lie outside the percolation raster or on its no-data")
        elif case == "nodata_holes":  # the cell under P1's inner point (50,50) is nodata: P1 takes 85 mm/a
            self.ensure_raster()
            self.rasters["SEEPAGE"].values[1:3, 1:3] = np.nan
            self.seepage = 85.0
            self.expect_warnings.append("1 candidate areas lie outside the percolation raster or on its no-data")
        elif case == "one_cell":  # one 150 m cell over P1 only
            self.ensure_raster(np.array([[120.0]]), x0=-25.0, y0=125.0, dx=150.0, dy=150.0)
            self.expect_warnings.append("1 candidate areas lie outside the percolation raster or on its no-data")
        elif case == "non_square":
            self.ensure_raster(dx=50.0, dy=25.0)
        elif case == "no_overlap":
            self.ensure_raster(x0=10000.0)
            self.seepage = 85.0
            self.expect_warnings.append("does not overlap the candidates")
        else:
            raise NotApplicable(case)
        return None

    def loosen(self):
        self.rel = max(self.rel, 1e-6)

    def more_inputs(self):
        """Drinking-water zone (200,0)-(250,100): half of P2, share_water 0.5; one municipality."""
        self.vectors["WATER_PROTECTION"] = VectorSpec("Polygon", ["zone:string"], [
            (self.rect(200, 0, 250, 100), {"zone": "III"})], name="wasserschutz")
        self.vectors["MUNICIPALITIES"] = VectorSpec("Polygon", ["name:string"], [
            (self.rect(-100, -100, 400, 200), {"name": "Wurzen"})], name="gemeinden")
        self.params["MUNICIPALITY_FIELD"] = "name"
        self.municipality = "Wurzen"
        self.share_water = {1: 0.0, 2: 0.5}

    def set_target_shape(self, kind, shape):
        self.shapes[1] = shape
        if shape is not None and shape.area and not shape.equals(box(*shape.bounds)):
            self.rel = 1e-3  # segmentized arcs

    def check(self, outcome):
        super().check(outcome)
        kept = [(s, c) for s, c in zip(self.shapes, self.codes) if s is not None and c in self.RATES]
        area = sum(s.area for s, _ in kept)
        uplift = sum(self.RATES[c] * s.area for s, c in kept)
        out = features(outcome, "OUTPUT")
        assert outcome.result["CANDIDATES"] == len(out) >= len(kept)
        assert sum(f["area_m2"] for f in out) == approx(area, rel=self.rel)
        assert sum(f["uplift_pts"] for f in out) == approx(uplift, rel=self.rel)
        assert outcome.result["TOTAL_UPLIFT"] == approx(uplift, rel=self.rel)
        assert sorted({f["rank"] for f in out}) == list(range(1, len(out) + 1))
        for f in out:
            assert f["municipality"] == self.municipality or not (self.municipality or f["municipality"])
            if self.share_water is not None:
                assert f["share_water"] == approx(self.share_water[f["src_fid"]])
        if self.seepage is not None:
            first = next(f for f in out if f["src_fid"] == 1)
            assert first["n_saved_ha"] == approx(73 * min(1.0, self.seepage / 160), rel=1e-9)
        summary = {f["municipality"]: f for f in features(outcome, "OUTPUT_SUMMARY")}
        assert summary["total"]["area_m2"] == approx(area, rel=self.rel)
        assert summary["total"]["candidates"] == len(out)

    def attribute_case(self, case):
        spec = self.vectors["INPUT"]
        if case == "missing_field":
            self.params["LANDUSE_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # a text field as the soil index: not numbers
            spec.fields = ["nutzung:string", "bz:string"]
            spec.rows = [(w, dict(a, bz="gut")) for w, a in spec.rows]
            self.params["SOIL_FIELD"] = "bz"
            return "error"
        if case == "null_values":  # P2 without land-use code (skipped, warned); P1 without soil index
            spec.rows[1][1]["nutzung"] = None
            spec.rows[0][1]["bz"] = None
            self.params["SOIL_FIELD"] = "bz"
            self.codes[1] = None
            self.expect_warnings += ["have no land-use code", "no PIK was proposed"]
            return None
        if case == "umlauts":
            spec.fields = ["Flächennutzung_ß:string", "Bodenzahl_ä:integer"]
            spec.rows = [(spec.rows[0][0], {"Flächennutzung_ß": "Acker_groß", "Bodenzahl_ä": 60}),
                         (spec.rows[1][0], {"Flächennutzung_ß": "Grünland_süß", "Bodenzahl_ä": 30})]
            self.codes = ["Acker_groß", "Grünland_süß"]
            self.params["LANDUSE_FIELD"] = "Flächennutzung_ß"
            self.vectors["MUNICIPALITIES"] = VectorSpec("Polygon", ["Gemeindename_ä:string"], [
                (self.rect(-100, -100, 400, 200), {"Gemeindename_ä": "Großpösna (Straße ß)"})], name="gemeinden")
            self.params["MUNICIPALITY_FIELD"] = "Gemeindename_ä"
            self.municipality = "Großpösna (Straße ß)"
            return None
        if case == "missing_codes":
            spec.rows[1][1]["nutzung"] = "99_unbekannt"
            self.codes[1] = "99_unbekannt"
            self.expect_warnings += ["1 land-use codes (1 features) are not in the value table", "99_unbekannt (1)"]
            return None
        if case == "negative_nan":  # soil index -5 and NaN: not soil indices
            spec.fields = ["nutzung:string", "bz:double"]
            spec.rows[0][1]["bz"] = -5.0
            spec.rows[1][1]["bz"] = float("nan")
            self.params["SOIL_FIELD"] = "bz"
            self.expect_warnings.append("1 candidates have a negative soil index (e.g. -5)")
            return None
        raise NotApplicable(case)
