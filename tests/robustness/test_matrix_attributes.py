"""Robustness matrix, attributes (issue 9).

Cases: a field that is not there, a field of the wrong type, NULL values, umlauts and ß in field
names and values, codes missing from a value table, negative or NaN numbers. Which field each
case touches, and the expected result, is in the world's ``attribute_case`` (worlds/).
"""
import pytest

from .matrix_run import run_world
from .worlds import ALGORITHMS, NotApplicable

CASES = ("missing_field", "wrong_type", "null_values", "umlauts", "missing_codes", "negative_nan")
#: (case, algorithm) without such an input: documented as n/a in docs/robustness.md
NOT_APPLICABLE = {("missing_codes", "floodriskzones")}


@pytest.mark.parametrize("case,alg", [(c, a) for c in CASES for a in ALGORITHMS if (c, a) not in NOT_APPLICABLE])
def test_attribute(case, alg, world_of, project_layers):
    world = world_of(alg)
    try:
        expect = world.attribute_case(case)
    except NotApplicable:
        pytest.fail(f"{alg} has no input for {case}: list it in NOT_APPLICABLE")
    run_world(world, expect, project_layers, f"attribute/{case}/{alg}")


def test_errors_reach_the_planner_in_german(german, world_of, project_layers):
    """With the German translation installed the matrix's errors come out German (the same tr())."""
    world = world_of("compensationscreening")
    world.attribute_case("missing_field")
    outcome = run_world(world, "error", project_layers, "german/missing_field")
    assert outcome.error == "Das Feld 'gibt_es_nicht' gibt es im Kandidaten-Layer nicht. Wählen Sie eines seiner Felder."
    world = world_of("riparianstrips")
    world.output_case("read_only_under_file")
    outcome = run_world(world, "error", project_layers, "german/read_only")
    assert f"In {world.blocked} kann nicht geschrieben werden" in outcome.error


def test_nan_patch_id_is_left_out_like_null(world_of, project_layers):
    """A third patch whose id is NaN (a double field) is left out with the NULL warning, not made a patch 'nan':
    the world's hand result (patches 1 and 2, one link) stands."""
    world = world_of("biotopecorridors")
    spec = world.vectors["PATCHES"]
    spec.fields = ["pid:double"]
    spec.rows = [(wkt, {"pid": float(values["pid"])}) for wkt, values in spec.rows]
    spec.rows.append((world.dot(1, 1).wkt, {"pid": float("nan")}))
    world.expect_warnings.append("1 patch features have no id (NULL or NaN in PATCH_ID_FIELD)")
    run_world(world, None, project_layers, "attribute/nan_id/biotopecorridors")



def test_fid_as_river_id_without_dissolving(world_of, project_layers):
    """The river id field is a GeoPackage's 'fid' and DISSOLVE is off: several strips per river share it.

    Copied as 'fid' it would collide with the output GeoPackage's own feature ids (OGR refuses
    the second strip); it is copied as 'src_fid', and the hand result of the world stands."""
    world = world_of("riparianstrips")
    spec = world.vectors["INPUT"]
    spec.kind = "geojson"
    spec.fields = ["fid:integer"] + spec.fields
    spec.rows = [(wkt, {"fid": 7, **values}) for wkt, values in spec.rows]
    world.params.update(RIVER_ID_FIELD="fid", DISSOLVE=False)
    outcome = run_world(world, None, project_layers, "attribute/fid_river_id/riparianstrips")
    from .matrix_outputs import features

    strips = features(outcome, "OUTPUT_STRIPS")
    assert len(strips) >= 2 and {f["src_fid"] for f in strips} == {7}
