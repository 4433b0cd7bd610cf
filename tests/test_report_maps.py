"""Report map figures: the legend shows what the map draws (and only that), in the language's number
format, inside its column; the municipalities are drawn as grey context with an overview map."""
import pytest
from qgis.core import QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemScaleBar
from qgis.PyQt.QtGui import QColor, QImage

from layers import memory_layer, square
from wertvoll.report.maps import CONTEXT_GREY, MapLook, figure_layout, render_map

CRS = "EPSG:25833"
X0, Y0 = 330000, 5690000


def zones(present):
    """Flood zones {zone: threshold m} as 1 km wide bands side by side (zone 0: no threshold)."""
    rows = [(square(X0 + i * 1000, Y0, X0 + i * 1000 + 900, Y0 + 2000), {"zone": zone, "threshold_m": height})
            for i, (zone, height) in enumerate(present.items())]
    return memory_layer("Polygon", CRS, ["zone:integer", "threshold_m:double"], rows, "zones")


def candidates(scores_selected):
    rows = [(square(X0 + i * 500, Y0, X0 + i * 500 + 400, Y0 + 400), {"score": score, "selected": selected})
            for i, (score, selected) in enumerate(scores_selected)]
    return memory_layer("Polygon", CRS, ["score:double", "selected:boolean"], rows, "candidates")


def municipalities():
    """Two municipalities side by side, 6 km × 5 km each, around the test layers."""
    rows = [(square(X0 - 3000, Y0 - 2000, X0 + 3000, Y0 + 3000), {"name": "Westdorf"}),
            (square(X0 + 3000, Y0 - 2000, X0 + 9000, Y0 + 3000), {"name": "Ostdorf"})]
    return memory_layer("Polygon", CRS, ["name:string"], rows, "gemeinden")


def items(layout, kind):
    return [item for item in layout.items() if isinstance(item, kind)]


def exported(tmp_path, layers, look=MapLook(), context=None):
    """The layout of the figure after drawing it (the legend filters by the map while drawing)."""
    project, layout = figure_layout(layers, look, context)
    from wertvoll.report.maps import _export_png

    assert _export_png(layout, tmp_path / "map.png", 60)
    return project, layout


def legend_labels(layout):
    """{layer name: [labels of its legend entries]} as drawn."""
    legend = items(layout, QgsLayoutItemLegend)[0]
    model = legend.model()
    return {node.name(): [n.data(0).replace("\n", " ") for n in model.layerLegendNodes(node)]
            for node in model.rootGroup().findLayers()}


def test_flood_legend_lists_the_zones_in_the_map_with_their_heights(qgis_app, tmp_path):
    # zone 2 is missing from the layer: its entry must not appear, and zone 3's lower bound is unknown
    layer = zones({0: None, 1: 1.5, 3: 4.0})
    _project, layout = exported(tmp_path, [(layer, "FLOOD_ZONES")], MapLook(names={"FLOOD_ZONES": "HW"}))
    assert legend_labels(layout) == {"HW": ["Zone 0: festgesetztes Überschwemmungsgebiet",
                                            "Zone 1: bis 1,5 m über Gewässer",
                                            "Zone 3: bis 4 m über Gewässer"]}


def test_flood_legend_in_english_with_a_zone_between_two_heights(qgis_app, tmp_path):
    layer = zones({1: 0.5, 2: 1.25})
    _project, layout = exported(tmp_path, [(layer, "FLOOD_ZONES")], MapLook(names={"FLOOD_ZONES": "F"}, lang="en"))
    assert legend_labels(layout) == {"F": ["zone 1: up to 0.5 m above the river",
                                           "zone 2: 0.5 to 1.25 m above the river"]}


@pytest.mark.parametrize("selected, expected_extra", [(True, ["ausgewählt (deckt den Bedarf)"]), (False, [])])
def test_candidate_legend_shows_the_drawn_classes_and_the_selection(qgis_app, tmp_path, selected, expected_extra):
    # scores 0.3 (class 0-0.5) and 2.4 (class 2-3); classes 0.5-2 and from 3 on are not drawn
    layer = candidates([(0.3, False), (2.4, selected)])
    _project, layout = exported(tmp_path, [(layer, "COMPENSATION")], MapLook(names={"COMPENSATION": "K"}))
    assert legend_labels(layout) == {"K": ["Punktzahl 0 – 0,5", "Punktzahl 2 – 3", *expected_extra]}


@pytest.mark.parametrize("count", [6, 16])
def test_a_long_legend_is_shrunk_into_its_column(qgis_app, tmp_path, count):
    # *count* layers of 4 zones each under long names: at 7 pt 6 need ~150 mm, the column has ~100 mm
    layers = [(zones({0: None, 1: 1.0, 2: 2.0, 3: 3.0}), "FLOOD_ZONES") for _ in range(count)]
    names = {"FLOOD_ZONES": "Hochwasserrisikozonen aus dem Geländemodell des Landesamts"}
    look = MapLook(title="T", names=names, attribution="© GeoSN, dl-de/by-2-0")
    _project, layout = exported(tmp_path, layers, look, municipalities())
    legend = items(layout, QgsLayoutItemLegend)[0]
    main, overview = sorted(items(layout, QgsLayoutItemMap), key=lambda m: -m.sizeWithUnits().height())
    top, height = legend.positionWithUnits().y(), legend.sizeWithUnits().height()
    left, width = legend.positionWithUnits().x(), legend.sizeWithUnits().width()
    assert height > 20  # drawn, not empty
    # inside the page (170 × 150 mm), right of the map, above the overview map
    assert left >= main.positionWithUnits().x() + main.sizeWithUnits().width()
    assert left + width <= 170 and top >= 0
    assert top + height <= overview.positionWithUnits().y()


