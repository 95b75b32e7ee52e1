"""The cache of parsed files: the same results as without it, a changed file is read again, a planted entry is
never run, and a cache that cannot be written is simply not used."""

from __future__ import annotations

import os
import pickle

import pytest

from lkip.engine import api
from lkip.engine.cache import ParseCache
from tests.conftest import edit


def outcome(specs, data, cache):
    checked = api.validate(specs, data, cache)
    diagnostics = [d.format() for d in checked.diagnostics.sorted()]
    if not checked.ok:
        return diagnostics, None
    ws, compiled = api.require(checked)
    evaluation = api.evaluate_year(ws, compiled, 2024)
    return diagnostics, {r.id: (r.realisasi, r.capaian, r.pagu) for r in evaluation.results.values()}


def test_a_cached_run_gives_what_an_uncached_one_gives(seed_copy, tmp_path):
    cache = ParseCache(tmp_path / "cache")
    fresh = outcome(seed_copy / "specs", seed_copy / "data", None)
    first = outcome(seed_copy / "specs", seed_copy / "data", cache)
    assert cache.hits == 0 and cache.misses > 20
    second = outcome(seed_copy / "specs", seed_copy / "data", cache)
    assert cache.hits == cache.misses  # every file of the second run came from the cache
    assert fresh == first == second and fresh[1] is not None


def test_schema_problems_come_back_from_the_cache_with_their_lines(seed_copy, tmp_path):
    spec = seed_copy / "specs" / "sasaran-1.yaml"
    spec.write_text(edit(spec.read_text(encoding="utf-8"), "direction: higher", "direction: upward", 2), "utf-8")
    cache = ParseCache(tmp_path / "cache")
    runs = [outcome(seed_copy / "specs", seed_copy / "data", cache) for _ in range(2)]
    assert cache.hits > 0
    assert runs[0] == runs[1] and any("sasaran-1.yaml:" in d and "LK101" in d for d in runs[0][0])


def test_a_changed_file_is_read_again(seed_copy, tmp_path):
    cache = ParseCache(tmp_path / "cache")
    before = outcome(seed_copy / "specs", seed_copy / "data", cache)
    data = seed_copy / "data" / "2024" / "sasaran-1.yaml"
    data.write_text(edit(data.read_text(encoding="utf-8"), "beras: 38684 ", "beras: 3868 "), "utf-8")
    after = outcome(seed_copy / "specs", seed_copy / "data", cache)
    assert after == outcome(seed_copy / "specs", seed_copy / "data", None)
    assert after[1]["IKU1"] != before[1]["IKU1"]


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch planted-was-run",))


def test_a_planted_entry_is_a_miss_and_never_runs(seed_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = ParseCache(tmp_path / "cache")
    outcome(seed_copy / "specs", seed_copy / "data", cache)
    entries = list((tmp_path / "cache").rglob("*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(pickle.dumps(_Planted()))
    cache = ParseCache(tmp_path / "cache")
    assert outcome(seed_copy / "specs", seed_copy / "data", cache) == outcome(
        seed_copy / "specs", seed_copy / "data", None
    )
    assert cache.hits == 0 and not (tmp_path / "planted-was-run").exists()


def test_a_cache_that_cannot_be_written_is_not_used(seed_copy, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    cache = ParseCache(blocked / "cache")
    assert outcome(seed_copy / "specs", seed_copy / "data", cache) == outcome(
        seed_copy / "specs", seed_copy / "data", None
    )
    assert cache.hits == 0


@pytest.mark.parametrize("how", ["option", "environment"])
def test_no_cache_writes_nothing(run_cli, tmp_path, how):
    folder = tmp_path / "cache"
    env = {"LKIP_CACHE_DIR": str(folder)}
    if how == "option":
        run = run_cli("--no-cache", "eval", 2024, "--depth", "0", env=env)
    else:
        run = run_cli("eval", 2024, "--depth", "0", env={**env, "LKIP_NO_CACHE": "1"})
    assert run.exit_code == 0 and not folder.exists()
    monkey = run_cli("eval", 2024, "--depth", "0", env={**env, "LKIP_NO_CACHE": ""})
    assert monkey.exit_code == 0 and list(folder.rglob("*.pickle"))
