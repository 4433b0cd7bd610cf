#!/usr/bin/env python3
"""Build ``resources/models/stadtlandbilanz.model3``: the whole WERTvoll analysis as one model.

riparian strips → flood-risk zones → biotope corridors → compensation screening fed by all
three (river corridors, flood zones, network gaps as co-benefits) → the "stadt-land-bilanz"
report. Inputs, outputs and texts (English) are in ``algorithms/model.py``; the provider lists the
model as ``wertvoll:stadtlandbilanz`` ("City–countryside balance", German "Stadt-Land-Bilanz"); it
opens in the graphical Modeler like any model, so planners can change it. Rebuild after changing it here:
``.venv/bin/python scripts/make_model.py`` (headless QGIS).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
TARGET = ROOT / "resources" / "models" / "stadtlandbilanz.model3"

# the layout in the Modeler (centres of the boxes, scene units): the inputs in a column on the
# left, the three analyses in the middle, the screening and the report on the right, the outputs
# of each step in a column beside it. Without positions every box would sit at (0, 0).
INPUT_X, INPUT_TOP, ROW = 110, 40, 62
STEPS_AT = {"riparian": (430, 150), "flood": (430, 450), "network": (430, 780),
            "screening": (1000, 330), "report": (1000, 760)}
OUTPUT_DX = 270


def _input(model, name, kind, label, help_text, options, row=0):
    from qgis.core import (
        QgsProcessingModelParameter,
        QgsProcessingParameterEnum,
        QgsProcessingParameterField,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterNumber,
        QgsProcessingParameterRasterLayer,
        QgsProcessingParameterString,
    )
    from qgis.core import QgsProcessingParameterFeatureSource as Source
    from qgis.PyQt.QtCore import QPointF
    from wertvoll.compat import NUMBER_DOUBLE, TYPE_VECTOR_LINE, TYPE_VECTOR_POLYGON

    optional = options.get("optional", False)
    if kind == "lines":
        param = Source(name, label, [TYPE_VECTOR_LINE], optional=optional)
    elif kind == "polygons":
        param = Source(name, label, [TYPE_VECTOR_POLYGON], optional=optional)
    elif kind == "raster":
        param = QgsProcessingParameterRasterLayer(name, label, optional=optional)
    elif kind == "multi":
        param = QgsProcessingParameterMultipleLayers(name, label, TYPE_VECTOR_POLYGON, optional=optional)
    elif kind == "number":
        param = QgsProcessingParameterNumber(name, label, NUMBER_DOUBLE, options.get("default"), optional, 0)
    elif kind == "enum":
        param = QgsProcessingParameterEnum(name, label, list(options["options"]), False, options.get("default"),
                                           optional)
    elif kind == "string":
        param = QgsProcessingParameterString(name, label, options.get("default"), False, optional)
    else:  # field:<parent>
        param = QgsProcessingParameterField(name, label, None, kind.split(":")[1], optional=optional)
    param.setHelp(help_text)
    component = QgsProcessingModelParameter(name)
    component.setPosition(QPointF(INPUT_X, INPUT_TOP + row * ROW))
    model.addModelParameter(param, component)


def build():
    from qgis.core import (
        QgsApplication,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelOutput,
    )
    from qgis.core import QgsProcessingModelChildParameterSource as Src
    from qgis.PyQt.QtCore import QPointF

    from wertvoll.compat import FLAG_OPTIONAL

    from wertvoll.algorithms.model import GROUP_ID, INPUTS, NAME, OUTPUTS, SUMMARY

    # name = the id (wertvoll:stadtlandbilanz); the display name comes from ShippedModel, translated
    model = QgsProcessingModelAlgorithm(NAME, GROUP_ID, GROUP_ID)  # group = the id: QGIS 3.22 keeps one
    for row, spec in enumerate(INPUTS):
        _input(model, *spec, row=row)
    model.setParameterOrder([name for name, *_rest in INPUTS])  # the dialog's order (3.22 and newer)

    def child(child_id, alg_id, description, sources):
        step = QgsProcessingModelChildAlgorithm(alg_id)
        step.setChildId(child_id)
        step.setDescription(description)
        x, y = STEPS_AT[child_id]
        step.setPosition(QPointF(x, y))
        for name, source in sources.items():
            step.addParameterSources(name, [source])
        # every other mandatory parameter with its default, as the Modeler stores a step it adds:
        # without them QGIS validates the step as incomplete and draws it red
        algorithm = QgsApplication.processingRegistry().algorithmById(alg_id)
        for param in algorithm.parameterDefinitions():
            if param.isDestination() or param.name() in sources or param.flags() & FLAG_OPTIONAL:
                continue
            step.addParameterSources(param.name(), [Src.fromStaticValue(param.defaultValue())])
        declared = {}
        outputs = OUTPUTS[child_id]
        for i, (output_name, child_output, label) in enumerate(outputs):
            out = QgsProcessingModelOutput(output_name, label)
            out.setPosition(QPointF(x + OUTPUT_DX, y + (i - (len(outputs) - 1) / 2) * ROW))
            out.setChildId(child_id)
            out.setChildOutputName(child_output)
            out.setDefaultValue("TEMPORARY_OUTPUT")  # a temporary layer/file unless the user picks one
            declared[output_name] = out
        step.setModelOutputs(declared)
        model.addChildAlgorithm(step)

    p, s, c = Src.fromModelParameter, Src.fromStaticValue, Src.fromChildOutput
    child("riparian", "wertvoll:riparianstrips", "Gewässerrandstreifen / riparian strips", {
        "INPUT": p("RIVERS"), "CHANNEL_WIDTH_FIELD": p("CHANNEL_WIDTH_FIELD"), "BUILTUP": p("BUILTUP"),
        "RULESET": s("saxony"), "DEM": p("DEM"), "LANDUSE": p("PARCELS"), "LANDUSE_FIELD": p("LANDUSE_FIELD"),
    })
    child("flood", "wertvoll:floodriskzones", "Hochwasserrisikozonen / flood-risk zones", {
        "RIVERS": p("RIVERS"), "DEM": p("DEM"), "FLOODPLAIN": p("FLOODPLAIN"),
        "EXPOSURE": p("PARCELS"), "EXPOSURE_FIELD": p("LANDUSE_FIELD"),
    })
    child("network", "wertvoll:biotopecorridors", "Biotopverbund", {
        "PATCHES": p("PATCHES"), "LANDUSE": p("PARCELS"), "RESISTANCE_FIELD": p("LANDUSE_FIELD"),
        "DISPERSAL_COST": p("DISPERSAL_COST"),
    })
    child("screening", "wertvoll:compensationscreening", "Kompensationsflächen / compensation screening", {
        "INPUT": p("PARCELS"), "LANDUSE_FIELD": p("LANDUSE_FIELD"), "SOIL_FIELD": p("SOIL_FIELD"),
        "SEEPAGE": p("SEEPAGE"), "EXCLUSIONS": p("EXCLUSIONS"), "WATER_PROTECTION": p("WATER_PROTECTION"),
        "FLOODPLAIN": c("flood", "OUTPUT_ZONES"), "RIPARIAN": c("riparian", "OUTPUT_CORRIDORS"),
        "CORRIDORS": c("network", "OUTPUT_GAPS"), "MUNICIPALITIES": p("MUNICIPALITIES"),
        "MUNICIPALITY_FIELD": p("MUNICIPALITY_FIELD"), "DEMAND": p("DEMAND"),
        "SELECTION": p("SELECTION"), "ROBUSTNESS_RUNS": p("ROBUSTNESS_RUNS"),
        "W_CONNECTIVITY": p("W_CONNECTIVITY"), "NETWORK_LINKS": c("network", "OUTPUT_LINKS"),
        "NETWORK_PATCHES": c("network", "OUTPUT_PATCHES"),
    })
    # the report's FIELDS as JSON text (QGIS 3.22's to_json returns bytes, so it is spelled out);
    # a step's numeric outputs are variables named <step description>_<output>
    fields = Src.fromExpression(
        "'{\"author\": \"' || replace(replace(coalesce(@AUTHOR, ''), '\\\\', '\\\\\\\\'), '\"', '\\\\\"') || '\", "
        "\"demand\": ' || coalesce(to_string(@DEMAND), 'null') || ', "
        "\"pc\": ' || coalesce(to_string(@Biotopverbund_PC), 'null') || ', "
        "\"eca_m2\": ' || coalesce(to_string(@Biotopverbund_ECA), 'null') || '}'")
    child("report", "wertvoll:report", "Bericht Stadt-Land-Bilanz / report", {
        "TEMPLATE": s("stadt-land-bilanz"), "FIELDS": fields,
        "COMPENSATION": c("screening", "OUTPUT"), "SUMMARY": c("screening", "OUTPUT_SUMMARY"),
        "STRIPS": c("riparian", "OUTPUT_STRIPS"), "STRIP_LANDUSE": c("riparian", "OUTPUT_LANDUSE"),
        "CORRIDORS_RIVER": c("riparian", "OUTPUT_CORRIDORS"), "FLOOD_ZONES": c("flood", "OUTPUT_ZONES"),
        "FLOOD_EXPOSURE": c("flood", "OUTPUT_EXPOSURE"), "PATCHES": c("network", "OUTPUT_PATCHES"),
        "LINKS": c("network", "OUTPUT_LINKS"), "GAPS": c("network", "OUTPUT_GAPS"),
        "MUNICIPALITIES": p("MUNICIPALITIES"),  # grey boundaries, names and an overview in the maps
    })
    # English help in the file (the Modeler shows it); ShippedModel shows it in the user's language
    model.setHelpContent({"ALG_DESC": " ".join(SUMMARY), "ALG_CREATOR": "WERTvoll",
                          **{name: help_text for name, _k, _l, help_text, _o in INPUTS}})
    return model


def main():
    from qgis_headless import start_qgis

    start_qgis()
    model = build()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(TARGET)):
        sys.exit(f"model: could not write {TARGET}")
    print(f"model: wrote {TARGET.relative_to(ROOT)} ({len(model.childAlgorithms())} steps)")


if __name__ == "__main__":
    main()
