"""The base of the per-algorithm worlds: building the inputs, running, the checks every output gets,
and the hooks each case calls (a world that has no input for a case raises :class:`NotApplicable`)."""
from pathlib import Path

from layers import square

from ..matrix_inputs import CRS, ORIGIN, OTHER_CRS, build_layer, write_raster_spec
from ..matrix_outputs import assert_valid_geometries, field_names, output_layer, shapefile_name
from ..matrix_run import checked_run


class NotApplicable(Exception):
    """The case does not apply to this algorithm (no such input); documented as n/a."""


class World:
    """Base of the per-algorithm worlds; see the subclasses for the geometry and the hand values."""

    ALG = ""
    SINKS = ()                  # vector output parameters
    FILES = ()                  # file output parameters (report)
    PRIMARY = None              # the required vector input
    POLYGON = None              # (parameter, row index) of the target rectangle
    LINE = None                 # (parameter, row index) of the target straight line
    RASTER = None               # raster parameter
    FIELDS = {}                 # output -> field names (GeoPackage)

    def __init__(self, folder, origin=ORIGIN):
        self.folder = Path(folder)
        self.ox, self.oy = origin
        self.vectors = {}
        self.rasters = {}
        self.params = {}
        self.invalid_check = None
        self.out_dir = self.folder / "out"
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.outputs = {name: str(self.out_dir / f"{name.lower()}.gpkg") for name in self.SINKS}
        self.outputs.update({name: str(self.out_dir / f"report.{name.split('_')[-1].lower()}")
                             for name in self.FILES})
        self.shapefile = False
        self.expect_warnings = []   # fragments that must be among the warnings of a result
        self.setup()

    # geometry of a world: coordinates relative to its origin
    def xy(self, x, y):
        return self.ox + x, self.oy + y

    def rect(self, x0, y0, x1, y1):
        (a, b), (c, d) = self.xy(x0, y0), self.xy(x1, y1)
        return square(a, b, c, d)

    def setup(self):
        raise NotImplementedError

    # -- building and running ---------------------------------------------------------------
    def build(self, project_layers):
        params = dict(self.params)
        inputs = []
        for name, spec in self.vectors.items():
            if spec is None:
                continue
            value, layer = build_layer(spec, self.folder, project_layers)
            params[name] = value
            inputs.append(layer)
            if spec.kind == "geojson":
                inputs.append(layer.source().split("|")[0])
        for name, spec in self.rasters.items():
            if spec is None:
                continue
            path = write_raster_spec(spec, self.folder / f"{name.lower()}.tif")
            params[name] = path
            inputs.append(path)
        params.update(self.outputs)
        return params, inputs

    def output_files(self):
        files = []
        for value in self.outputs.values():
            if isinstance(value, str) and value not in ("memory:", "TEMPORARY_OUTPUT"):
                path = Path(value)
                files.append(path)
                if path.suffix == ".shp":
                    files += [path.with_suffix(s) for s in (".dbf", ".shx", ".prj", ".cpg")]
        return files

    def run(self, project_layers):
        params, inputs = self.build(project_layers)
        return checked_run(self.ALG, params, inputs, self.output_files(), self.invalid_check)

    # -- checks -----------------------------------------------------------------------------
    def check(self, outcome):
        """The hand-worked result (subclasses), after the checks every output gets."""
        for key in self.SINKS:
            if key not in outcome.result:
                continue
            layer = output_layer(outcome, key)
            expected = self.FIELDS[key]
            if self.shapefile:
                expected = [shapefile_name(n) for n in expected]
            names = field_names(outcome, key)
            assert names[-len(expected):] == list(expected), (key, names)
            if layer.isSpatial():
                assert_valid_geometries(outcome, key)

    # -- hooks of the cases -----------------------------------------------------------------
    def target(self, kind):
        slot = self.POLYGON if kind == "polygon" else self.LINE
        if slot is None:
            raise NotApplicable(kind)
        return slot

    def set_target_shape(self, kind, shape):
        """Record the intended shape of the target feature (None: the feature counts for nothing)."""
        raise NotImplementedError

    def add_shape(self, kind, shape, attributes):
        """Record an extra feature of the slot (shape None: without geometry)."""

    def attribute_case(self, case):
        raise NotApplicable(case)

    def raster_case(self, case):
        raise NotApplicable(case)

    def more_inputs(self):
        """Add inputs so that the world has several vector layers (case 'each input another CRS')."""

    def output_case(self, case):
        """Send the outputs somewhere else; returns 'error' where that must fail."""
        keys = list(self.outputs)
        if case == "geopackage":
            return None
        if case in ("shapefile", "memory") and not self.SINKS:
            raise NotApplicable(case)
        if case == "shapefile":
            for key in self.SINKS:
                self.outputs[key] = str(self.out_dir / f"{key.lower()}.shp")
            self.shapefile = True
            self.expect_warnings.append("is written as a Shapefile")
            return None
        if case == "memory":
            for key in self.SINKS:
                self.outputs[key] = "memory:"
            return None
        if case == "temporary":
            for key in keys:
                self.outputs[key] = "TEMPORARY_OUTPUT"
            return None
        if case == "umlaut_path":
            folder = self.folder / "Ergebnisse Größe ß" / "Aue Süd"
            folder.mkdir(parents=True)
            for key in keys:
                self.outputs[key] = str(folder / f"Fläche {key.lower()}{Path(self.outputs[key]).suffix}")
            return None
        if case == "read_only_under_file":  # the 'folder' is a file: nobody, not even root, can write there
            blocker = self.folder / "kein Ordner.txt"
            blocker.write_text("a file, not a folder", encoding="utf-8")
            self.blocked = blocker
            for key in keys:
                self.outputs[key] = str(blocker / Path(self.outputs[key]).name)
            return "error"
        if case == "read_only_proc":  # /proc takes no new files, not even from root
            self.blocked = Path("/proc/wertvoll-robustness")
            for key in keys:
                self.outputs[key] = str(self.blocked / Path(self.outputs[key]).name)
            return "error"
        if case == "read_only_last":  # the last output fails: the ones before must not stay behind
            self.blocked = Path("/proc/wertvoll-robustness")
            self.outputs[keys[-1]] = str(self.blocked / Path(self.outputs[keys[-1]]).name)
            return "error"
        raise KeyError(case)

    def crs_case(self, case):
        """Put the vector inputs into other CRSs (the rows are reprojected; rasters stay)."""
        if case == "geographic":
            for spec in self.vectors.values():
                if spec is not None:
                    spec.crs = "EPSG:4326"
        elif case == "each_different":
            self.more_inputs()
            specs = [spec for spec in self.vectors.values() if spec is not None]
            assert len(specs) >= 2, self.ALG
            for spec, crs in zip(specs, OTHER_CRS):
                spec.crs = crs
        elif case == "no_crs":  # nothing tells where its coordinates lie: a clear error
            self.vectors[self.PRIMARY].crs = ""
            return "error"
        elif case == "outside_crs":  # metres in a layer that says EPSG:4326 (a wrong .prj)
            self.vectors[self.PRIMARY].crs = "EPSG:4326"
            self.vectors[self.PRIMARY].reproject = False
            return "error"
        elif case == "web_mercator":  # "metres" that are 0.63 m on the ground at 51° N: measured in UTM
            for spec in self.vectors.values():
                if spec is not None:
                    spec.crs = "EPSG:3857"
        elif case == "mislabelled":  # Gauß-Krüger coordinates in a layer that says EPSG:25833
            if self.ALG == "report":  # it reads attribute rows and measures nothing
                raise NotApplicable(case)
            self.vectors[self.PRIMARY].crs, self.vectors[self.PRIMARY].label = "EPSG:31468", CRS
            self.expect_warnings.append("do not fit its CRS EPSG:25833")
            return "mislabelled"
        elif case == "other_mislabelled":  # a second input in Gauß-Krüger labelled EPSG:25833: off the first
            if self.ALG == "report":
                raise NotApplicable(case)
            self.more_inputs()
            other = next(key for key, spec in self.vectors.items() if spec is not None and key != self.PRIMARY)
            self.vectors[other].crs, self.vectors[other].label = "EPSG:31468", CRS
            return "mislabelled"
        elif case == "raster_web_mercator":  # the raster is the grid of the analysis: refused, not warped
            if self.RASTER is None or self.ALG in ("riparianstrips", "compensationscreening"):  # they warp theirs
                raise NotApplicable(case)
            self.ensure_raster()
            self.rasters[self.RASTER].crs = "EPSG:3857"
            return "error"
        elif case == "raster_no_crs":
            if self.RASTER is None:
                raise NotApplicable(case)
            self.ensure_raster()
            self.rasters[self.RASTER].crs = ""
            return "error"
        elif case == "raster_differs":
            if self.RASTER is None:
                raise NotApplicable(case)
            for spec in self.vectors.values():
                if spec is not None:
                    spec.crs = "EPSG:31468"
        else:
            raise KeyError(case)
        self.loosen()
        return None

    def ensure_raster(self):
        """Give the world its raster input if it is optional and absent."""

    def loosen(self):
        """Reprojected inputs come back within micrometres: compare with a relative 1e-6."""

    def skip_target(self, kind):
        """The target feature is skipped (invalid-geometry setting 'skip'): expectation or 'error'."""
        self.set_target_shape(kind, None)
        return None

    def abort_target(self, kind):
        """Processing set to stop on invalid geometries: 'error' (the report reads no geometries)."""
        return "error"

    def expect_no_features(self, kind):
        """The slot of *kind* is empty: change the expectation (optional inputs) or return 'error'."""
        return "error"