def test_context_layer_is_drawn_in_grey_with_an_overview_and_attribution(qgis_app, tmp_path):
    layer = candidates([(0.3, False), (1.2, False)])
    look = MapLook(names={"COMPENSATION": "K"}, attribution="© GeoSN, dl-de/by-2-0", dpi=100)
    project, layout = exported(tmp_path, [(layer, "COMPENSATION")], look, municipalities())
    maps = items(layout, QgsLayoutItemMap)
    assert len(maps) == 2
    main, overview = sorted(maps, key=lambda m: -m.sizeWithUnits().height())
    assert overview.overview().linkedMap() is main
    # the overview shows both municipalities (12 km wide) around the map's extent
    assert overview.extent().contains(main.extent())
    assert overview.extent().width() >= 12000
    assert "Gemeindegrenzen" in legend_labels(layout)
    assert any(label.text() == "© GeoSN, dl-de/by-2-0" for label in items(layout, QgsLayoutItemLabel))
    assert items(layout, QgsLayoutItemScaleBar)
    image = QImage(str(tmp_path / "map.png"))
    grey = QColor(CONTEXT_GREY).rgb() & 0xFFFFFF
    pixels = {image.pixel(x, y) & 0xFFFFFF for x in range(image.width()) for y in range(image.height())}
    assert grey in pixels


def test_without_context_no_grey_boundaries_and_no_overview(qgis_app, tmp_path):
    layer = candidates([(0.3, False)])
    _project, layout = exported(tmp_path, [(layer, "COMPENSATION")], MapLook(dpi=100))
    assert len(items(layout, QgsLayoutItemMap)) == 1
    image = QImage(str(tmp_path / "map.png"))
    grey = QColor(CONTEXT_GREY).rgb() & 0xFFFFFF
    assert all(image.pixel(x, y) & 0xFFFFFF != grey for x in range(image.width()) for y in range(image.height()))


def test_render_map_keeps_its_signature(qgis_app, tmp_path):
    layer = candidates([(0.3, False)])
    assert render_map([(layer, "COMPENSATION")], tmp_path / "a.png") == str(tmp_path / "a.png")
    assert render_map([], tmp_path / "b.png") is None


def _gpkg_candidates(path, scores_selected):
    """The candidates as a GeoPackage layer (the screening's output format: OGR SQL for subsets)."""
    from osgeo import ogr, osr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(25833)
    lyr = ds.CreateLayer("candidates", srs, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("score", ogr.OFTReal))
    selected = ogr.FieldDefn("selected", ogr.OFTInteger)
    selected.SetSubType(ogr.OFSTBoolean)
    lyr.CreateField(selected)
    for i, (score, sel) in enumerate(scores_selected):
        feature = ogr.Feature(lyr.GetLayerDefn())
        feature.SetField("score", score)
        feature.SetField("selected", int(sel))
        x = X0 + i * 500
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x} {Y0},{x + 400} {Y0},{x + 400} {Y0 + 400},"
                                                      f"{x} {Y0 + 400},{x} {Y0}))"))
        lyr.CreateFeature(feature)
    ds = None
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{path}|layername=candidates", "candidates", "ogr")


def test_a_large_rule_styled_layer_is_drawn_rule_by_rule(qgis_app, tmp_path, monkeypatch):
    """From RULE_SPLIT_FEATURES features on (here 1), each rule of the candidates' style is a layer of
    its own (QGIS's rule renderer would keep every feature until the end of the drawing): a legend
    group of the rules' labels, each part holding the features of its rule, the selection on top."""
    import wertvoll.report.maps as maps

    monkeypatch.setattr(maps, "RULE_SPLIT_FEATURES", 1)
    layer = _gpkg_candidates(tmp_path / "c.gpkg", [(0.3, False), (0.7, True), (2.4, True), (3.5, False)])
    project, layout = exported(tmp_path, [(layer, "COMPENSATION")], MapLook(names={"COMPENSATION": "K"}))
    group = project.layerTreeRoot().findGroup("K")
    parts = {node.name(): node.layer().featureCount() for node in group.findLayers()}
    assert parts == {"Punktzahl 0 – 0,5": 1, "Punktzahl 0,5 – 1": 1, "Punktzahl 1 – 1,5": 0,
                     "Punktzahl 1,5 – 2": 0, "Punktzahl 2 – 3": 1, "Punktzahl ab 3": 1,
                     "ausgewählt (deckt den Bedarf)": 2}
    drawn = items(layout, QgsLayoutItemMap)[0].layers()
    assert drawn[0].name() == "ausgewählt (deckt den Bedarf)" and drawn[-1].name() == "Punktzahl 0 – 0,5"
    assert layer.subsetString() == "" and layer.featureCount() == 4  # the user's layer is untouched
