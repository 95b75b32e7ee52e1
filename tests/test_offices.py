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
    assert not results["broken"].evaluated
    assert "LK202" in {d.code for d in results["broken"].problems}
    assert "sasaran-1.yaml" in (results["broken"].problems[0].path or "")
    assert not results["no-2024"].evaluated and results["no-2024"].problems[0].code == "LK402"
    assert results["office-2"].evaluated and not results["office-2"].problems
    assert results["office-10"].evaluated


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


# ---------------------------------------------------------------- the commands


def test_eval_root_prints_the_ranking_then_each_broken_office_s_problems(run_cli, kabupaten):
    run = run_cli("eval", 2024, "--root", kabupaten)
    assert run.exit_code == 1  # an office could not be evaluated
    lines = run.stdout.splitlines()
    office_2 = next(i for i, line in enumerate(lines) if " office-2 " in line)
    office_10 = next(i for i, line in enumerate(lines) if " office-10 " in line)
    assert office_2 < office_10 and lines[office_2].lstrip().startswith("1 ")
    assert "51,18 %" in lines[office_2]
    assert "broken:" in run.stderr and "LK202" in run.stderr and "no-2024:" in run.stderr and "LK402" in run.stderr


def test_eval_root_json_follows_its_schema(run_cli, kabupaten):
    from tests.test_json_documents import assert_valid, strict_json

    run = run_cli("eval", 2024, "--root", kabupaten, "--format", "json", "--lang", "en")
    document = strict_json(run.stdout)
    assert_valid("offices", document)
    offices = {o["office"]: o for o in document["offices"]}
    assert [o["office"] for o in document["offices"]] == ["office-2", "office-10", "broken", "no-2024"]
    assert offices["office-2"]["rank"] == 1 and offices["office-2"]["evaluation"]["year"] == 2024
    assert offices["office-2"]["capaian"] == offices["office-2"]["evaluation"]["summary"]["mean_capaian_iku"]
    assert offices["broken"]["evaluation"] is None and offices["broken"]["rank"] is None
    assert "LK202" in {p["code"] for p in offices["broken"]["problems"]}


def test_the_schema_rejects_an_office_without_its_problems(kabupaten, run_cli):
    from tests.test_json_documents import problems, strict_json

    document = strict_json(run_cli("eval", 2024, "--root", kabupaten, "-f", "json").stdout)
    del document["offices"][0]["problems"]
    assert problems("offices", document)


def test_eval_office_shows_one_office_and_unknown_offices_are_usage_errors(run_cli, kabupaten):
    one = run_cli("eval", 2024, "--root", kabupaten, "--office", "office-10", "--depth", "0")
    assert one.exit_code == 0 and "SS1" in one.stdout
    unknown = run_cli("eval", 2024, "--root", kabupaten, "--office", "office-1")
    assert unknown.exit_code == 2 and "LK401" in unknown.stderr and "office-10" in unknown.stderr
    alone = run_cli("eval", 2024, "--office", "office-10")
    assert alone.exit_code == 2 and "--root" in alone.stderr
    html = run_cli("eval", 2024, "--root", kabupaten, "--format", "html")  # the ranking's page (two broken: 1)
    assert html.exit_code == 1 and html.stdout.startswith("<!DOCTYPE html>") and "LK202" in html.stderr


def test_the_ranking_as_md_csv_and_xlsx(run_cli, kabupaten):
    import csv
    import io

    from openpyxl import load_workbook

    md = run_cli("eval", 2024, "--root", kabupaten, "--format", "md").stdout
    assert md.index("| 1 | office-2 |") < md.index("| 2 | office-10 |") < md.index("| – | broken |")
    rows = list(csv.DictReader(io.StringIO(run_cli("eval", 2024, "--root", kabupaten, "-f", "csv").stdout)))
    assert [r["office"] for r in rows] == ["office-2", "office-10", "broken", "no-2024"]
    assert float(rows[0]["capaian"]) == pytest.approx(51.18, abs=0.01) and rows[2]["rank"] == ""
    out = kabupaten.parent / f"{kabupaten.name}-ranking.xlsx"  # never inside the root: lkip refuses that
    assert run_cli("eval", 2024, "--root", kabupaten, "-o", out).exit_code == 1  # written; two offices broken
    sheet = load_workbook(out).active
    assert sheet["A2"].value.startswith("Tabel 1 Peringkat perangkat daerah") and sheet.print_title_rows == "$4:$4"
    assert [c.value for c in sheet["B"]][4:] == ["office-2", "office-10", "broken", "no-2024"]
    assert sheet["D5"].value == pytest.approx(float(rows[0]["capaian"]))
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    semicolons = run_cli("eval", 2024, "--root", kabupaten, "-f", "csv", "--csv-dialect", "id").stdout
    ranked = list(csv.DictReader(io.StringIO(semicolons.lstrip("\ufeff")), delimiter=";"))
    assert ranked[0]["capaian"] == rows[0]["capaian"].replace(".", ",")


