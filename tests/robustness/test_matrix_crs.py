"""Robustness matrix, CRS (issue 9): geographic input, one CRS per input, no CRS, raster ≠ vectors.

The worlds' rows are written in EPSG:25833 and reprojected into the case's CRS, so the hand
results of the worlds stay valid (the algorithms transform back; areas within 1e-6).
"each_different" adds inputs where a world has only one (screening: a drinking-water zone and
municipalities; riparian strips: a built-up area and land use; corridors: LANDUSE polygons
instead of the raster; report: template gewaesser with three map layers).
"web_mercator" puts every vector input into EPSG:3857, whose "metre" is 0.63 m on the ground
at Leipzig: the hand results hold because the algorithms measure in the data's UTM zone and
say so in the log. "mislabelled" gives the required input Gauß-Krüger coordinates labelled
EPSG:25833: whatever the run makes of it, the log warns that the coordinates do not fit the CRS;
"other_mislabelled" does so to a second input, which then also misses the first (a warning
naming both layers, their CRS and extents).
"raster_web_mercator": a raster that defines the analysis grid in EPSG:3857 is refused.
"""
import pytest

from .matrix_run import run_world
from .worlds import ALGORITHMS, WORLDS, NotApplicable

CASES = ("geographic", "each_different", "no_crs", "outside_crs", "web_mercator", "mislabelled", "other_mislabelled",
         "raster_differs",
         "raster_no_crs", "raster_web_mercator")


def _cases():
    out = []
    for case in CASES:
        for alg in ALGORITHMS:
            if case.startswith("raster") and WORLDS[alg].RASTER is None:
                continue  # no raster input: n/a
            out.append((case, alg))
    return out


@pytest.mark.parametrize("case,alg", _cases())
def test_crs(case, alg, world_of, project_layers):
    world = world_of(alg)
    try:
        expect = world.crs_case(case)
    except NotApplicable:
        pytest.skip(f"{case} does not apply to {alg} (no such input, or it measures nothing)")
    if expect == "mislabelled":  # a result or a clear error; the warning either way
        outcome = world.run(project_layers)
        assert any(w for w in outcome.warnings if "do not fit its CRS EPSG:25833" in w and "'" in w), \
            outcome.warnings
        if case == "other_mislabelled":  # and that it misses the main input, naming both
            primary = world.vectors[world.PRIMARY].name
            messages = outcome.warnings + [outcome.error or ""]  # the corridors refuse: nothing to cross
            assert any("does not overlap" in m and f"'{primary}'" in m for m in messages), messages
        return
    outcome = run_world(world, expect, project_layers, f"crs/{case}/{alg}")
    if outcome.error is not None and "no_crs" in case:
        assert "has no CRS" in outcome.error
    if case == "web_mercator" and alg != "report":
        assert any("EPSG:3857" in text and "EPSG:258" in text for text in outcome.feedback.infos
                   ) or alg in ("floodriskzones", "biotopecorridors"), outcome.feedback.infos
    if case == "raster_web_mercator":
        assert "metre on the ground" in outcome.error, outcome.error
