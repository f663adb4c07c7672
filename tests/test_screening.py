"""Stage 1: ZAUC (paper Table 2), cleaning of real survey values, mfaf:screenelements on real data
(the Kola moss survey, labelled by the smelter-area outlines that ship with it; tests/data)."""

import csv

import numpy as np
import pytest

from mfaf_testing import data_file, kola_layers, kola_moss_points, kola_smelter_sites, write_points_gpkg

from mfaf.mfaf_plugin.data import cleaning
from mfaf.mfaf_plugin.data import screening
from mfaf.mfaf_plugin.common.errors import InputError

# Paper Table 2 (AUC, ZAUC) with n1 = 121 positives and n2 = 124 negatives.
TABLE2 = {
    "Ag": (0.6762, 5.1563), "Au": (0.6024, 2.8395), "B": (0.5901, 2.4839), "Sn": (0.6065, 2.9595),
    "Cu": (0.6311, 3.6977), "Ba": (0.6147, 3.2020), "Mn": (0.5573, 1.5617), "Pb": (0.5778, 2.1341),
    "Zn": (0.5450, 1.2232), "As": (0.5655, 1.7893), "Sb": (0.5942, 2.6017), "Bi": (0.5901, 2.4839),
    "Hg": (0.6393, 3.9516), "Mo": (0.5983, 2.7203), "W": (0.5778, 2.1341), "F": (0.5696, 1.9037),
}
KOLA_ELEMENTS = ["Ni", "Cu", "Co", "As", "Pb", "Mn", "Hg", "Sc"]


def test_zauc_reproduces_table2():
    for el, (auc, z) in TABLE2.items():
        assert screening.zauc(auc, 121, 124) == pytest.approx(z, abs=0.002), el
    assert screening.zauc(0.6762, 121, 124) == pytest.approx(5.156, abs=0.002)
    assert screening.zauc(0.6393, 121, 124) == pytest.approx(3.952, abs=0.002)
    assert screening.zauc(0.5901, 121, 124) == pytest.approx(2.484, abs=0.002)
    kept = {el for el, (auc, _) in TABLE2.items() if screening.zauc(auc, 121, 124) > 2.58}
    assert kept == {"Ag", "Au", "Sn", "Cu", "Ba", "Sb", "Hg", "Mo"}
    assert screening.zauc(0.5, 10, 10) == 0.0


def test_direction_negative_indicator():
    """Generated: low values at the positives -> direction -1, AUC of the negated score."""
    rng = np.random.default_rng(0)
    pos = np.zeros(200, dtype=bool)
    pos[:50] = True
    v = rng.normal(size=200)
    v[pos] -= 1.5
    (s,) = screening.screen_elements({"x": v}, pos, ~pos)
    assert s.direction == -1 and s.auc > 0.8 and s.selected
    from sklearn.metrics import roc_auc_score

    assert s.auc == pytest.approx(roc_auc_score(pos, -v))


def _csv_column(path, name):
    with open(path, newline="") as fh:
        return [row[name] for row in csv.DictReader(fh)]


def test_cleaning_usgs_negative_codes():
    path = data_file("usgs_ngs", "ngs_geochem_2858.csv")
    cd = _csv_column(path, "CD_ICP40")
    v, rep = cleaning.clean_values(cd, "CD_ICP40")
    assert (rep.n_total, rep.n_negative, rep.n_missing, rep.n_dropped) == (2858, 2643, 71, 71)
    assert np.sum(v == 1.0) >= 2643  # -2 means "< 2": half the limit
    v, rep = cleaning.clean_values(cd, "CD_ICP40", negative_rule="missing")
    assert rep.n_dropped == 2643 + 71 and rep.n_valid == 2858 - 2643 - 71
    v, rep = cleaning.clean_values(_csv_column(path, "AS_ICP40"), "AS_ICP40", bdl_rule="limit")
    assert rep.n_negative == 1751 and np.sum(v == 10.0) >= 1751
    v, rep = cleaning.clean_values(_csv_column(path, "PB_ICP40"), "PB_ICP40", log_transform=True)
    assert rep.n_negative == 0 and rep.n_valid == 2858 - 71 and np.nanmax(v) < 6


