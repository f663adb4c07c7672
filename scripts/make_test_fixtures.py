"""Regenerate the real-data test fixtures of tests/data from the full public sets in ../shared/data.

    .venv/bin/python scripts/make_test_fixtures.py [SHARED_DATA_FOLDER]

(default: $MFAF_SHARED_DATA, else ../shared/data beside the checkout). The tests need only the files
this writes, which are committed; this script is here so that every crop and subset is
reproducible. What each file is, its origin and its licence: kola/LICENSE_DATA.md and
usgs_ngs/LICENSE_DATA.md. The Murchison set is not copied here: the tests use the copy the plugin
ships in resources/example/ (with its LICENSE_DATA.md).

* kola/: the Kola Project tables of the R package StatDA (GPL >= 3): every row of the moss,
  C-horizon and O-horizon tables with a subset of their columns (values copied as text, unchanged);
  the Monchegorsk and Nikel-Zapoljarnij outlines and the project boundary as GeoJSON polygons; four
  moss element grids (gdal.Grid, inverse distance to the 12 nearest sites within 25 km, 5 km cells,
  nodata -1) and two distance grids (distance to the coastline and to the lake shores of
  StatDA's kola.background, 2 km cells). EPSG:32635 (UTM 35N, as the data README assumes).
* usgs_ngs/: every row of the USGS National Geochemical Survey subset of thengl/GeoMLA with the
  columns the tests read.
"""

import csv
import json
import os
import sys
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
REPO = Path(__file__).resolve().parents[1]
HERE = REPO / "tests" / "data"  # where the fixtures go
EPSG_KOLA = 32635
MOSS_GRIDS = ("Ni", "Cu", "Co", "Hg")
GRID_OPTIONS = ["COMPRESS=DEFLATE", "PREDICTOR=3", "ZLEVEL=9"]
COLUMNS = {
    "kola_chorizon.csv": ["ID", "XCOO", "YCOO", "COUN", "Cu", "Hg", "Pb"],
    "kola_ohorizon.csv": ["ID", "XCOO", "YCOO", "COUN", "AoMEAN"],
    "ngs_geochem_2858.csv": ["LABNO", "PB_ICP40", "CU_ICP40", "CD_ICP40", "AS_ICP40", "TYPEDESC", "x_albers",
                             "y_albers"],
}
MOSS_SITE_COLUMNS = ["ID", "XCOO", "YCOO", "COUN"]
MOSS_FIRST_ELEMENT = "Ag"  # the moss table's element columns run from Ag to Zn (after the site description)


