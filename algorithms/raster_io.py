"""Rasters between QGIS/GDAL and numpy: read a layer as a grid, write a GeoTIFF, burn and trace shapes.

QGIS side of the kernels' :class:`kernels.grid.Grid`: every function speaks GDAL, none holds
state. Errors a planner can fix are translated ``QgsProcessingException``.
"""
from typing import NamedTuple

from qgis.core import QgsProcessingException

from ..i18n import tr


class RasterFrame(NamedTuple):
    """The grid of a raster layer without its values: ``shape`` (rows, cols) and GDAL ``geotransform``."""

    shape: tuple
    geotransform: tuple


def _open(layer):
    """The GDAL dataset of *layer*, north-up; ``QgsProcessingException`` when unreadable or rotated."""
    from osgeo import gdal

    try:  # gdal.Open returns None, or raises when someone called gdal.UseExceptions()
        dataset = gdal.Open(layer.source()) if layer is not None else None
    except RuntimeError:
        dataset = None
    if dataset is None:
        raise QgsProcessingException(_unreadable(layer))
    _, _, rx, _, ry, dy = dataset.GetGeoTransform()
    if rx != 0 or ry != 0 or dy >= 0:
        raise QgsProcessingException(tr("The raster '{name}' is rotated or not north-up. Warp it first "
                                        "(Raster > Projections > Warp).").format(name=layer.name()))
    return dataset


def _unreadable(layer):
    return tr("The raster '{name}' cannot be read. Use a GeoTIFF or another "
              "file GDAL can open.").format(name=layer.name() if layer else "")


def raster_frame(layer):
    """The :class:`RasterFrame` of a QGIS raster layer (GDAL provider); nothing is read but its header."""
    dataset = _open(layer)
    return RasterFrame((dataset.RasterYSize, dataset.RasterXSize), tuple(dataset.GetGeoTransform()))


def read_raster(layer, band=1, crs=None, bounds=None, dtype="float64", *, window=None, order="C"):
    """A QGIS raster layer (GDAL provider) as :class:`kernels.grid.Grid`, nodata -> NaN.

    With *bounds* ``(xmin, ymin, xmax, ymax)`` only that window is read (an exact
    cut-out); with a *crs* other than the layer's the raster is warped to it
    (bilinear) over *bounds*. With *window* ``(r0, r1, c0, c1)`` (rows and columns of
    the raster, inside it) only those cells are read, straight from the source band
    (no copy of the raster in between), on the raster's own cell grid. *order*
    ``"F"``: the values in Fortran order (column by column, as scikit-image's
    cost passes read them). Returns
    ``None`` when the window misses the raster. Raises ``QgsProcessingException``
    with a translated message for rasters that GDAL cannot open or that are rotated.
    """
    from osgeo import gdal

    dataset = _open(layer)
    x0, dx, _, y0, _, dy = dataset.GetGeoTransform()
    try:
        if crs is not None and layer.crs() != crs:
            dataset = gdal.Warp("", dataset, format="MEM", dstSRS=crs.toWkt(), outputBounds=bounds,
                                resampleAlg="bilinear", outputType=gdal.GDT_Float32, dstNodata=-3.4e38)
        elif bounds is not None:
            xmax, ymin = x0 + dx * dataset.RasterXSize, y0 + dy * dataset.RasterYSize
            cut = [max(bounds[0], x0), min(bounds[3], y0), min(bounds[2], xmax), max(bounds[1], ymin)]
            if cut[0] >= cut[2] or cut[3] >= cut[1]:
                return None
            dataset = gdal.Translate("", dataset, format="MEM", projWin=cut)
    except RuntimeError as error:
        raise QgsProcessingException(_unreadable(layer)) from error
    if dataset is None or dataset.RasterXSize == 0 or dataset.RasterYSize == 0:
        return None
    r0, r1, c0, c1 = window or (0, dataset.RasterYSize, 0, dataset.RasterXSize)
    source_band = dataset.GetRasterBand(band)
    raw = source_band.ReadAsArray(c0, r0, c1 - c0, r1 - r0)
    if raw is None:
        raise QgsProcessingException(_unreadable(layer))
    gx0, gdx, _, gy0, _, gdy = dataset.GetGeoTransform()
    return _grid(raw, source_band.GetNoDataValue(), (dtype, order), (gx0 + c0 * gdx, gy0 + r0 * gdy, gdx, -gdy))


def _grid(raw, nodata, layout, corner):
    """The band values *raw* as a :class:`kernels.grid.Grid` at *corner* (x0, y0, dx, dy), nodata -> NaN;
    *layout*: (dtype, memory order) of the values."""
    import numpy as np

    from ..kernels.grid import Grid

    dtype, order = layout
    values = raw.astype(dtype, order=order)
    if nodata is not None:
        values[raw == np.asarray(nodata).astype(raw.dtype)] = np.nan
    values[~np.isfinite(values)] = np.nan
    return Grid(values, *corner)


