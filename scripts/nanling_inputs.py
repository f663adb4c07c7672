"""Inputs of the South China lithium runs (scripts/run_cv_results.sh), from ../shared/data/nanling_li_rasters.

    python3 scripts/nanling_inputs.py <nanling_li_rasters folder> <output folder>

Writes, on the element grid (Idw_*.tif, about 4.2 km cells, EPSG:32650):

* ``elements.tif``: 8 stream-sediment elements chosen before looking at any result (lithium
  pegmatite / granite pathfinders: Li Be Nb Sn W F B K2O; never Idw_xx / Idw_yy, which are the
  longitude and latitude grids), nodata -9999 where the grids hold -1;
* ``strip.gpkg``: the element-grid cells at least half inside the NE-SW strip where Faults /
  Granite / Strata are defined (the data README: 6,949 of 20,460 cells; all deposits lie in it,
  and on the whole rectangle "inside the strip" alone would predict them);
* ``deposits.gpkg``: the centres of the Li_deposits0.tif cells (23 deposits).
"""

import sys

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ELEMENTS = ["Li", "Be", "Nb", "Sn", "W", "F", "B", "K2O"]


def write_elements(src: str, out: str) -> gdal.Dataset:
    ref = gdal.Open(src + "/Idw_Li.tif")
    ds = gdal.GetDriverByName("GTiff").Create(out + "/elements.tif", ref.RasterXSize, ref.RasterYSize,
                                              len(ELEMENTS), gdal.GDT_Float32)
    ds.SetGeoTransform(ref.GetGeoTransform())
    ds.SetProjection(ref.GetProjection())
    for i, el in enumerate(ELEMENTS):
        a = gdal.Open(src + "/Idw_{}.tif".format(el)).ReadAsArray().astype(np.float32)
        b = ds.GetRasterBand(i + 1)
        b.SetNoDataValue(-9999.0)
        b.SetDescription(el)
        b.WriteArray(np.where(a == -1, -9999.0, a))
    ds = None
    return ref


def strip_on_element_grid(src: str, ref: gdal.Dataset) -> np.ndarray:
    """Share of each element-grid cell inside the strip (1 km layers averaged onto the grid)."""
    inside = None
    for name in ("Faults.tif", "Granite.tif", "Strata.tif"):
        a = gdal.Open(src + "/" + name).ReadAsArray() != 0
        inside = a if inside is None else inside | a
    f = gdal.Open(src + "/Faults.tif")
    mem = gdal.GetDriverByName("MEM").Create("", f.RasterXSize, f.RasterYSize, 1, gdal.GDT_Float32)
    mem.SetGeoTransform(f.GetGeoTransform())
    mem.SetProjection(f.GetProjection())
    mem.GetRasterBand(1).WriteArray(inside.astype(np.float32))
    gt = ref.GetGeoTransform()
    bounds = (gt[0], gt[3] + ref.RasterYSize * gt[5], gt[0] + ref.RasterXSize * gt[1], gt[3])
    share = gdal.Warp("", mem, format="MEM", outputBounds=bounds, width=ref.RasterXSize, height=ref.RasterYSize,
                      resampleAlg="average", dstSRS=ref.GetProjection())
    return share.ReadAsArray()


def write_polygons(mask: np.ndarray, ref: gdal.Dataset, path: str) -> None:
    mem = gdal.GetDriverByName("MEM").Create("", ref.RasterXSize, ref.RasterYSize, 1, gdal.GDT_Byte)
    mem.SetGeoTransform(ref.GetGeoTransform())
    mem.SetProjection(ref.GetProjection())
    mem.GetRasterBand(1).WriteArray(mask.astype(np.uint8))
    drv = ogr.GetDriverByName("GPKG")
    if ogr.Open(path) is not None:
        drv.DeleteDataSource(path)
    v = drv.CreateDataSource(path)
    lyr = v.CreateLayer("strip", srs=osr.SpatialReference(wkt=ref.GetProjection()), geom_type=ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    gdal.Polygonize(mem.GetRasterBand(1), mem.GetRasterBand(1), lyr, 0)
    v = None


def write_deposits(src: str, path: str) -> int:
    d = gdal.Open(src + "/Li_deposits0.tif")
    gt = d.GetGeoTransform()
    rows, cols = np.nonzero(d.ReadAsArray() == 1)
    drv = ogr.GetDriverByName("GPKG")
    if ogr.Open(path) is not None:
        drv.DeleteDataSource(path)
    v = drv.CreateDataSource(path)
    lyr = v.CreateLayer("deposits", srs=osr.SpatialReference(wkt=d.GetProjection()), geom_type=ogr.wkbPoint)
    for r, c in zip(rows, cols):
        feat = ogr.Feature(lyr.GetLayerDefn())
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5])
        feat.SetGeometry(g)
        lyr.CreateFeature(feat)
    v = None
    return len(rows)


def main(src: str, out: str) -> None:
    import os

    if not os.path.isfile(os.path.join(src, "Idw_Li.tif")):
        sys.exit("nanling_inputs: no South China lithium rasters in '{}'. They are in the shared data folder "
                 "(../shared/data/nanling_li_rasters beside the checkout, or set MFAF_SHARED_DATA), not in the "
                 "repository (their redistribution rights are not stated).".format(src))
    ref = write_elements(src, out)
    mask = strip_on_element_grid(src, ref) >= 0.5
    write_polygons(mask, ref, out + "/strip.gpkg")
    n = write_deposits(src, out + "/deposits.gpkg")
    print("nanling inputs: {} elements, {} strip cells of {}, {} deposits".format(
        len(ELEMENTS), int(mask.sum()), mask.size, n))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