def copy_columns(src: Path, dst: Path, columns) -> int:
    """Every row of ``src`` with only ``columns`` (values copied as text); returns the row count."""
    with open(src, newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(dst, "w", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(columns)
        out.writerows([r[c] for c in columns] for r in rows)
    return len(rows)


def moss_columns(src: Path):
    with open(src, newline="") as fh:
        header = next(csv.reader(fh))
    return MOSS_SITE_COLUMNS + header[header.index(MOSS_FIRST_ELEMENT):]


def xy_parts(path: Path):
    """The parts of a StatDA x/y table (rows of NA separate the parts) as lists of (x, y)."""
    parts = [[]]
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh):
            if r["x"] == "NA":
                parts.append([])
            else:
                parts[-1].append((float(r["x"]), float(r["y"])))
    return [p for p in parts if p]


def write_polygons(dst: Path, polygons) -> None:
    """GeoJSON of ``polygons`` ({name: [(x, y), ...]}, rings closed here), EPSG:32635."""
    features = []
    for name, ring in polygons.items():
        ring = [list(p) for p in ring] + ([list(ring[0])] if ring[0] != ring[-1] else [])
        features.append({"type": "Feature", "properties": {"name": name},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    fc = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::{}".format(EPSG_KOLA)}},
          "features": features}
    dst.write_text(json.dumps(fc) + "\n")


def _srs():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG_KOLA)
    return srs


def moss_grid(rows, element: str, dst: Path) -> None:
    """gdal.Grid of one moss element: 5 km cells on multiples of 5 km around the sites, nodata -1."""
    src = gdal.GetDriverByName("Memory").Create("", 0, 0, 0, gdal.GDT_Unknown)
    lyr = src.CreateLayer("moss", srs=_srs(), geom_type=ogr.wkbPoint25D)
    for r in rows:
        g = ogr.Geometry(ogr.wkbPoint25D)
        g.AddPoint(float(r["XCOO"]), float(r["YCOO"]), float(r[element]))
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    xy = np.array([[float(r["XCOO"]), float(r["YCOO"])] for r in rows])
    cell = 5000.0
    x0, y0 = np.floor(xy.min(axis=0) / cell) * cell
    x1, y1 = np.ceil(xy.max(axis=0) / cell) * cell
    gdal.Grid(str(dst), src, format="GTiff", outputType=gdal.GDT_Float32, creationOptions=GRID_OPTIONS,
              width=int(round((x1 - x0) / cell)), height=int(round((y1 - y0) / cell)),
              outputBounds=[x0, y1, x1, y0],
              algorithm="invdistnn:power=2:max_points=12:radius=25000:nodata=-1")
    ds = gdal.Open(str(dst), gdal.GA_Update)
    ds.GetRasterBand(1).SetDescription(element)
    ds = None


def distance_grid(parts, envelope, dst: Path, name: str) -> None:
    """Distance (km) to the lines ``parts`` on 2 km cells covering ``envelope`` (xmin, xmax, ymin, ymax)."""
    cell = 2000.0
    x0, y0 = np.floor(np.array(envelope[::2]) / cell) * cell
    x1, y1 = np.ceil(np.array(envelope[1::2]) / cell) * cell
    cols, rows = int(round((x1 - x0) / cell)), int(round((y1 - y0) / cell))
    lines = gdal.GetDriverByName("Memory").Create("", 0, 0, 0, gdal.GDT_Unknown)
    lyr = lines.CreateLayer(name, srs=_srs(), geom_type=ogr.wkbLineString)
    for part in parts:
        g = ogr.Geometry(ogr.wkbLineString)
        for x, y in part:
            g.AddPoint_2D(x, y)
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    mem = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((x0, cell, 0.0, y1, 0.0, -cell))
    mem.SetProjection(_srs().ExportToWkt())
    gdal.RasterizeLayer(mem, [1], lyr, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    dist = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Float32)
    dist.SetGeoTransform(mem.GetGeoTransform())
    dist.SetProjection(mem.GetProjection())
    gdal.ComputeProximity(mem.GetRasterBand(1), dist.GetRasterBand(1), ["VALUES=1", "DISTUNITS=GEO"])
    km = np.round(dist.GetRasterBand(1).ReadAsArray() / 1000.0, 2).astype(np.float32)
    dist.GetRasterBand(1).WriteArray(km)
    dist.GetRasterBand(1).SetDescription(name)
    gdal.GetDriverByName("GTiff").CreateCopy(str(dst), dist, options=GRID_OPTIONS)


def make_kola(src: Path, out: Path) -> None:
    out.mkdir(exist_ok=True)
    copy_columns(src / "kola_moss.csv", out / "kola_moss.csv", moss_columns(src / "kola_moss.csv"))
    for name in ("kola_chorizon.csv", "kola_ohorizon.csv"):
        copy_columns(src / name, out / name, COLUMNS[name])
    write_polygons(out / "kola_smelter_areas.geojson",
                   {"Monchegorsk": xy_parts(src / "kola_monch_polygon.csv")[0],
                    "Nikel-Zapoljarnij": xy_parts(src / "kola_nizap_polygon.csv")[0]})
    boundary = xy_parts(src / "kola_bordersKola_polygon.csv")[0]
    write_polygons(out / "kola_project_boundary.geojson", {"Kola Project boundary": boundary})
    with open(out / "kola_moss.csv", newline="") as fh:
        moss = list(csv.DictReader(fh))
    for element in MOSS_GRIDS:
        moss_grid(moss, element, out / "moss_idw_{}.tif".format(element))
    bx, by = zip(*boundary)
    envelope = (min(bx), max(bx), min(by), max(by))
    distance_grid(xy_parts(src / "kola_bg_coast.csv"), envelope, out / "coast_distance.tif", "coast_distance")
    distance_grid(xy_parts(src / "kola_bg_lakes.csv"), envelope, out / "lake_distance.tif", "lake_distance")


def main(shared: Path) -> None:
    if not (shared / "kola_geochem").is_dir():
        sys.exit("make_test_fixtures: the full data sets are not in {} (give their folder, or set "
                 "MFAF_SHARED_DATA); the committed fixtures in tests/data are unchanged.".format(shared))
    make_kola(shared / "kola_geochem", HERE / "kola")
    (HERE / "usgs_ngs").mkdir(exist_ok=True)
    name = "ngs_geochem_2858.csv"
    copy_columns(shared / "usgs_ngs_subset_geomla" / name, HERE / "usgs_ngs" / name, COLUMNS[name])
    for p in sorted(HERE.rglob("*")):
        if p.is_file():
            print("{:>9,d}  {}".format(p.stat().st_size, p.relative_to(HERE)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(os.environ.get("MFAF_SHARED_DATA", REPO.parent / "shared" / "data")))