def test_cleaning_kola_missing_and_log():
    path = data_file("kola", "kola_chorizon.csv")
    hg = _csv_column(path, "Hg")
    v, rep = cleaning.clean_values(hg, "Hg", log_transform=True)
    assert (rep.n_total, rep.n_missing, rep.n_negative, rep.n_dropped) == (605, 1, 0, 1)
    assert np.nanmin(v) == pytest.approx(-2.0)  # 0.01 -> log10 = -2
    _, rep = cleaning.clean_values(_csv_column(path, "Pb"), "Pb")
    assert rep.n_missing == 1
    # text columns: COUN (country) is not an element; Hg (with one NA) is
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    raw = {k: [r[k] for r in rows] for k in ("ID", "XCOO", "COUN", "Hg", "Cu")}
    assert cleaning.candidate_fields(raw) == ["Hg", "Cu"]


def test_cleaning_rules_on_strings():
    """Generated values covering each rule."""
    raw = ["1.5", "<0.5", "< 2", ">1000", "", None, "NA", float("nan"), -4, 0, "0,25"]
    v, rep = cleaning.clean_values(raw, "Au")
    np.testing.assert_allclose(v, [1.5, 0.25, 1.0, 1000, np.nan, np.nan, np.nan, np.nan, 2.0, 0.0, 0.25])
    assert (rep.n_below_detection, rep.n_above_range, rep.n_missing, rep.n_negative) == (2, 1, 4, 1)
    v, _ = cleaning.clean_values(raw, "Au", bdl_rule="zero")
    assert v[1] == 0 and v[8] == 0
    v, rep = cleaning.clean_values(raw, "Au", bdl_rule="drop")
    assert rep.n_dropped == 7
    v, rep = cleaning.clean_values(raw, "Au", log_transform=True)
    assert rep.n_zero_for_log == 1 and v[9] == pytest.approx(np.log10(0.125))
    v, rep = cleaning.clean_values(raw, "Au", log_transform=True, zero_rule="missing")
    assert np.isnan(v[9])
    with pytest.raises(InputError, match="'Au'.*'abc'"):
        cleaning.clean_values(["1", "abc"], "Au")


def test_core_screening_kola():
    """Real: the 594 Kola moss sites; positives within 5 km of the 111 smelter-area sites (which are
    moss sites themselves, so exactly those 111). Ni, spread by the smelters, separates them."""
    xy, values, _ = kola_moss_points(["Ni", "Hg"])
    assert len(xy) == 594
    dxy, _ = kola_smelter_sites()
    assert len(dxy) == 111
    pos = screening.label_positives(xy, dxy, radius=5000.0)
    assert pos.sum() == 111
    neg = screening.choose_negatives(pos, "balanced", seed=3)
    assert neg.sum() == pos.sum() and not (neg & pos).any()
    assert (screening.choose_negatives(pos, "balanced", seed=3) == neg).all()
    scores = {s.element: s for s in screening.screen_elements(values, pos, neg)}
    assert scores["Ni"].selected and scores["Ni"].direction == 1 and scores["Ni"].auc > 0.8
    assert not scores["Hg"].selected
    knn = screening.label_positives(xy, dxy, rule="k_nearest", k=3)
    assert 111 <= knn.sum() <= 333
    with pytest.raises(InputError, match="No sample lies within"):
        screening.label_positives(xy, dxy + 1000.0, radius=10.0)  # moved 1.4 km off the sites
    with pytest.raises(InputError, match="No deposit lies inside"):
        screening.label_positives(xy, dxy + 1e7, radius=5000.0)


@pytest.fixture(scope="module")
def kola(tmp_path_factory):
    return kola_layers(tmp_path_factory.mktemp("kola"), KOLA_ELEMENTS)


def _table(path):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(path, "t", "ogr") if isinstance(path, str) else path
    return {f["element"]: f for f in layer.getFeatures()}


