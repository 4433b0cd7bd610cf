"""Robustness matrix, a planner's earlier files (issue 18, items 3, 5, 11, 12).

* A run that does not finish (an error after some outputs were written, a cancel) leaves every
  file that was there before exactly as it was (bytes compared), and leaves no copy behind; a
  run that finishes replaces them and leaves no copy either.
* An output that is one of the run's input files is refused before anything runs.
* A missing output folder is created (as QGIS does for temporary outputs) and removed again
  when the run does not finish.
* A sink QGIS fails to create leaves none of the files it made on the way.
"""
import hashlib
from pathlib import Path

import pytest

from .matrix_outputs import fail_last_output
from .matrix_run import checked_run, run_unchecked, run_world
from .worlds import ALGORITHMS, WORLDS

BACKUP = ".wertvoll-backup"
WRITERS = [a for a in ALGORITHMS if WORLDS[a].SINKS]


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _earlier_file(path):
    """A real file of last week at *path*: a GeoPackage with one layer, a GeoTIFF, or a document."""
    from osgeo import gdal, ogr

    path = Path(path)
    if path.suffix == ".gpkg":
        dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        layer = dataset.CreateLayer("last_week", geom_type=ogr.wkbPoint)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt("POINT (1 2)"))
        layer.CreateFeature(feature)
        dataset = None
    elif path.suffix == ".tif":
        dataset = gdal.GetDriverByName("GTiff").Create(str(path), 2, 2, 1, gdal.GDT_Float32)
        dataset.GetRasterBand(1).Fill(7.0)
        dataset = None
    else:
        path.write_bytes(b"<html>Bericht der letzten Woche</html>")
    return _digest(path)


def _break(world, monkeypatch):
    """Make the run fail after it wrote outputs: the last vector output fails, the report's FIELDS is no JSON."""
    if world.SINKS:
        fail_last_output(monkeypatch, world)
    else:
        world.params["FIELDS"] = '{"gemeinde": "Borna"'


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_failed_run_leaves_earlier_outputs_as_they_were(alg, world_of, project_layers, monkeypatch):
    world = world_of(alg)
    before = {key: _earlier_file(path) for key, path in world.outputs.items()}
    _break(world, monkeypatch)
    context = run_unchecked(world, project_layers)
    after = {key: _digest(path) for key, path in world.outputs.items()}
    assert after == before
    assert not list(world.out_dir.glob(f"*{BACKUP}")), list(world.out_dir.iterdir())
    assert not context.layersToLoadOnCompletion()


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_finished_run_replaces_earlier_outputs_and_keeps_no_copy(alg, world_of, project_layers):
    world = world_of(alg)
    before = {key: _earlier_file(path) for key, path in world.outputs.items()}
    run_world(world, None, project_layers, f"earlier/replaced/{alg}")  # the hand result
    assert all(_digest(world.outputs[key]) != digest for key, digest in before.items())
    assert not list(world.out_dir.glob(f"*{BACKUP}")), list(world.out_dir.iterdir())


@pytest.mark.parametrize("alg", WRITERS)
def test_cancelled_run_leaves_earlier_outputs_as_they_were(alg, world_of, project_layers, monkeypatch):
    """The user cancels while the outputs are written (after the first of them)."""
    from wertvoll.algorithms.outputs import OutputsMixin

    world = world_of(alg)
    before = {key: _earlier_file(path) for key, path in world.outputs.items()}
    real = OutputsMixin.write_output

    def write_output(self, parameters, context, name, table):
        result = real(self, parameters, context, name, table)
        self._feedback.cancel()
        return result

    monkeypatch.setattr(OutputsMixin, "write_output", write_output)
    params, inputs = world.build(project_layers)
    outcome = checked_run(alg, params, inputs, [])
    assert outcome.error is None and outcome.result == {}
    assert {key: _digest(path) for key, path in world.outputs.items()} == before
    assert not list(world.out_dir.glob(f"*{BACKUP}"))


def _as_file_input(world):
    """The world's main input as a GeoJSON file; returns its path."""
    world.vectors[world.PRIMARY].kind = "geojson"
    return str(world.folder / f"{world.vectors[world.PRIMARY].name}.geojson")


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_output_onto_an_input_file_is_refused(alg, world_of, project_layers):
    world = world_of(alg)
    source = _as_file_input(world)
    first = (world.SINKS or world.FILES)[0]
    world.outputs[first] = source
    outcome = world.run(project_layers)   # checked: the input file's bytes are unchanged
    assert outcome.error is not None and "is the file of the input" in outcome.error, outcome.error


@pytest.mark.parametrize("alg,output", [("floodriskzones", "OUTPUT_HEIGHT"),
                                        ("biotopecorridors", "OUTPUT_CORRIDOR_RASTER")])
def test_raster_output_onto_the_input_raster_is_refused(alg, output, world_of, project_layers):
    world = world_of(alg)
    world.outputs[output] = str(world.folder / f"{world.RASTER.lower()}.tif")  # where build() writes it
    outcome = world.run(project_layers)
    assert outcome.error is not None and "is the file of the input" in outcome.error, outcome.error


def test_output_onto_an_input_is_refused_without_the_dialog_check(world_of, project_layers):
    """A model step or a script does not call checkParameterValues: the run checks again, first.

    (The flood DEM as the height raster's destination. An OGR *layer object* given to a run that
    fails makes pytest's process crash at exit on QGIS 3.22, with or without this check (seen on
    the code before issue 18 too); a raster path does not.)"""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProject

    from layers import WarningFeedback

    world = world_of("floodriskzones")
    dem = str(world.folder / f"{world.RASTER.lower()}.tif")
    world.outputs["OUTPUT_HEIGHT"] = dem
    params, _ = world.build(project_layers)
    before = _digest(dem)
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("wertvoll:floodriskzones")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    with pytest.raises(QgsProcessingException, match="is the file of the input"):
        algorithm.run(params, context, WarningFeedback(), {}, False)
    assert _digest(dem) == before


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_missing_output_folder_is_created(alg, world_of, project_layers):
    world = world_of(alg)
    for key, path in world.outputs.items():
        world.outputs[key] = str(world.out_dir / "neu" / "Ergebnisse" / Path(path).name)
    run_world(world, None, project_layers, f"earlier/new_folder/{alg}")
    assert all(Path(path).is_file() for path in world.outputs.values())


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_folder_created_for_a_failed_run_is_removed(alg, world_of, project_layers, monkeypatch):
    world = world_of(alg)
    for key, path in world.outputs.items():
        world.outputs[key] = str(world.out_dir / "neu" / "Ergebnisse" / Path(path).name)
    _break(world, monkeypatch)
    run_unchecked(world, project_layers)
    assert not (world.out_dir / "neu").exists()


@pytest.mark.parametrize("suffix", [".dxf", ".txt"])
def test_sink_that_cannot_be_created_leaves_no_file(suffix, world_of, project_layers):
    """OGR's DXF driver makes the file, then cannot take the candidates' fields: nothing may stay.

    Geoconcept (.txt) takes them on QGIS 3.22 (written as kandidaten.txt.gxt, the result names
    that file); where it fails, nothing may stay either."""
    world = world_of("compensationscreening")
    world.outputs["OUTPUT"] = str(world.out_dir / f"kandidaten{suffix}")
    outcome = world.run(project_layers)
    left = sorted(p.name for p in world.out_dir.iterdir())
    assert outcome.error is not None or Path(outcome.result["OUTPUT"]).exists()
    if outcome.error is not None:
        assert not left, left
