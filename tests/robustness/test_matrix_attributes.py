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
