"""Every command speaks one language: Indonesian by default, English with --lang en (README, issue 8).

The workspace's own text (names, indicators, notes, sources) is data in whatever language it was written; it is
taken out of the output before lkip's words are searched."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from lkip.engine import api

from .conftest import ROOT, SEED_DATA, SEED_SPECS

# lkip's own English words that must not appear in Indonesian output ...
ENGLISH = [
    "error",
    "warning",
    "printed",
    "computed",
    "difference",
    "direction",
    "rule",
    "formula",
    "parents",
    "compare",
    "weight",
    "value",
    "source",
    "note",
    "no data",
    "no target",
    "not carried out",
    "achievement",
    "actual",
    "grade",
    "budget",
    "spent",
    "absorption",
    "efficiency",
    "totals",
    "nodes",
    "children",
    "mean",
    "declared",
    "does not",
    "cannot",
    "the",
    "of",
    "and",
    "with",
    "from",
    "years",
    "usage",
    "options",
    "arguments",
    "required",
    "default",
    "show",
    "write",
    "language",
]
# ... and its Indonesian words that must not appear in English output.
INDONESIAN = [
    "galat",
    "peringatan",
    "tidak",
    "tercetak",
    "dihitung",
    "selisih",
    "simpul",
    "jumlah",
    "rata-rata",
    "turunannya",
    "induk",
    "catatan",
    "bobot",
    "perbandingan",
    "nasional",
    "sumber",
    "nilai",
    "rumus",
    "arah",
    "tahun",
    "dan",
    "dari",
    "atau",
    "dengan",
    "yang",
    "untuk",
    "bawaan",
    "wajib",
    "opsi",
    "tampilkan",
    "tulis",
    "bahasa",
    "berkas",
    "terhitung",
    "anggaran",
    "keuangan",
    "penggunaan",
]
# (target, realisasi, capaian, predikat, pagu and serapan are the domain's own words: both languages use them)

SEED = ("--specs", str(SEED_SPECS), "--data", str(SEED_DATA))
RUNS = [
    ("eval", "2024"),
    ("eval", "2024", "--format", "table"),
    ("eval", "2024", "--format", "md"),
    ("eval", "2024", "--compare", "prev,renstra,national"),
    ("eval", "2024", "--tw", "2"),
    ("explain", "IKU1", "2024"),
    ("explain", "P10", "2024"),
    ("explain", "IKU6", "2024"),
    ("explain", "SS3", "2024"),
    ("explain", "P07", "2024"),
    ("explain", "IKU5", "2024"),
    ("explain", "P02", "2024"),
    ("check", "2024"),
    ("validate",),
    ("eval", "1999"),
    ("explain", "NOPE", "2024"),
]
HELP = [(), ("eval",), ("explain",), ("check",), ("validate",), ("schema",)]


def _workspace_text() -> list[str]:
    """Every string of the seed workspace that lkip prints as data (longest first, so that parts go last)."""
    ws = api.validate(SEED_SPECS, SEED_DATA).workspace
    texts = {ws.organisation.name, ws.organisation.short_name, ws.organisation.region}
    for node in ws.nodes.values():
        texts |= {
            node.name,
            node.indicator,
            node.unit,
            node.note,
            node.formula or "",
            *node.inputs,
            *node.inputs.values(),
        }
    for data in ws.years.values():
        for record in data.records.values():
            texts.add(record.note)
            for derived in record.derived.values():
                texts |= {derived.rule, derived.source, derived.missing_in}
            for rep in record.reported:
                texts |= {rep.source, *(str(v) for v in rep.values.values())}
            for value in record.inputs.values():
                if isinstance(value, dict):
                    texts |= set(value)
        for rep in data.organisation:
            texts |= {rep.source, *(str(v) for v in rep.values.values())}
        terms = [term for check in data.checks for term in check.terms]
        texts |= {check.about for check in data.checks}
        while terms:
            term = terms.pop()
            terms.extend(term.parts)
            texts |= {term.source, term.input or "", term.field or ""}
    return sorted((t for t in texts if t and len(t) > 1), key=len, reverse=True)


def _lkip_process(*args: str, lang: str) -> str:
    """In a child process: --help's language is chosen when the command line is built, once per process."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "1000", "LKIP_LANG": lang}
    run = subprocess.run(
        [sys.executable, "-m", "lkip.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert "Traceback" not in run.stderr, run.stderr
    return run.stdout + run.stderr


def _found(text: str, words: list[str]) -> list[str]:
    return sorted({w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE)})


@pytest.fixture(scope="module")
def workspace_text() -> list[str]:
    return _workspace_text()


def _strip(text: str, workspace_text: list[str]) -> str:
    for piece in workspace_text:
        text = text.replace(piece, " ")
    # file paths, paths inside a file ($.nodes[0].direction: the format's own keys), what a message quotes from the
    # file ('nodes', 'lowr') and the formula language's function names (mean(...)) are not words of either language
    return re.sub(r"\S+\.ya?ml(:\d+)*|https?://\S+|\$\.\S+|'[^'\s]*'|\b\w+\(", " ", text)


@pytest.mark.parametrize("args", RUNS + [(*h, "--help") for h in HELP], ids=lambda a: " ".join(a) or "lkip")
@pytest.mark.parametrize("lang, words", [("id", ENGLISH), ("en", INDONESIAN)])
def test_one_language_per_run(args, lang, words, workspace_text, run_cli):
    if "--help" in args:
        text = _lkip_process(*args, lang=lang)
    else:
        run = run_cli(*args, *SEED, env={"COLUMNS": "1000", "LKIP_LANG": lang})
        text = run.stdout + run.stderr
    text = _strip(text, workspace_text)
    assert not _found(text, words), f"lkip {' '.join(args)} --lang {lang}: {_found(text, words)}\n{text[:3000]}"


def _broken_copy(root) -> None:
    """A copy of the seed with one mistake of each kind the loader, the schema and the checks report."""
    import shutil

    shutil.copytree(SEED_SPECS, root / "specs")
    shutil.copytree(SEED_DATA, root / "data")
    for name, edits in (
        (
            "program-12.yaml",
            (
                ("parent: IKU1 ", "parent: IKU9 "),
                ("formula: percent(diawasi, ditera)", "formula: percent(diawasi, diteraa)"),
            ),
        ),
        (
            "program-10.yaml",
            (("direction: lower ", "direction: lowr "), ("targets: {2024: 44}", "targets: {2024: 44,5}")),
        ),
    ):
        spec = root / "specs" / name
        text = spec.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        spec.write_text(text, encoding="utf-8")
    data = root / "data" / "2024" / "sasaran-1.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text + "\nNOPE: {realisasi: 1_0}\nNOPE2: {realisasi: 10}\n", encoding="utf-8")
    (root / "specs" / "kosong.yaml").write_text("", encoding="utf-8")
    (root / "specs" / "ganda.yaml").write_text("nodes: []\nnodes: []\n", encoding="utf-8")  # duplicate key
    (root / "specs" / "jangkar.yaml").write_text("a: &x 1\nb: *x\n", encoding="utf-8")  # anchor and alias
    (root / "specs" / "tab.yaml").write_text("nodes:\n\t- 1\n", encoding="utf-8")


@pytest.mark.parametrize("lang, words", [("id", ENGLISH), ("en", INDONESIAN)])
def test_validation_messages_in_one_language(lang, words, tmp_path, run_cli, workspace_text):
    _broken_copy(tmp_path)
    run = run_cli("validate", cwd=tmp_path, env={"COLUMNS": "1000", "LKIP_LANG": lang})
    assert run.exit_code == 1 and len(run.stdout.splitlines()) >= 6, run
    text = _strip(run.stdout + run.stderr, workspace_text)
    assert not _found(text, words), f"validate --lang {lang}: {_found(text, words)}\n{text}"
