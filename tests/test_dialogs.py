"""What the algorithm dialogs offer: only layers of the fitting geometry, optional layers empty, and
no developer reference ("issue 17") in any text a user reads."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINE, POLYGON, POINT, TABLE = 1, 2, 0, 5  # QgsProcessing source types (TypeVectorLine …), written out

# every layer parameter of every algorithm and the geometries its dialog offers (worked out from
# what each tool reads: rivers are lines, water areas polygons, exposure may be points, tables any)
EXPECTED = {
    "compensationscreening": {"INPUT": [POLYGON], "EXCLUSIONS": POLYGON, "WATER_PROTECTION": [POLYGON],
                              "FLOODPLAIN": [POLYGON], "RIPARIAN": [POLYGON], "CORRIDORS": [POLYGON, LINE],
                              "MUNICIPALITIES": [POLYGON], "NETWORK_LINKS": [LINE],
                              "NETWORK_PATCHES": [POLYGON], "SEEPAGE": "raster"},
    "riparianstrips": {"INPUT": [LINE, POLYGON], "BANK_AREAS": [POLYGON], "BUILTUP": [POLYGON],
                       "LANDUSE": [POLYGON], "DEM": "raster"},
    "floodriskzones": {"RIVERS": [LINE], "DEM": "raster", "FLOODPLAIN": [POLYGON], "EXPOSURE": [POLYGON, POINT]},
    "biotopecorridors": {"PATCHES": [POLYGON], "RESISTANCE": "raster", "LANDUSE": [POLYGON]},
    "report": {"COMPENSATION": [POLYGON], "SUMMARY": [TABLE], "STRIPS": [POLYGON], "STRIP_LANDUSE": [TABLE],
               "CORRIDORS_RIVER": [POLYGON], "FLOOD_ZONES": [POLYGON], "FLOOD_EXPOSURE": [TABLE],
               "LINKS": [LINE], "PATCHES": [POLYGON], "GAPS": [LINE], "MUNICIPALITIES": [POLYGON]},
}
LAYER_TYPES = {"source", "vector", "raster", "multilayer", "layer"}


def offered(param):
    if param.type() == "raster":
        return "raster"
    return param.layerType() if param.type() == "multilayer" else param.dataTypes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layer_parameters_offer_only_fitting_geometries(provider, name):
    from wertvoll.compat import FLAG_OPTIONAL

    algorithm = provider.algorithm(name)
    layers = {p.name(): p for p in algorithm.parameterDefinitions() if p.type() in LAYER_TYPES}
    assert {n: offered(p) for n, p in layers.items()} == EXPECTED[name]
    for param in layers.values():  # nothing preset: an optional layer starts empty in the dialog
        assert param.defaultValue() in (None, ""), param.name()
        assert param.flags() & FLAG_OPTIONAL or param.name() in ("INPUT", "RIVERS", "DEM", "PATCHES"), param.name()


ISSUE = re.compile(r"\bissues?\s*#?\d+", re.IGNORECASE)


def test_no_user_text_names_a_development_issue(provider):
    from wertvoll.algorithms.model import INPUTS, SUMMARY

    texts = [(f"{alg.id()} help", alg.shortHelpString()) for alg in provider.algorithms()]
    texts += [(f"{alg.id()}:{p.name()}", f"{p.description()} {p.help()}")
              for alg in provider.algorithms() for p in alg.parameterDefinitions()]
    texts += [("model", " ".join(SUMMARY))] + [(name, f"{label} {text}") for name, _k, label, text, _o in INPUTS]
    files = [*ROOT.glob("docs/en/*.md"), *ROOT.glob("docs/de/*.md"), *ROOT.glob("resources/help/*/*.html")]
    texts += [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in files]
    assert len(files) > 20
    assert [where for where, text in texts if ISSUE.search(text)] == []