def write_raster(path, grid, crs, nodata=-9999.0, *, frame=None):
    """Write a :class:`kernels.grid.Grid` as float32 GeoTIFF, NaN -> *nodata*.

    With *frame* (a :class:`RasterFrame` the grid lies in, on its cells) the file covers the
    frame: the grid's values at their place, *nodata* elsewhere. Those cells are never
    written (sparse GeoTIFF: GDAL reads the missing tiles as nodata), so a small grid in a
    huge frame costs neither memory nor disk.
    """
    import numpy as np
    from osgeo import gdal

    rows, cols = grid.shape if frame is None else frame.shape
    row, col = (0, 0) if frame is None else _offset(grid, frame.geotransform)
    options = ["COMPRESS=DEFLATE", "TILED=YES"] + (["SPARSE_OK=TRUE"] if (rows, cols) != grid.shape else [])
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, gdal.GDT_Float32, options=options)
    if dataset is None:
        raise QgsProcessingException(tr("Cannot write the raster {path}. Check that the folder exists "
                                        "and is writable.").format(path=path))
    dataset.SetGeoTransform(grid.geotransform() if frame is None else frame.geotransform)
    dataset.SetProjection(crs.toWkt())
    out_band = dataset.GetRasterBand(1)
    out_band.SetNoDataValue(nodata)
    out_band.WriteArray(np.where(np.isfinite(grid.values), grid.values, nodata).astype(np.float32), col, row)
    out_band.FlushCache()
    dataset = None


def _offset(grid, geotransform):
    """(row, col) of the upper-left cell of *grid* on the grid of *geotransform* (same cells)."""
    x0, dx, _, y0, _, dy = geotransform
    col, row = (grid.x0 - x0) / dx, (grid.y0 - y0) / dy
    if abs(col - round(col)) > 1e-6 or abs(row - round(row)) > 1e-6 or (grid.dx, -grid.dy) != (dx, dy):
        raise ValueError("write_raster: the grid does not lie on the cells of the frame")
    return int(round(row)), int(round(col))


def gdal_rasterize(frame, geometries, values, *, all_touched=False, fill=0, dtype="float64", wkt=""):
    """Burn shapely *geometries* with *values* into a new numpy array (GDAL RasterizeLayer, in memory).

    *frame* is a :class:`kernels.corridors.RasterFrame` (shape, x0, y0, dx, dy). Same rules as :func:`kernels.corridors.rasterize_shapes` (later geometries win;
    cell centre inside, or with *all_touched* every cell the polygon overlaps), much
    faster on many polygons.
    """
    import numpy as np
    import shapely
    from osgeo import gdal, ogr, osr

    (rows, cols), x0, y0, dx, dy = frame
    dtype = np.dtype(dtype)
    gdal_type = gdal.GDT_Int32 if dtype.kind in "iu" else gdal.GDT_Float64
    dataset = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal_type)
    dataset.SetGeoTransform((x0, dx, 0.0, y0, 0.0, -dy))
    srs = None
    if wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(wkt)
        dataset.SetProjection(wkt)
    band = dataset.GetRasterBand(1)
    band.Fill(float(fill))
    # the in-memory vector driver is "Memory" up to GDAL 3.10, "MEM" from 3.11 on
    driver = ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")
    vector = driver.CreateDataSource("burn")
    layer = vector.CreateLayer("burn", srs=srs, geom_type=ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("value", ogr.OFTReal))
    definition = layer.GetLayerDefn()
    geometries = np.asarray(geometries, dtype=object)
    present = ~shapely.is_missing(geometries) if len(geometries) else np.zeros(0, dtype=bool)
    layer.StartTransaction()
    from ..kernels.geometry import to_wkb

    for wkb, value in zip(to_wkb(geometries[present]), np.asarray(values)[present]):
        feature = ogr.Feature(definition)
        feature.SetField(0, float(value))
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    options = ["ATTRIBUTE=value"] + (["ALL_TOUCHED=TRUE"] if all_touched else [])
    gdal.RasterizeLayer(dataset, [1], layer, options=options)
    out = band.ReadAsArray().astype(dtype)
    layer = vector = band = dataset = None
    return out


def gdal_polygonize(values, x0, y0, dx, dy):
    """Polygons of the non-zero cells of the uint8 raster *values* (GDAL Polygonize, in memory).

    4-connected regions (so every ring is valid); returns ``(shapely geometries,
    values)``, one polygon per region. Same polygons as
    :func:`kernels.flood.polygonize_zones`, about seven times faster on large rasters.
    """
    import numpy as np
    from osgeo import gdal

    rows, cols = values.shape
    dataset = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((x0, dx, 0.0, y0, 0.0, -dy))
    band = dataset.GetRasterBand(1)
    band.WriteArray(np.ascontiguousarray(values, dtype=np.uint8))
    return _polygonized(band)


