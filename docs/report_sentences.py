"""docs/report-sentences.md's list of sentences, generated from engine/narrative.py's TEMPLATES.

Each template gets its "when" here; a template without one stops the generation. Regenerate the page with
`cog -r -I docs docs/report-sentences.md` (tests/test_report.py runs `cog --check` on it).
"""

from __future__ import annotations

import sys

# (section title, [(key, when it is used)]) in the order of the chapter.
WHEN: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "The chapter (before 3.1)",
        [
            ("chapter.intro", "Always: the chapter's first paragraph. `{office}` is organisation.yaml's `name`."),
        ],
    ),
    (
        "3.1 Performance of the organisation",
        [
            (
                "chapter.rules",
                "When any IKU has a capaian rule: the rules in use, each with the IKU it applies to "
                "(`chapter.rule`, joined by '; ').",
            ),
            ("chapter.rule", "One rule of `chapter.rules`: `{rule}` as `lkip explain` words it, `{ids}` its IKU."),
            (
                "chapter.no_renstra",
                "When organisation.yaml declares no `renstra`: said once here, and no IKU gets a renstra sentence.",
            ),
            (
                "chapter.scale",
                "When the workspace has a predikat scale (not `scale: none`): introduces the scale's table.",
            ),
            (
                "org.summary",
                "When at least one IKU has a capaian: `{n}` the IKU with a capaian, `{mean}` their mean "
                "(`summary.mean_capaian_iku` of `lkip eval --format json`), `{reached}` those with 100 % or more.",
            ),
            ("org.summary.none", "When no IKU has a capaian."),
            (
                "org.uncomputed",
                "When some IKU have a capaian and others not: the others, each as `org.uncomputed.item` with its "
                "status.",
            ),
            ("org.uncomputed.item", "One IKU of `org.uncomputed`."),
            (
                "org.grades",
                "When the workspace has a predikat scale and an IKU has a predikat: how many IKU are in each band, "
                "best band first (`org.grades.item`).",
            ),
            ("org.grades.item", "One band of `org.grades`."),
            (
                "org.budget",
                "When the data gives a budget: the totals of `lkip eval` (pagu, realisasi anggaran, serapan).",
            ),
            ("org.budget.none", "When the data gives no pagu."),
        ],
    ),
    (
        "3.2 Per sasaran",
        [
            ("ss.intro", "Each sasaran with IKU: its number (in tree order), name and IKU."),
            ("ss.intro.none", "A sasaran without IKU."),
            (
                "ss.capaian",
                "A sasaran with a capaian and a predikat; `{rule}` how it was rolled up (`ss.rollup`), or its own "
                "capaian rule.",
            ),
            ("ss.capaian.nograde", "The same without a predikat (`scale: none`)."),
            ("ss.capaian.none", "A sasaran whose capaian cannot be computed: `{status}` says why."),
            ("ss.rollup", "The roll-up of a sasaran: its method (mean, weighted mean, ...) and the kind it takes."),
        ],
    ),
    (
        "3.2 Per IKU",
        [
            (
                "iku.capaian",
                "An IKU whose capaian is computed (status ok): realisasi and target with the unit, capaian, "
                "predikat, and whether the target was exceeded (capaian above 100), met (100) or not met.",
            ),
            ("iku.capaian.nograde", "The same without a predikat (`scale: none`)."),
            ("exceeded", "`{reached}` of `iku.capaian` when the capaian is above 100 %."),
            ("met", "`{reached}` when the capaian is exactly 100 %."),
            ("not_met", "`{reached}` when the capaian is below 100 %."),
            (
                "iku.rule",
                "After `iku.capaian`: the rule of the capaian (`lkip explain`'s words) and the direction.",
            ),
            ("iku.no_data", "An IKU without realisasi in the year's data."),
            ("iku.not_implemented", "An IKU whose data says `status: not_implemented`."),
            ("iku.no_target", "An IKU with a realisasi but no target for the year."),
            (
                "iku.not_computed",
                "An IKU with realisasi and target whose capaian cannot be computed (target 0, a rule that cannot "
                "give a number, an error): `{reason}` is the evaluation's reason.",
            ),
            (
                "iku.prev",
                "When both years have a realisasi and they differ: engine/compare.py's `prev_realisasi` and "
                "`change` (in the unit; percentage points for a percentage), judged by the direction.",
            ),
            ("iku.prev.plain", "The same for an IKU without a direction (no judgement)."),
            ("iku.prev.same", "When the realisasi equals the previous year's."),
            (
                "iku.prev.capaian",
                "After `iku.prev`: the previous year's capaian and target, when the previous year's evaluation "
                "has them.",
            ),
            (
                "iku.prev.missing",
                "When the previous year has no data, or no realisasi for this IKU: the comparison cannot be made.",
            ),
            ("rose", "`{movement}`: the realisasi went up."),
            ("fell", "`{movement}`: the realisasi went down."),
            ("improved", "`{judgement}` of `iku.prev`: the move is the direction's better way."),
            ("declined", "`{judgement}` of `iku.prev`: the move is the direction's worse way."),
            ("points", "The unit of a difference between two percentages."),
            (
                "iku.renstra",
                "When the spec gives a target for the renstra's end year: that target and engine/compare.py's "
                "`renstra_words()` ('+5,49 % di atas target akhir (lebih baik)').",
            ),
            ("iku.renstra.document", "The same when organisation.yaml names the renstra's `document`."),
            ("iku.renstra.zero", "When the end target is 0: the gap cannot be computed."),
            ("iku.renstra.missing", "When the spec gives no target for the renstra's end year."),
            (
                "iku.national",
                "When the data gives a `national` figure: it and engine/compare.py's `vs_national` (realisasi − "
                "national), judged by the direction.",
            ),
            ("iku.national.plain", "The same for an IKU without a direction."),
            ("iku.national.same", "When the realisasi equals the national figure."),
            ("iku.national.missing", "When the data gives no national figure for the IKU."),
            ("above", "`{where}`: the realisasi is above the national figure."),
            ("below", "`{where}`: the realisasi is below it."),
            ("better", "`{judgement}` of `iku.national`: better by the direction."),
            ("worse", "`{judgement}` of `iku.national`: worse by the direction."),
            ("iku.programs", "An IKU with programs below it: introduces one `iku.program` bullet per program."),
            ("iku.programs.none", "An IKU without programs below it."),
            (
                "iku.program",
                "A bullet per program: its capaian and predikat, and its budget (`budget`, `budget.pagu_only` or "
                "`budget.none`).",
            ),
            ("iku.program.nograde", "The same without a predikat (`scale: none`)."),
            ("iku.program.status", "A program without a capaian: its status (e.g. not carried out) and budget."),
            ("budget", "`{budget}`: pagu, realisasi anggaran and serapan."),
            ("budget.pagu_only", "`{budget}` when the data gives a pagu but no spending."),
            ("budget.none", "`{budget}` when the data gives no pagu."),
        ],
    ),
    (
        "3.2 Efficiency per sasaran",
        [
            (
                "ss.budget",
                "A sasaran with a budget: its number of programs, its pagu, realisasi anggaran and serapan (the "
                "tree's sums).",
            ),
            ("ss.budget.pagu_only", "A sasaran with a pagu but no spending recorded."),
            ("ss.budget.none", "A sasaran without any pagu below it."),
            (
                "ss.efficiency",
                "After `ss.budget`: efisiensi = capaian − serapan, the efficiency table's value, written out; "
                "efficient when it is 0 or more (as the table reads it).",
            ),
            ("ss.efficiency.none", "When the sasaran's capaian or serapan is unknown."),
            ("efficient", "`{reading}` of `ss.efficiency` for an efisiensi of 0 or more."),
            ("not_efficient", "`{reading}` for a negative efisiensi."),
        ],
    ),
    (
        "3.3 Budget and efficiency",
        [
            (
                "budget.extremes",
                "When two or more programs (carried out, with a pagu) have a serapan: the lowest and the highest.",
            ),
            (
                "budget.inefficient",
                "When a program's capaian is below its serapan: those programs with their efisiensi "
                "(`budget.inefficient.item`).",
            ),
            ("budget.inefficient.item", "One program of `budget.inefficient`."),
            ("budget.all_efficient", "When every program with capaian and serapan is efficient."),
            ("budget.intro", "Always, last: introduces the efficiency table."),
        ],
    ),
]


def sentences_list() -> str:
    """The page's list: per section, each template's key, when it is used, and its Indonesian and English text."""
    from lkip.engine.narrative import TEMPLATES

    described = [key for _, entries in WHEN for key, _ in entries]
    missing = sorted(set(TEMPLATES) - set(described))
    unknown = sorted(set(described) - set(TEMPLATES))
    if missing or unknown:
        raise SystemExit(f"docs/report_sentences.py: no 'when' for {missing}; not templates: {unknown}")
    out = []
    for title, entries in WHEN:
        out += [f"### {title}", ""]
        for key, when in entries:
            en, id_ = TEMPLATES[key]
            out += [f"- **`{key}`** — {when}", f"  - id: {_quoted(id_)}", f"  - en: {_quoted(en)}"]
        out.append("")
    return "\n".join(out)


def _quoted(text: str) -> str:
    return "`" + text + "`" if "`" not in text else text


if __name__ == "__main__":
    sys.stdout.write(sentences_list())