def test_validate_root_lists_each_office(run_cli, kabupaten):
    run = run_cli("validate", "--root", kabupaten)
    assert run.exit_code == 1
    assert run.stdout.index("broken:") < run.stdout.index("LK202") < run.stdout.index("no-2024:")
    shutil.rmtree(kabupaten / "broken")
    assert run_cli("validate", "--root", kabupaten).exit_code == 0


def test_a_process_pool_gives_what_one_process_gives(kabupaten, monkeypatch):
    from functools import partial

    import lkip.engine.offices as offices
    from lkip.engine.render.offices import office_document, offices_document

    monkeypatch.setattr(offices, "PER_WORKER", 1)  # four offices are enough to start two workers here
    document = partial(office_document, lang="en")
    serial = offices_document(2024, ranking(evaluate_offices(kabupaten, 2024, document=document)), "en")
    pooled = offices_document(2024, ranking(evaluate_offices(kabupaten, 2024, document=document, jobs=2)), "en")
    assert pooled == serial and serial["offices"][0]["evaluation"] is not None


def test_offices_without_a_scale_share_the_root_s(run_cli, kabupaten):
    shutil.copy(kabupaten / "office-2" / "specs" / "scales.yaml", kabupaten / "scales.yaml")
    (kabupaten / "office-10" / "specs" / "scales.yaml").unlink()
    results = {r.office.key: r for r in evaluate_offices(kabupaten, 2024)}
    assert results["office-10"].evaluated and results["office-10"].band is not None
    one = run_cli("eval", 2024, "--root", kabupaten, "--office", "office-10", "--depth", "0")
    assert one.exit_code == 0 and "SS1" in one.stdout
    assert run_cli("validate", "--root", kabupaten).stdout.count("LK001") == 0
    (kabupaten / "scales.yaml").unlink()  # without the shared one, the office's missing scales.yaml is an error
    assert "LK001" in {d.code for d in evaluate_office_problems(kabupaten, "office-10")}


def evaluate_office_problems(root, key):
    return next(r for r in evaluate_offices(root, 2024) if r.office.key == key).problems


def test_validate_root_json_follows_its_schema(run_cli, kabupaten):
    from tests.test_json_documents import assert_valid, strict_json

    run = run_cli("validate", "--root", kabupaten, "--format", "json")
    document = strict_json(run.stdout)
    assert run.exit_code == 1 and document["ok"] is False
    assert_valid("validate-offices", document)
    by_office = {o["office"]: o["validation"] for o in document["offices"]}
    assert by_office["office-2"]["ok"] and not by_office["broken"]["ok"]
    assert "LK202" in {p["code"] for p in by_office["broken"]["problems"]}


def test_offices_take_organisation_defaults_from_the_root(kabupaten):
    """The root's organisation.yaml gives every office what its own does not say (region, renstra, policy...),
    never its name; the office's own keys win, and policies merge key by key."""
    (kabupaten / "organisation.yaml").write_text(
        "name: Pemerintah Kabupaten Luwu Timur\nregion: Luwu Timur (root)\nrenstra: {start: 2021, end: 2026}\n"
        "policy: {capaian_cap: 120, capaian_floor: 0}\n",
        encoding="utf-8",
    )
    own = kabupaten / "office-10" / "specs" / "organisation.yaml"
    text = own.read_text(encoding="utf-8")
    text = edit(text, "region: Kabupaten Luwu Timur\n", "")
    text = edit(
        text, "renstra: {start: 2021, end: 2026}", "renstra: {start: 2022, end: 2027}\npolicy: {capaian_floor: 10}"
    )
    own.write_text(text, encoding="utf-8")
    checked = api.validate(own.parent, kabupaten / "office-10" / "data", shared=kabupaten)
    assert checked.ok
    org = checked.workspace.organisation
    assert org.name.startswith("Dinas Perdagangan")  # never the root's name
    assert org.region == "Luwu Timur (root)"  # the office says none: the root's
    assert (org.renstra_start, org.renstra_end) == (2022, 2027)  # the office's own wins
    assert (org.policy.capaian_cap, org.policy.capaian_floor) == (120.0, 10.0)  # merged key by key
    alone = api.validate(own.parent, kabupaten / "office-10" / "data")  # without --root: its own file only
    assert alone.workspace.organisation.region == "" and alone.workspace.organisation.policy.capaian_cap is None


