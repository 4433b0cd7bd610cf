"""Robustness matrix, outputs (issue 9).

GeoPackage (the worlds' default, so every other case also checks that an error leaves no file),
Shapefile (field names of at most 10 characters: WERTvoll's longer names arrive cut to their
first 10 characters, unique for every output), memory layers, Processing's temporary outputs, a
path with spaces and umlauts, and unwritable destinations. Tests run as root, which chmod does
not stop; the unwritable folders here are honest for root too: a path *under a regular file*,
and a path in /proc.
"""
import pytest

from .matrix_outputs import fail_last_output, shapefile_name
from .matrix_run import run_unchecked, run_world
from .worlds import ALGORITHMS, WORLDS

CASES = ("geopackage", "shapefile", "memory", "temporary", "umlaut_path", "read_only_under_file",
         "read_only_proc", "read_only_last")


def _cases():
    return [(c, a) for c in CASES for a in ALGORITHMS if WORLDS[a].SINKS or c not in ("shapefile", "memory")]


@pytest.mark.parametrize("case,alg", _cases())
def test_output(case, alg, world_of, project_layers):
    world = world_of(alg)
    expect = world.output_case(case)
    outcome = run_world(world, expect, project_layers, f"output/{case}/{alg}")
    if case.startswith("read_only"):  # the message names the folder that cannot be written
        assert str(world.blocked) in outcome.error, outcome.error


@pytest.mark.parametrize("alg", [a for a in ALGORITHMS if WORLDS[a].SINKS])
def test_output_field_names_survive_a_shapefile(alg):
    """Cut to 10 characters, the names of every output stay unique (dBASE limit)."""
    for key, names in WORLDS[alg].FIELDS.items():
        cut = [shapefile_name(n) for n in names]
        assert len(set(cut)) == len(cut), (alg, key, cut)


@pytest.mark.parametrize("alg", [a for a in ALGORITHMS if len(WORLDS[a].SINKS) > 1])
def test_error_after_the_first_outputs_takes_them_back(alg, world_of, project_layers, monkeypatch):
    """The last vector output fails after the others (and a raster) were written, and after its
    own file was made (disk full, say): processAlgorithm deletes them all."""
    world = world_of(alg)
    fail_last_output(monkeypatch, world)
    context = run_unchecked(world, project_layers)
    left = [p for p in world.output_files() if p.exists()]
    assert not left, left
    assert not context.layersToLoadOnCompletion()


def test_report_maps_every_long_field_name():
    """Every WERTvoll output field longer than 10 characters is known to the report's mapping."""
    from wertvoll.report.layers import LONG_FIELD_NAMES, full_names

    long_names = {n for w in WORLDS.values() for names in w.FIELDS.values() for n in names if len(n) > 10}
    assert long_names <= set(LONG_FIELD_NAMES), long_names - set(LONG_FIELD_NAMES)
    assert full_names([shapefile_name(n) for n in LONG_FIELD_NAMES]) == list(LONG_FIELD_NAMES)


def test_report_from_shapefile_outputs(world_of, project_layers):
    """Screening -> Shapefile -> report: the cut names are read, the numbers are the layer's."""
    from qgis.core import QgsVectorLayer

    screening = world_of("compensationscreening")
    screening.output_case("shapefile")
    run_world(screening, None, project_layers, "output/shapefile-to-report/compensationscreening")
    candidates = QgsVectorLayer(screening.outputs["OUTPUT"], "kandidaten", "ogr")
    assert "municipali" in candidates.fields().names()
    report = world_of("report")
    report.vectors["COMPENSATION"] = None
    report.params.update(COMPENSATION=candidates,
                         SUMMARY=QgsVectorLayer(screening.outputs["OUTPUT_SUMMARY"][:-4] + ".dbf", "summary", "ogr"))
    report.expected = {"count": 2, "uplift": 150000.0, "selected": 0.0}  # the screening world by hand
    run_world(report, None, project_layers, "output/shapefile-to-report/report")