def test_screenelements_kola(run_alg, kola, tmp_path):
    samples, deposits = kola
    out = str(tmp_path / "screen.gpkg")
    res = run_alg("mfaf:screenelements", {"INPUT": samples, "FIELDS": [], "DEPOSITS": deposits, "RADIUS": 5000,
                                          "OUTPUT": out})
    selected = res["SELECTED_FIELDS"].split(",")
    assert "Ni" in selected and "Hg" not in selected
    rows = _table(res["OUTPUT"])
    assert set(rows) == set(KOLA_ELEMENTS)
    ni = rows["Ni"]
    assert ni["direction"] == 1 and ni["selected"] and ni["auc"] > 0.8 and ni["zauc"] > 2.58
    assert ni["n_pos"] + ni["n_neg"] == 594
    # balanced, seeded: same result twice, n_neg == n_pos
    params = {"INPUT": samples, "FIELDS": ["Ni", "Hg"], "DEPOSITS": deposits, "RADIUS": 5000, "NEGATIVES": 1,
              "SEED": 7, "OUTPUT": "memory:"}
    a = _table(run_alg("mfaf:screenelements", params)["OUTPUT"])
    b = _table(run_alg("mfaf:screenelements", params)["OUTPUT"])
    assert a["Ni"]["n_neg"] == a["Ni"]["n_pos"] and a["Ni"]["auc"] == b["Ni"]["auc"]


def _memory_points(crs, rows, fields=(("Cu", "double"),)):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    uri = "Point?crs={}&{}".format(crs, "&".join("field={}:{}".format(n, t) for n, t in fields))
    layer = QgsVectorLayer(uri, "samples", "memory")
    feats = []
    for x, y, *vals in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes(list(vals))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_screenelements_text_and_cleaning(run_alg, tmp_path):
    """Generated points: a text field of '<L' strings is auto-detected and cleaned; a bad text field fails."""
    from qgis.core import QgsProcessingException

    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 10000, size=(120, 2))
    cu = ["<0.5" if i % 10 == 0 else "{:.2f}".format(v) for i, v in enumerate(rng.uniform(1, 5, 120))]
    cu[3] = ""
    path = write_points_gpkg(tmp_path / "s.gpkg", xy, {"id": list(range(120)), "Cu": cu, "rock": ["g"] * 120},
                             "EPSG:32650", text_fields=("Cu", "rock"))
    deposits = _memory_points("EPSG:32650", [(5000, 5000, 1.0)])
    res = run_alg("mfaf:screenelements", {"INPUT": path, "DEPOSITS": deposits, "RADIUS": 3000, "OUTPUT": "memory:"})
    rows = _table(res["OUTPUT"])
    assert set(rows) == {"Cu"}
    assert rows["Cu"]["n_below_dl"] == 12 and rows["Cu"]["n_missing"] == 1
    with pytest.raises(QgsProcessingException, match="rock"):
        run_alg("mfaf:screenelements", {"INPUT": path, "FIELDS": ["rock"], "DEPOSITS": deposits, "RADIUS": 3000,
                                        "OUTPUT": "memory:"})