def test_a_broken_root_organisation_is_reported_under_every_office(kabupaten):
    (kabupaten / "organisation.yaml").write_text("name: Luwu Timur\nregion: [1, 2]\n", encoding="utf-8")
    results = {r.office.key: r for r in evaluate_offices(kabupaten, 2024)}
    assert not results["office-2"].evaluated
    problems = results["office-2"].problems
    assert any("organisation.yaml" in (d.path or "") and d.code.startswith("LK1") for d in problems), problems


def test_md_and_xlsx_carry_each_office_s_iku_after_the_ranking(run_cli, kabupaten):
    from openpyxl import load_workbook

    md = run_cli("eval", 2024, "--root", kabupaten, "--format", "md").stdout
    ranking_at, offices_at = md.index("## Peringkat"), md.index("## Capaian sasaran strategis dan IKU per")
    assert ranking_at < offices_at
    part = md[offices_at:]
    assert "| office-2 | IKU1 |" in part and "| 108,75 % |" in part  # the seed's IKU1
    assert "| office-10 | IKU1 |" in part and "broken" not in part  # an office that did not evaluate has no rows
    assert part.index("| office-2 | IKU1 |") < part.index("| office-10 | IKU1 |")  # in ranking order
    out = kabupaten.parent / "offices.xlsx"
    run_cli("eval", 2024, "--root", kabupaten, "-o", out)
    book = load_workbook(out)
    assert len(book.worksheets) == 2
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Folder")  # below the workbook's title rows
    iku1 = next(r for r in rows if r[0] == "office-2" and r[1] == "IKU1")
    assert iku1[header.index("Capaian")] == pytest.approx(108.7507, abs=1e-4)


def test_the_json_of_many_offices_is_written_as_it_goes_and_reads_as_if_held_whole(run_cli, kabupaten, monkeypatch):
    """Each office's document is spooled to a file where it is evaluated (a worker process too) and written in
    its place once the offices are ranked: the text is byte for byte the document held whole in memory."""
    from functools import partial

    import lkip.engine.offices as offices
    from lkip.cli.offices_json import Spool, chunks
    from lkip.engine.render.jsonout import dumps
    from lkip.engine.render.offices import office_document, offices_document

    whole = dumps(
        offices_document(2024, ranking(evaluate_offices(kabupaten, 2024, document=partial(office_document))), "id")
    )
    run = run_cli("eval", 2024, "--root", kabupaten, "--format", "json")
    assert run.exit_code == 1 and run.stdout == whole  # two offices broken: exit 1, the document all the same
    monkeypatch.setattr(offices, "PER_WORKER", 1)  # a process pool of two workers, each spooling its offices
    spool = kabupaten.parent / "spool"
    spool.mkdir()
    pooled = ranking(evaluate_offices(kabupaten, 2024, document=Spool(str(spool)), jobs=2))
    assert all(s.result.document is None or "spooled" in s.result.document for s in pooled)
    assert "".join(chunks(2024, pooled, "id")) == whole


def test_html_carries_the_ranking_each_office_and_the_problems(run_cli, kabupaten):
    """--root -o x.html: one self-contained page (the report's CSP), the ranking with predikat badges, every
    office's IKU rows, the broken offices' problems; a folder name is text, never markup."""
    import html.parser

    (kabupaten / "office-10").rename(kabupaten / "office-<b>10")
    out = kabupaten.parent / "peringkat.html"
    assert run_cli("eval", 2024, "--root", kabupaten, "-o", out).exit_code == 1  # two offices broken
    page = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src &#x27;none&#x27;" in page
    assert "<b>10" not in page and "office-&lt;b&gt;10" in page

    class Cells(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.inside = False

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.inside = True
                self.rows[-1].append("")

        def handle_endtag(self, tag):
            if tag in ("td", "th"):
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.rows[-1][-1] += data

    cells = Cells()
    cells.feed(page)
    ranked = [r for r in cells.rows if r and r[0] in ("1", "2")]
    assert [r[1] for r in ranked] == ["office-2", "office-<b>10"]
    assert ranked[0][3] == "51,18 %" and ranked[0][4] == "CC Cukup"
    iku1 = [r for r in cells.rows if len(r) > 2 and r[1] == "IKU1"]
    assert [r[0] for r in iku1] == ["office-2", "office-<b>10"] and iku1[0][7] == "108,75 %"
    assert "LK202" in page and "broken" in page and "no-2024" in page  # the problems, under each office
