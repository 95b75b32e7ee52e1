"""Many offices under one root: each evaluated on its own, a broken one listed with its problems, a ranking."""

from __future__ import annotations

import shutil
import statistics

import pytest

from lkip.engine import api
from lkip.engine.diagnostics import UsageError
from lkip.engine.model import Kind
from lkip.engine.offices import discover, evaluate_offices, ranking
from tests.conftest import SEED_DATA, SEED_SPECS, edit


def office(root, name, edits=()):
    shutil.copytree(SEED_SPECS, root / name / "specs")
    shutil.copytree(SEED_DATA, root / name / "data")
    for relative, old, new in edits:
        path = root / name / relative
        path.write_text(edit(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")


@pytest.fixture
def kabupaten(tmp_path):
    """office-2: the seed; office-10: the seed with a tenth of its rice stock (IKU1 lower); broken: a parent
    that does not exist; no-2024: no data for the year; notes/: a folder without specs/ (not an office)."""
    office(tmp_path, "office-2")
    office(tmp_path, "office-10", [("data/2024/sasaran-1.yaml", "beras: 38684 ", "beras: 3868 ")])
    office(tmp_path, "broken", [("specs/sasaran-1.yaml", "parent: SS1", "parent: SS9")])
    office(tmp_path, "no-2024")
    shutil.rmtree(tmp_path / "no-2024" / "data" / "2024")
    (tmp_path / "notes").mkdir()
    return tmp_path


def test_offices_are_the_sub_folders_with_specs_in_natural_order(kabupaten):
    assert [o.key for o in discover(kabupaten)] == ["broken", "no-2024", "office-2", "office-10"]


def test_a_root_without_offices_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        discover(tmp_path)
    with pytest.raises(UsageError):
        discover(tmp_path / "missing")


def test_broken_offices_are_listed_with_their_problems_while_the_others_evaluate(kabupaten):
    results = {r.office.key: r for r in evaluate_offices(kabupaten, 2024)}
    assert results["broken"].evaluation is None
    assert "LK202" in {d.code for d in results["broken"].problems}
    assert "sasaran-1.yaml" in (results["broken"].problems[0].path or "")
    assert results["no-2024"].evaluation is None and results["no-2024"].problems[0].code == "LK402"
    assert results["office-2"].evaluation is not None and not results["office-2"].problems
    assert results["office-10"].evaluation is not None


def test_the_ranking_orders_by_mean_iku_capaian_and_puts_unevaluated_offices_last(kabupaten):
    standings = ranking(evaluate_offices(kabupaten, 2024))
    assert [s.result.office.key for s in standings][2:] == ["broken", "no-2024"]
    assert [s.rank for s in standings] == [1, 2, None, None]
    seed = api.evaluate_year(*api.require(api.validate(SEED_SPECS, SEED_DATA)), 2024)
    iku = [r.capaian for r in seed.results.values() if r.spec.kind is Kind.IKU and r.capaian is not None]
    first, second = standings[0], standings[1]
    assert first.result.office.key == "office-2"  # office-10's IKU1 is lower
    assert first.capaian == pytest.approx(statistics.fmean(iku))
    assert first.band == seed.workspace.scale.band_for(first.capaian)
    assert first.serapan == pytest.approx(seed.total_serapan)
    assert first.efisiensi == pytest.approx(first.capaian - seed.total_serapan)
    assert second.capaian is not None and second.capaian < first.capaian