def test_screenelements_errors(run_alg):
    from qgis.core import QgsProcessingException

    deposits = _memory_points("EPSG:32650", [(500, 500, 1.0)])
    empty = _memory_points("EPSG:32650", [])
    with pytest.raises(QgsProcessingException, match="no features"):
        run_alg("mfaf:screenelements", {"INPUT": empty, "DEPOSITS": deposits, "RADIUS": 100, "OUTPUT": "memory:"})
    pts = [(float(x), float(y), float(x + y)) for x in range(0, 1000, 100) for y in range(0, 1000, 100)]
    geographic = _memory_points("EPSG:4326", [(x / 1e4, y / 1e4, v) for x, y, v in pts])
    with pytest.raises(QgsProcessingException, match="projected"):
        run_alg("mfaf:screenelements", {"INPUT": geographic, "DEPOSITS": deposits, "RADIUS": 100,
                                        "OUTPUT": "memory:"})
    samples = _memory_points("EPSG:32650", pts)
    with pytest.raises(QgsProcessingException, match="No sample lies within"):
        run_alg("mfaf:screenelements", {"INPUT": samples, "DEPOSITS": _memory_points("EPSG:32650", [(550, 550, 1.0)]),
                                        "RADIUS": 10, "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="No deposit lies inside"):
        run_alg("mfaf:screenelements", {"INPUT": samples, "DEPOSITS": _memory_points("EPSG:32650", [(9e5, 9e5, 1.0)]),
                                        "RADIUS": 10, "OUTPUT": "memory:"})
    no_numeric = _memory_points("EPSG:32650", [(x, y, "granite") for x, y, _ in pts], fields=(("rock", "string"),))
    with pytest.raises(QgsProcessingException, match="no numeric field"):
        run_alg("mfaf:screenelements", {"INPUT": no_numeric, "DEPOSITS": deposits, "RADIUS": 100,
                                        "OUTPUT": "memory:"})
    # a deposit layer in another CRS is transformed, not rejected
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    xf = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:32650"), QgsCoordinateReferenceSystem("EPSG:4326"),
                                QgsProject.instance())
    p = xf.transform(QgsPointXY(500000 + 500, 3000000 + 500))
    shifted = _memory_points("EPSG:32650", [(500000 + x, 3000000 + y, v) for x, y, v in pts])
    res = run_alg("mfaf:screenelements", {"INPUT": shifted, "DEPOSITS": _memory_points("EPSG:4326", [(p.x(), p.y(), 1.0)]),
                                          "RADIUS": 150, "CRITICAL_Z": 0.0, "OUTPUT": "memory:"})
    assert _table(res["OUTPUT"])["Cu"]["n_pos"] == 9


def test_qgis_process_screenelements(kola, tmp_path):
    from mfaf_testing import qgis_process_json

    samples, deposits = kola
    out = tmp_path / "screen_qp.gpkg"
    data = qgis_process_json("run", "mfaf:screenelements", "--", "INPUT={}".format(samples),
                             "DEPOSITS={}".format(deposits), "RADIUS=5000", "POSITIVE_RULE=0", "CRITICAL_Z=2.58",
                             "OUTPUT={}".format(out))
    assert "Ni" in data["results"]["SELECTED_FIELDS"].split(",")
    assert _table(str(out))["Ni"]["direction"] == 1


def test_cleaning_all_nines_nodata_codes_are_missing():
    """Real: the Kola O-horizon table writes -9999 for "no data" (AoMEAN, 7 of 617 rows); a
    -9999 must not become a 'below 9999' concentration of 4999.5."""
    path = data_file("kola", "kola_ohorizon.csv")
    raw = _csv_column(path, "AoMEAN")
    assert sum(1 for v in raw if v.strip() == "-9999") == 7
    v, rep = cleaning.clean_values(raw, "AoMEAN")
    assert rep.n_missing >= 7 and rep.n_negative == 0
    assert np.nanmax(v) < 1000
    # numbers as QGIS hands them, and the USGS-style code -2 still means '< 2'
    v, rep = cleaning.clean_values([-9999.0, -999, "-99999", -2, 5.0], "gen")
    assert np.isnan(v[:3]).all() and v[3] == 1.0 and v[4] == 5.0 and rep.n_missing == 3


def test_cleaning_commas_decided_per_field():
    """Generated: thousands separators (1,200) vs decimal commas (0,5), decided per field."""
    v, _ = cleaning.clean_values(["1,200", "35", "0.5", "<1,000", "1,234.5"], "Ba")
    np.testing.assert_allclose(v, [1200.0, 35.0, 0.5, 500.0, 1234.5])
    with pytest.raises(InputError, match=r"Field 'Ba' writes numbers such as '1,200' whose comma may be a decimal"):
        cleaning.clean_values(["1,200", "12,500", "7"], "Ba")  # nothing tells: refused, naming the field
    v, rep = cleaning.clean_values(["1,200", "12,500", "7"], "Ba", file_commas="thousands")  # a ','-separated file
    np.testing.assert_allclose(v, [1200.0, 12500.0, 7.0])
    assert (rep.n_comma, rep.comma) == (2, "thousands") and "read as thousands separators" in rep.summary()
    v, rep = cleaning.clean_values(["24,321", "12,500"], "Zn", file_commas="decimal")  # a ';'-separated file
    np.testing.assert_allclose(v, [24.321, 12.5])
    v, _ = cleaning.clean_values(["1,200", "1500"], "Ba")  # 1500 is written without grouping: decimal commas
    np.testing.assert_allclose(v, [1.2, 1500.0])
    assert cleaning.commas_of_separator(";") == "decimal" and cleaning.commas_of_separator("|") is None
    v, _ = cleaning.clean_values(["0,5", "1,25", "< 0,5", "3"], "Au")
    np.testing.assert_allclose(v, [0.5, 1.25, 0.25, 3.0])
    v, _ = cleaning.clean_values(["0,5", "0.7", "2,500"], "Au")  # mixed: only the 1,234 form is thousands
    np.testing.assert_allclose(v, [0.5, 0.7, 2500.0])
    assert cleaning.is_numeric_like(["1,234.5", "2"])


def test_every_sample_positive_is_refused():
    """Generated: a radius that makes every sample positive leaves no negatives: a clear error, not
    a table of NaN scores; an empty sample array is an InputError too."""
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    with pytest.raises(InputError, match="All 3 samples are positive"):
        screening.label_positives(xy, np.array([[5.0, 5.0]]), radius=100.0)
    with pytest.raises(InputError, match="All 3 samples"):
        screening.label_positives(xy, np.array([[5.0, 5.0]]), rule="k_nearest", k=5)
    with pytest.raises(InputError, match="sample layer has no points"):
        screening.label_positives(np.zeros((0, 2)), np.array([[5.0, 5.0]]), radius=1.0)


def test_cleaning_full_width_and_typographic_signs():
    """Generated: Chinese tables write '＜0.5' (full-width), word processors '−2' and '≤0.5'."""
    v, rep = cleaning.clean_values(["＜0.5", "≤ 1", "−2", "＞100", "0．5", "n/d"], "Au")
    np.testing.assert_allclose(v, [0.25, 0.5, 1.0, 100.0, 0.5, np.nan])
    assert (rep.n_below_detection, rep.n_negative, rep.n_above_range, rep.n_missing) == (2, 1, 1, 1)


def test_screening_on_training_deposits_only(run_alg, kola, tmp_path):
    """Real Kola moss sites: with a held-out area (the eastern half of the smelter-area sites' extent),
    its deposits and samples are left out, the counts say so, and the positives shrink to those of
    the deposits kept (checked against a count made here with the same radius)."""
    from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

    samples, deposits = kola
    dep = QgsVectorLayer(deposits, "d", "ogr")
    pts = np.array([[f.geometry().asPoint().x(), f.geometry().asPoint().y()] for f in dep.getFeatures()])
    cut = float(np.median(pts[:, 0]))
    area = QgsVectorLayer("Polygon?crs={}".format(dep.crs().authid()), "held", "memory")
    f = QgsFeature()
    # everything east of the cut, up to 1,000 km beyond the sites (the whole survey lies within)
    f.setGeometry(QgsGeometry.fromRect(QgsRectangle(cut, pts[:, 1].min() - 1e6, pts[:, 0].max() + 1e6,
                                                    pts[:, 1].max() + 1e6)))
    area.dataProvider().addFeature(f)
    res = run_alg("mfaf:screenelements", {"INPUT": samples, "FIELDS": ["Ni"], "DEPOSITS": deposits, "RADIUS": 5000,
                                          "HELD_OUT": area, "CRITICAL_Z": 0.0, "OUTPUT": "memory:"})
    n_kept = int(np.sum(pts[:, 0] < cut))
    assert res["DEPOSITS_USED"].startswith("training deposits only: {} of {}".format(n_kept, len(pts)))
    row = _table(res["OUTPUT"])["Ni"]
    assert row["deposits_used"] == res["DEPOSITS_USED"]
    smp = QgsVectorLayer(samples, "s", "ogr")
    sxy = np.array([[g.geometry().asPoint().x(), g.geometry().asPoint().y()] for g in smp.getFeatures()])
    west = sxy[sxy[:, 0] < cut]
    kept_dep = pts[pts[:, 0] < cut]
    d = np.sqrt(((west[:, None, :] - kept_dep[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert row["n_pos"] == int(np.sum(d <= 5000))
    assert row["n_pos"] + row["n_neg"] == len(west)
    plain = run_alg("mfaf:screenelements", {"INPUT": samples, "FIELDS": ["Ni"], "DEPOSITS": deposits, "RADIUS": 5000,
                                            "OUTPUT": "memory:"})
    assert plain["DEPOSITS_USED"].startswith("all {} deposits".format(len(pts)))