def gdal_polygonize_band(band):
    """:func:`gdal_polygonize` of a GDAL raster *band*, e.g. of a :class:`TiffWriter` (GDAL reads it line
    by line, so the raster need not fit in memory)."""
    return _polygonized(band)


def _polygonized(band):
    """(shapely polygons, values) of the non-zero cells of the GDAL *band*, one per 4-connected region."""
    import numpy as np
    import shapely
    from osgeo import gdal, ogr

    # the in-memory vector driver is "Memory" up to GDAL 3.10, "MEM" from 3.11 on
    driver = ogr.GetDriverByName("Memory") or ogr.GetDriverByName("MEM")
    vector = driver.CreateDataSource("zones")
    layer = vector.CreateLayer("zones", geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("zone", ogr.OFTInteger))
    gdal.Polygonize(band, band, layer, 0, [], callback=None)  # the band as its own mask: 0 is left out
    wkbs, zones = [], []
    layer.ResetReading()
    for feature in layer:
        wkbs.append(bytes(feature.GetGeometryRef().ExportToWkb()))
        zones.append(feature.GetField(0))
    layer = vector = band = None
    geometries = shapely.from_wkb(np.array(wkbs, dtype=object)) if wkbs else np.empty(0, dtype=object)
    return geometries, np.array(zones, dtype=np.int64)


# --------------------------------------------------------------------------- by windows (tiled runs)

def window_reader(layer, band=1):
    """``(frame, read)`` of a raster layer read by windows: *frame* ``(shape, x0, y0, dx, dy)`` and
    ``read(r0, r1, c0, c1)`` -> float64 with NaN for nodata (for :class:`kernels.flood_tiles.RasterSource`)."""
    import numpy as np

    dataset = _open(layer)
    source_band = dataset.GetRasterBand(band)
    nodata = source_band.GetNoDataValue()
    x0, dx, _, y0, _, dy = dataset.GetGeoTransform()

    def read(r0, r1, c0, c1):
        raw = source_band.ReadAsArray(c0, r0, c1 - c0, r1 - r0)
        if raw is None:
            raise QgsProcessingException(_unreadable(layer))
        return _grid(raw, nodata, (np.float64, "C"), (0, 0, 1, 1)).values

    read.dataset = dataset  # keeps the dataset open as long as the reader lives
    return ((dataset.RasterYSize, dataset.RasterXSize), x0, y0, dx, -dy), read


class TiffWriter:
    """A GeoTIFF written block by block (tiled, deflate, BigTIFF when needed, sparse: blocks never
    written read as nodata) on the grid of *frame* (a :class:`RasterFrame`); readable meanwhile.

    ``write(r0, c0, block)``: NaN -> *nodata*; ``read(r0, r1, c0, c1)`` -> float64;
    :meth:`close` flushes. *dtype*: ``"float32"`` or ``"uint8"`` (nodata None: no nodata value).
    """

    def __init__(self, path, frame, crs, *, dtype="float32", nodata=-9999.0):
        from osgeo import gdal

        rows, cols = frame.shape
        kind = gdal.GDT_Float32 if dtype == "float32" else gdal.GDT_Byte
        options = ["COMPRESS=DEFLATE", "TILED=YES", "BIGTIFF=IF_SAFER", "SPARSE_OK=TRUE"]
        self.path, self.dtype, self.nodata = str(path), dtype, nodata
        self.dataset = gdal.GetDriverByName("GTiff").Create(self.path, cols, rows, 1, kind, options=options)
        if self.dataset is None:
            raise QgsProcessingException(tr("Cannot write the raster {path}. Check that the folder exists "
                                            "and is writable.").format(path=path))
        self.dataset.SetGeoTransform(frame.geotransform)
        if crs is not None:
            self.dataset.SetProjection(crs.toWkt())
        self.band = self.dataset.GetRasterBand(1)
        if nodata is not None:
            self.band.SetNoDataValue(nodata)

    def write(self, r0, c0, block):
        import numpy as np

        if self.nodata is not None:
            block = np.where(np.isnan(block), self.nodata, block)
        self.band.WriteArray(np.ascontiguousarray(block, dtype=self.dtype), int(c0), int(r0))

    def read(self, r0, r1, c0, c1):
        import numpy as np

        return self.band.ReadAsArray(int(c0), int(r0), int(c1 - c0), int(r1 - r0)).astype(np.float64)

    def flush(self):
        """Write what GDAL holds in its cache to the file (it stays open for writing and reading)."""
        if self.dataset is not None:
            self.dataset.FlushCache()

    def close(self):
        self.flush()
        self.band = self.dataset = None
