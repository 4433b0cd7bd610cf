"""The measuring CRS and the CRS-label checks (algorithms/crs.py), against values worked out by hand."""
import math

import pytest


@pytest.fixture
def crs_module(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsRectangle

    from wertvoll.algorithms import crs

    return crs, QgsCoordinateReferenceSystem, QgsRectangle, QgsCoordinateTransformContext()


def _extent_at(module, authid, lon, lat, half=500.0):
    """A 1 km square around (lon, lat), in the units of *authid*."""
    from qgis.core import QgsCoordinateTransform, QgsPointXY

    crs, crs_class, rectangle, context = module
    point = QgsCoordinateTransform(crs_class("EPSG:4326"), crs_class(authid), context).transform(QgsPointXY(lon, lat))
    return rectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half)


def test_web_mercator_at_leipzig_is_not_ground_metres(crs_module):
    """Mercator stretches by 1/cos(latitude): one unit at 51.34° N is cos(51.34°) = 0.625 m (sphere),
    and the ellipsoid changes that by less than 0.5 %."""
    crs, crs_class, _, context = crs_module
    extent = _extent_at(crs_module, "EPSG:3857", 12.37, 51.34)
    scale = crs.ground_scale(crs_class("EPSG:3857"), extent, context)
    assert scale == pytest.approx(math.cos(math.radians(51.34)), rel=0.005)
    chosen, _ = crs.measuring_crs(crs_class("EPSG:3857"), extent, context)
    assert chosen.authid() == "EPSG:25833"  # 12.37° E lies in UTM zone 33 (12°-18° E)


@pytest.mark.parametrize("authid", ["EPSG:25833", "EPSG:25832", "EPSG:31468", "EPSG:3035"])
def test_metric_crs_of_saxony_are_kept(crs_module, authid):
    """UTM (scale 0.9996 on the central meridian), Gauß-Krüger (1.0) and LAEA stay within 1 %."""
    crs, crs_class, _, context = crs_module
    extent = _extent_at(crs_module, authid, 12.37, 51.34)
    assert crs.is_ground_metric(crs_class(authid), extent, context)
    assert crs.measuring_crs(crs_class(authid), extent, context)[0].authid() == authid


@pytest.mark.parametrize("lon,lat,expected", [(12.37, 51.34, "EPSG:25833"), (11.9, 51.0, "EPSG:25832"),
                                              (-73.9, 40.7, "EPSG:32618"), (151.2, -33.9, "EPSG:32756")])
def test_utm_zone(crs_module, lon, lat, expected):
    """Zone = floor((lon + 180) / 6) + 1; ETRS89 codes 258zz in Europe, WGS 84 326zz/327zz elsewhere."""
    assert crs_module[0].utm_crs(lon, lat).authid() == expected


def test_geographic_data_are_measured_in_their_utm_zone(crs_module):
    crs, crs_class, rectangle, context = crs_module
    chosen, scale = crs.measuring_crs(crs_class("EPSG:4326"), rectangle(12.3, 51.3, 12.4, 51.4), context)
    assert scale is None and chosen.authid() == "EPSG:25833"


@pytest.mark.parametrize("coordinates", [
    (12.3, 51.3, 12.4, 51.4),                      # degrees labelled as UTM metres
    (4519307, 5688345, 4519361, 5688447),          # Gauß-Krüger zone 4 (EPSG:31468) labelled as UTM 33
])
def test_label_problem_catches_coordinates_of_another_crs(crs_module, coordinates):
    crs, crs_class, rectangle, context = crs_module
    message = crs.label_problem("flurstuecke", crs_class("EPSG:25833"), rectangle(*coordinates), context)
    assert "'flurstuecke'" in message and "EPSG:25833" in message


def test_label_problem_accepts_leipzig_in_utm_32_and_33(crs_module):
    """Leipzig (12.37° E) lies 0.37° east of zone 32's strip: within the 3° margin."""
    crs, crs_class, _, context = crs_module
    for authid in ("EPSG:25833", "EPSG:25832"):
        extent = _extent_at(crs_module, authid, 12.37, 51.34)
        assert crs.label_problem("x", crs_class(authid), extent, context) == ""


def test_data_outside_the_area_of_use_are_measured_as_they_are(crs_module):
    """Local or CAD coordinates (x, y ≈ 10⁷) labelled EPSG:25833: no reprojection of wild coordinates."""
    crs, crs_class, rectangle, context = crs_module
    utm = crs_class("EPSG:25833")
    chosen, _ = crs.measuring_crs(utm, rectangle(0, 0, 9.9e6, 9.9e6), context)
    assert chosen == utm
    assert "as they are" in crs.measuring_note("cad", utm, chosen, crs.ground_scale(utm, rectangle(0, 0, 9.9e6, 9.9e6),
                                                                                    context))
