"""Chapter III of the LKIP as data: per sasaran its IKU, and per IKU the standard paragraphs, each sentence a
template filled only with computed values.

Every sentence is one of TEMPLATES (English and Indonesian, docs/report-sentences.md lists them all and says when
each is used), filled with what the evaluation and engine/compare.py computed: capaian and predikat; the previous
year's realisasi and the change (compare.Comparison); the gap to the renstra end target; the national figure; the
programs under the IKU with their capaian and budget; per sasaran its budget and the efficiency (capaian −
serapan, as the efficiency table computes it). Where a value is missing the sentence says so; nothing is
estimated, and no cause is guessed: the causes of success or failure are the planner's to write.

Pure: no printing, no formatting for a locale (a view renders each Message in its language).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .compare import Comparison, compare_all
from .evaluate import Evaluation, NodeResult
from .messages import Message, Percent, Quantity
from .model import Band, Direction, Kind, Status

# key -> (English, Indonesian). Parameters in braces are filled with computed values; docs/report-sentences.md
# documents each one (a test keeps that page and this table in step).
TEMPLATES: dict[str, tuple[str, str]] = {
    # --- the chapter ------------------------------------------------------------------------------------
    "chapter.intro": (
        "This chapter reports the performance of {office} in {year}. For each strategic objective (sasaran "
        "strategis) it compares the result of each key performance indicator (IKU) with its {year} target, with "
        "the previous year, with the end target of the renstra and, where the data has one, with the national "
        "figure; it then lists the programs that support each IKU and weighs the budget spent against the "
        "performance achieved. Every figure is computed by lkip from the performance data, and each sentence is a "
        "template filled with those figures: the causes of success or failure and the solutions taken are to be "
        "added by the planner.",
        "Bab ini melaporkan capaian kinerja {office} tahun {year}. Untuk setiap sasaran strategis, realisasi setiap "
        "indikator kinerja utama (IKU) dibandingkan dengan target tahun {year}, dengan tahun sebelumnya, dengan "
        "target akhir Renstra dan, bila datanya tersedia, dengan angka nasional; kemudian diuraikan program yang "
        "mendukung setiap IKU serta efisiensi penggunaan anggaran terhadap kinerja yang dicapai. Seluruh angka "
        "dihitung oleh lkip dari data kinerja dan setiap kalimat adalah templat yang diisi dengan angka tersebut: "
        "analisis penyebab keberhasilan atau kegagalan serta solusi yang telah dilakukan dilengkapi oleh "
        "perencana.",
    ),
    "chapter.rules": (
        "The achievement (capaian) of each IKU compares its result (realisasi) with its target, by the rule of its "
        "direction: {rules}.",
        "Capaian kinerja setiap IKU membandingkan realisasi dengan targetnya, menurut rumus sesuai arah "
        "indikatornya: {rules}.",
    ),
    "chapter.rule": ("{rule} for {ids}", "{rule} untuk {ids}"),
    "chapter.scale": (
        "Each achievement is graded by the scale “{scale}”:",
        "Predikat setiap capaian mengikuti skala “{scale}”:",
    ),
    "chapter.no_renstra": (
        "The workspace declares no renstra (organisation.yaml), so no result is compared with an end target.",
        "Ruang kerja tidak mendeklarasikan Renstra (organisation.yaml), sehingga tidak ada realisasi yang "
        "dibandingkan dengan target akhir.",
    ),
    "org.summary": (
        "In {year} the mean achievement of the {n} IKU is {mean}; {reached} of the {n} IKU met or exceeded their "
        "target (an achievement of 100 % or more).",
        "Pada tahun {year}, rata-rata capaian {n} IKU adalah {mean}; {reached} dari {n} IKU mencapai atau "
        "melampaui targetnya (capaian 100 % atau lebih).",
    ),
    "org.summary.none": (
        "No IKU has an achievement for {year}: the mean achievement cannot be computed.",
        "Tidak ada IKU yang capaiannya dapat dihitung untuk tahun {year}, sehingga rata-rata capaian tidak dapat "
        "dihitung.",
    ),
    "org.uncomputed": (
        "IKU without an achievement: {items}.",
        "IKU yang capaiannya tidak dapat dihitung: {items}.",
    ),
    "org.uncomputed.item": ("{id} ({status})", "{id} ({status})"),
    "org.grades": ("By grade: {items}.", "Menurut predikatnya: {items}."),
    "org.grades.item": ("{n} IKU graded {grade}", "{n} IKU berpredikat {grade}"),
    "org.budget": (
        "The budget (pagu) of {year} is {pagu} in all, of which {spent} was spent: an absorption (serapan) of "
        "{serapan}.",
        "Pagu anggaran tahun {year} seluruhnya {pagu}, dengan realisasi {spent} atau serapan anggaran {serapan}.",
    ),
    "org.budget.none": (
        "The data of {year} records no budget (pagu).",
        "Data tahun {year} tidak memuat pagu anggaran.",
    ),
    # --- a sasaran --------------------------------------------------------------------------------------
    "ss.intro": (
        "Strategic objective {number}, “{name}”, is measured by {n} IKU: {ids}.",
        "Sasaran strategis {number}, “{name}”, diukur dengan {n} IKU: {ids}.",
    ),
    "ss.intro.none": (
        "Strategic objective {number}, “{name}”, has no IKU in the specs.",
        "Sasaran strategis {number}, “{name}”, tidak memiliki IKU dalam spesifikasi.",
    ),
    "ss.capaian": (
        "Its achievement is {capaian}, graded {grade} ({rule}).",
        "Capaian sasaran ini adalah {capaian} dengan predikat {grade} ({rule}).",
    ),
    "ss.capaian.nograde": ("Its achievement is {capaian} ({rule}).", "Capaian sasaran ini adalah {capaian} ({rule})."),
    "ss.capaian.none": (
        "Its achievement cannot be computed ({status}).",
        "Capaian sasaran ini tidak dapat dihitung ({status}).",
    ),
    "ss.rollup": ("the {method} of the achievement of {of}", "{method} capaian {of}"),
    "ss.budget": (
        "The budget supporting strategic objective {number} is spread over {programs} program(s), with a pagu of "
        "{pagu} of which {spent} was spent: an absorption of {serapan}.",
        "Anggaran untuk mendukung sasaran strategis {number} terdiri dari {programs} program dengan pagu {pagu} "
        "dan realisasi {spent}, sehingga serapan anggaran {serapan}.",
    ),
    "ss.budget.pagu_only": (
        "The budget supporting strategic objective {number} is spread over {programs} program(s), with a pagu of "
        "{pagu}; the data records no spending for it.",
        "Anggaran untuk mendukung sasaran strategis {number} terdiri dari {programs} program dengan pagu {pagu}; "
        "data tidak memuat realisasinya.",
    ),
    "ss.budget.none": (
        "The data records no budget for the programs of strategic objective {number}, so its efficiency cannot "
        "be computed.",
        "Data tidak memuat anggaran program sasaran strategis {number}, sehingga efisiensinya tidak dapat dihitung.",
    ),
    "ss.efficiency": (
        "Against the objective's achievement of {capaian}, the efficiency (achievement − absorption) is "
        "{capaian_n} − {serapan_n} = {efisiensi} points: {reading}.",
        "Dibandingkan dengan capaian kinerja sasaran sebesar {capaian}, tingkat efisiensi (capaian kinerja − "
        "serapan anggaran) adalah {capaian_n} − {serapan_n} = {efisiensi} poin: {reading}.",
    ),
    "ss.efficiency.none": (
        "The objective's achievement or absorption is unknown, so its efficiency cannot be computed.",
        "Capaian kinerja atau serapan anggaran sasaran ini tidak diketahui, sehingga efisiensinya tidak dapat "
        "dihitung.",
    ),
    "efficient": (
        "the budget was used efficiently (the achievement is not below the absorption)",
        "penggunaan anggaran efisien (capaian kinerja tidak lebih rendah daripada serapan anggaran)",
    ),
    "not_efficient": (
        "not efficient (the achievement is below the absorption)",
        "tidak efisien (capaian kinerja lebih rendah daripada serapan anggaran)",
    ),
    # --- an IKU -----------------------------------------------------------------------------------------
    "iku.capaian": (
        "In {year} {id}, {indicator}, reached {realisasi} against a target of {target}: an achievement of "
        "{capaian}, graded {grade}; {reached}.",
        "Realisasi {id}, {indicator}, pada tahun {year} adalah {realisasi} dari target {target}, sehingga "
        "capaian kinerjanya {capaian} dengan predikat {grade}; {reached}.",
    ),
    "iku.capaian.nograde": (
        "In {year} {id}, {indicator}, reached {realisasi} against a target of {target}: an achievement of "
        "{capaian}; {reached}.",
        "Realisasi {id}, {indicator}, pada tahun {year} adalah {realisasi} dari target {target}, sehingga "
        "capaian kinerjanya {capaian}; {reached}.",
    ),
    "exceeded": ("the target was exceeded", "target terlampaui"),
    "met": ("the target was met", "target tercapai"),
    "not_met": ("the target was not met", "target belum tercapai"),
    "iku.rule": (
        "The achievement is computed as {rule} ({direction}).",
        "Capaian dihitung dengan rumus {rule} ({direction}).",
    ),
    "iku.no_data": (
        "The data of {year} has no result for {id}, {indicator}: its achievement cannot be computed.",
        "Data tahun {year} tidak memuat realisasi {id}, {indicator}, sehingga capaiannya belum dapat dihitung.",
    ),
    "iku.not_implemented": (
        "{id}, {indicator}, was not carried out in {year}.",
        "{id}, {indicator}, tidak dilaksanakan pada tahun {year}.",
    ),
    "iku.no_target": (
        "In {year} {id}, {indicator}, reached {realisasi}, but the specs give no target for {year}: its "
        "achievement cannot be computed.",
        "Realisasi {id}, {indicator}, pada tahun {year} adalah {realisasi}, tetapi spesifikasi tidak memuat "
        "target tahun {year}, sehingga capaiannya tidak dapat dihitung.",
    ),
    "iku.not_computed": (
        "In {year} {id}, {indicator}, reached {realisasi} against a target of {target}; its achievement "
        "cannot be computed: {reason}.",
        "Realisasi {id}, {indicator}, pada tahun {year} adalah {realisasi} dari target {target}; capaiannya "
        "tidak dapat dihitung: {reason}.",
    ),
    "iku.prev": (
        "Compared with {prev_year}, the result {movement} by {change}, from {prev} to {now} ({judgement}).",
        "Dibandingkan dengan tahun {prev_year}, realisasi {movement} sebesar {change}, dari {prev} menjadi {now} "
        "({judgement}).",
    ),
    "iku.prev.plain": (
        "Compared with {prev_year}, the result {movement} by {change}, from {prev} to {now}.",
        "Dibandingkan dengan tahun {prev_year}, realisasi {movement} sebesar {change}, dari {prev} menjadi {now}.",
    ),
    "iku.prev.same": (
        "The result of {year} equals that of {prev_year}: {now}.",
        "Realisasi tahun {year} sama dengan tahun {prev_year}, yaitu {now}.",
    ),
    "iku.prev.capaian": (
        "In {prev_year} the achievement was {capaian} against a target of {target}.",
        "Capaian tahun {prev_year} adalah {capaian} dari target {target}.",
    ),
    "iku.prev.missing": (
        "The data of {prev_year} has no result for this IKU, so it cannot be compared with the previous year.",
        "Data tahun {prev_year} tidak memuat realisasi IKU ini, sehingga perbandingan dengan tahun sebelumnya "
        "belum dapat dibuat.",
    ),
    "rose": ("rose", "naik"),
    "fell": ("fell", "turun"),
    "improved": ("an improvement", "membaik"),
    "declined": ("a decline", "memburuk"),
    "points": ("percentage points", "poin persen"),
    "iku.renstra": (
        "The end target of the renstra for {end_year} is {end_target}; the {year} result is {words}.",
        "Target akhir Renstra tahun {end_year} adalah {end_target}; realisasi tahun {year} berada {words}.",
    ),
    "iku.renstra.document": (
        "The end target of the renstra ({document}) for {end_year} is {end_target}; the {year} result is {words}.",
        "Target akhir Renstra ({document}) tahun {end_year} adalah {end_target}; realisasi tahun {year} berada "
        "{words}.",
    ),
    "iku.renstra.zero": (
        "The end target of the renstra for {end_year} is {end_target}: the gap to it cannot be computed.",
        "Target akhir Renstra tahun {end_year} adalah {end_target}, sehingga selisih terhadapnya tidak dapat dihitung.",
    ),
    "iku.renstra.missing": (
        "The specs give no renstra end target for {end_year} for this IKU, so the result cannot be compared with it.",
        "Spesifikasi tidak memuat target akhir Renstra tahun {end_year} untuk IKU ini, sehingga realisasinya belum "
        "dapat dibandingkan dengan target akhir.",
    ),
    "iku.national": (
        "The national figure for this indicator is {national}; the {year} result is {gap} {where} it ({judgement}).",
        "Angka nasional untuk indikator ini adalah {national}; realisasi tahun {year} {gap} {where} angka nasional "
        "({judgement}).",
    ),
    "iku.national.plain": (
        "The national figure for this indicator is {national}; the {year} result is {gap} {where} it.",
        "Angka nasional untuk indikator ini adalah {national}; realisasi tahun {year} {gap} {where} angka nasional.",
    ),
    "iku.national.same": (
        "The national figure for this indicator is {national}, the same as the {year} result.",
        "Angka nasional untuk indikator ini adalah {national}, sama dengan realisasi tahun {year}.",
    ),
    "iku.national.missing": (
        "The data gives no national figure for this indicator.",
        "Data tidak memuat angka nasional untuk indikator ini.",
    ),
    "above": ("above", "di atas"),
    "below": ("below", "di bawah"),
    "better": ("better", "lebih baik"),
    "worse": ("worse", "lebih buruk"),
    "iku.programs": (
        "The programs supporting this IKU ({n}):",
        "Program yang mendukung IKU ini ({n}):",
    ),
    "iku.programs.none": (
        "The specs list no program under this IKU.",
        "Spesifikasi tidak mencatat program di bawah IKU ini.",
    ),
    "iku.program": (
        "{id} {name}: achievement {capaian} ({grade}); {budget}.",
        "{id} {name}: capaian kinerja {capaian} ({grade}); {budget}.",
    ),
    "iku.program.nograde": (
        "{id} {name}: achievement {capaian}; {budget}.",
        "{id} {name}: capaian kinerja {capaian}; {budget}.",
    ),
    "iku.program.status": ("{id} {name}: {status}; {budget}.", "{id} {name}: {status}; {budget}."),
    "budget": (
        "pagu {pagu}, spent {spent}, absorption {serapan}",
        "pagu {pagu}, realisasi anggaran {spent}, serapan {serapan}",
    ),
    "budget.pagu_only": (
        "pagu {pagu}, no spending recorded",
        "pagu {pagu}, realisasi anggaran tidak tercatat",
    ),
    "budget.none": ("no budget recorded", "anggaran tidak tercatat dalam data"),
    # --- the budget section -----------------------------------------------------------------------------
    "budget.intro": (
        "The absorption and efficiency of each strategic objective and program of {year}:",
        "Serapan anggaran dan efisiensi setiap sasaran strategis dan program tahun {year}:",
    ),
    "budget.extremes": (
        "The lowest absorption is that of {low_id} {low_name} ({low}); the highest that of {high_id} {high_name} "
        "({high}).",
        "Serapan anggaran terendah ada pada {low_id} {low_name} ({low}); yang tertinggi pada {high_id} {high_name} "
        "({high}).",
    ),
    "budget.inefficient": (
        "Programs whose achievement is below their absorption (not efficient): {items}.",
        "Program dengan capaian kinerja lebih rendah daripada serapan anggarannya (tidak efisien): {items}.",
    ),
    "budget.inefficient.item": ("{id} ({efisiensi} points)", "{id} ({efisiensi} poin)"),
    "budget.all_efficient": (
        "Every program with an achievement and an absorption has an achievement not below its absorption.",
        "Setiap program yang capaian dan serapannya terhitung memiliki capaian kinerja tidak lebih rendah daripada "
        "serapan anggarannya.",
    ),
}

_STATUS = {
    Status.OK: Message("computed", "terhitung"),
    Status.NO_DATA: Message("no data", "tidak ada data"),
    Status.NO_TARGET: Message("no target", "tidak ada target"),
    Status.ZERO_TARGET: Message("target 0", "target 0"),
    Status.NOT_IMPLEMENTED: Message("not carried out", "tidak dilaksanakan"),
    Status.NOT_COMPUTABLE: Message("not computable", "tidak dapat dihitung"),
    Status.ERROR: Message("error", "galat"),
}
_DIRECTION = {
    Direction.HIGHER: Message("higher is better", "semakin tinggi semakin baik"),
    Direction.LOWER: Message("lower is better", "semakin rendah semakin baik"),
}
_THEIR = {  # what a roll-up takes: 'rata-rata capaian IKU-nya'
    Kind.SASARAN: Message("its objectives", "sasarannya"),
    Kind.IKU: Message("its IKU", "IKU-nya"),
    Kind.PROGRAM: Message("its programs", "programnya"),
    Kind.KEGIATAN: Message("its activities", "kegiatannya"),
    Kind.SUB_KEGIATAN: Message("its sub-activities", "sub kegiatannya"),
}
_METHOD = {
    "mean": Message("mean", "rata-rata"),
    "weighted": Message("weighted mean", "rata-rata berbobot"),
    "min": Message("minimum", "minimum"),
    "max": Message("maximum", "maksimum"),
    "sum": Message("sum", "jumlah"),
    "formula": Message("formula", "rumus"),
}


def say(key: str, **params: object) -> Message:
    """The template `key` filled with `params` (computed values, or data strings, never templates)."""
    en, id_ = TEMPLATES[key]
    return Message(en, id_, **params)


def _data(en: str, id_: str | None = None) -> Message:
    """Workspace text as a message parameter: never a template (its braces stay text)."""
    return Message("{en}", "{id}", en=en, id=en if id_ is None else id_)


@dataclass(frozen=True)
class Sentence:
    """A paragraph of the chapter: its template key (docs/report-sentences.md), its text; `bullet`: a list item."""

    key: str
    text: Message
    bullet: bool = False


def _s(key: str, /, **params: object) -> Sentence:
    return Sentence(key, say(key, **params))


def _bullet(key: str, /, **params: object) -> Sentence:
    return Sentence(key, say(key, **params), bullet=True)


@dataclass(frozen=True)
class IkuPart:
    result: NodeResult
    comparison: Comparison
    programs: tuple[NodeResult, ...]
    sentences: tuple[Sentence, ...]  # capaian, rule, previous year, renstra, national
    support: tuple[Sentence, ...]  # the programs supporting it (an intro and one bullet per program)


@dataclass(frozen=True)
class SasaranPart:
    number: int
    result: NodeResult
    subtree: tuple[NodeResult, ...]  # the sasaran and every node below it, in tree order
    intro: tuple[Sentence, ...]
    ikus: tuple[IkuPart, ...]
    efficiency: tuple[Sentence, ...]  # the budget and the efficiency (capaian − serapan)


@dataclass(frozen=True)
class Chapter:
    evaluation: Evaluation
    previous: Evaluation | None
    intro: tuple[Sentence, ...]
    rules: tuple[Sentence, ...]  # how capaian is computed; the scale sentence last (its table follows it)
    summary: tuple[Sentence, ...]
    sasaran: tuple[SasaranPart, ...]
    budget: tuple[Sentence, ...]

    @property
    def year(self) -> int:
        return self.evaluation.year

    def sentences(self) -> list[Sentence]:
        """Every sentence in reading order (for tests and the documentation)."""
        out = [*self.intro, *self.rules, *self.summary]
        for part in self.sasaran:
            out += part.intro
            for iku in part.ikus:
                out += [*iku.sentences, *iku.support]
            out += part.efficiency
        return out + list(self.budget)


# --- values as message parameters ----------------------------------------------------------------------


def grade(band: Band | None, result: NodeResult | None = None) -> Message | None:
    """The predikat as every view shows it ('AA Sangat memuaskan'); 'outside the scale' for a partial scale."""
    if band is not None:
        return _data(band.shown("en"), band.shown("id"))
    if result is not None and result.out_of_scale:
        return Message("outside the scale", "di luar skala")
    return None


def _amount(value: float, unit: str | None) -> Quantity:
    return Quantity(value, unit)


def _target(result: NodeResult) -> Message | Quantity:
    if result.target_range is not None:
        from .targets import range_text

        return range_text(result.target_range, result.spec.unit or "")
    return _amount(result.target if result.target is not None else 0.0, result.spec.unit)


def _difference(value: float, unit: str | None) -> Quantity:
    """A difference in the node's unit: percentage points for a percentage (4,28 poin persen)."""
    return Quantity(value, say("points") if unit == "%" else unit)


def _money(value: float, currency: str) -> Quantity:
    return Quantity(value, currency)


def _budget(result: NodeResult, currency: str) -> Message:
    if result.pagu is None:
        return say("budget.none")
    if result.realisasi_anggaran is None or result.serapan is None:
        return say("budget.pagu_only", pagu=_money(result.pagu, currency))
    return say(
        "budget",
        pagu=_money(result.pagu, currency),
        spent=_money(result.realisasi_anggaran, currency),
        serapan=Percent(result.serapan),
    )


def _status(result: NodeResult) -> Message:
    return _STATUS[result.status]


def _judged(up: bool, direction: Direction | None) -> bool | None:
    """Whether a move up (or down) is an improvement, by the direction; None without one."""
    if direction is None:
        return None
    return up == (direction is Direction.HIGHER)


# --- the chapter ---------------------------------------------------------------------------------------


def chapter(evaluation: Evaluation, previous: Evaluation | None = None) -> Chapter:
    """Chapter III of the evaluated year: the comparisons with `previous` (the year before) where it is given."""
    ws = evaluation.workspace
    results = list(evaluation.results.values())
    comparisons = compare_all(evaluation, previous)
    children: dict[str, list[NodeResult]] = {}
    for r in results:
        if r.spec.parent is not None:
            children.setdefault(r.spec.parent, []).append(r)
    ikus = [r for r in results if r.spec.kind is Kind.IKU]
    office = _data(ws.organisation.name)
    intro = (_s("chapter.intro", office=office, year=evaluation.year),)
    rules = _rules(evaluation, ikus)
    summary = _summary(evaluation, ikus)
    parts = []
    sasaran = [r for r in results if r.spec.kind is Kind.SASARAN]
    for number, result in enumerate(sasaran, start=1):
        parts.append(_sasaran(evaluation, previous, number, result, children, comparisons))
    return Chapter(evaluation, previous, intro, rules, summary, tuple(parts), _budget_section(evaluation, results))


def _rules(evaluation: Evaluation, ikus: list[NodeResult]) -> tuple[Sentence, ...]:
    ws = evaluation.workspace
    by_rule: dict[tuple[str, str], list[str]] = {}
    for r in ikus:
        if r.capaian_rule is not None:
            by_rule.setdefault((r.capaian_rule.en, r.capaian_rule.render("id")), []).append(r.id)
    out = []
    if by_rule:
        items = [
            say("chapter.rule", rule=_data(en, id_), ids=_data(", ".join(ids))) for (en, id_), ids in by_rule.items()
        ]
        out.append(_s("chapter.rules", rules=_Joined(items)))
    if not ws.organisation.has_renstra:
        out.append(_s("chapter.no_renstra"))
    if ws.has_predikat and ws.scale.bands:
        out.append(_s("chapter.scale", scale=_data(ws.scale.name)))
    return tuple(out)


class _Joined(Message):
    """Messages joined with '; ' (a list of clauses inside one sentence)."""

    def __init__(self, items: Iterable[Message], sep: str = "; ") -> None:
        items = tuple(items)
        names = {f"m{i}": m for i, m in enumerate(items)}
        template = sep.join("{" + name + "}" for name in names)
        super().__init__(template, template, **names)


def _summary(evaluation: Evaluation, ikus: list[NodeResult]) -> tuple[Sentence, ...]:
    ws = evaluation.workspace
    year = evaluation.year
    out = []
    mean = evaluation.mean_capaian_iku
    computed = [r for r in ikus if r.capaian is not None]
    if mean is not None:
        reached = sum(1 for r in computed if r.capaian is not None and r.capaian >= 100)
        out.append(_s("org.summary", year=year, n=len(computed), mean=Percent(mean), reached=reached))
    elif ikus:
        out.append(_s("org.summary.none", year=year))
    missing = [r for r in ikus if r.capaian is None]
    if missing and computed:
        items = [say("org.uncomputed.item", id=_data(r.id), status=_status(r)) for r in missing]
        out.append(_s("org.uncomputed", items=_Joined(items, ", ")))
    if ws.has_predikat:
        counts: dict[str, tuple[Band, int]] = {}
        for r in ikus:
            if r.band is not None:
                band, n = counts.get(r.band.code, (r.band, 0))
                counts[r.band.code] = (band, n + 1)
        order = [b.code for b in ws.scale.bands]
        ranked = sorted(counts.values(), key=lambda bn: order.index(bn[0].code) if bn[0].code in order else len(order))
        if ranked:
            items = [say("org.grades.item", grade=grade(band), n=n) for band, n in ranked]
            out.append(_s("org.grades", items=_Joined(items, ", ")))
    pagu, spent, serapan = evaluation.total_pagu, evaluation.total_realisasi_anggaran, evaluation.total_serapan
    currency = ws.organisation.currency
    if pagu is not None and spent is not None and serapan is not None:
        out.append(
            _s(
                "org.budget",
                year=year,
                pagu=_money(pagu, currency),
                spent=_money(spent, currency),
                serapan=Percent(serapan),
            )
        )
    else:
        out.append(_s("org.budget.none", year=year))
    return tuple(out)


def _sasaran(
    evaluation: Evaluation,
    previous: Evaluation | None,
    number: int,
    result: NodeResult,
    children: dict[str, list[NodeResult]],
    comparisons: dict[str, Comparison],
) -> SasaranPart:
    ws = evaluation.workspace
    currency = ws.organisation.currency
    subtree = _subtree(result, children)
    ikus = [r for r in children.get(result.id, []) if r.spec.kind is Kind.IKU]
    name = _data(result.spec.name)
    intro: list[Sentence] = []
    if ikus:
        ids = _data(", ".join(r.id for r in ikus))
        intro.append(_s("ss.intro", number=number, name=name, n=len(ikus), ids=ids))
    else:
        intro.append(_s("ss.intro.none", number=number, name=name))
    shown_grade = grade(result.band, result) if ws.has_predikat else None
    if result.capaian is None:
        intro.append(_s("ss.capaian.none", status=_status(result)))
    else:
        rule = _rollup_words(result)
        if shown_grade is not None:
            intro.append(_s("ss.capaian", capaian=Percent(result.capaian), grade=shown_grade, rule=rule))
        else:
            intro.append(_s("ss.capaian.nograde", capaian=Percent(result.capaian), rule=rule))
    parts = [_iku(evaluation, previous, r, children.get(r.id, []), comparisons.get(r.id) or Comparison()) for r in ikus]
    programs = [r for r in subtree if r.spec.kind is Kind.PROGRAM]
    efficiency: list[Sentence] = []
    if result.pagu is None:
        efficiency.append(_s("ss.budget.none", number=number))
    else:
        pagu = _money(result.pagu, currency)
        if result.realisasi_anggaran is None or result.serapan is None:
            efficiency.append(_s("ss.budget.pagu_only", number=number, programs=len(programs), pagu=pagu))
        else:
            spent = _money(result.realisasi_anggaran, currency)
            efficiency.append(
                _s(
                    "ss.budget",
                    number=number,
                    programs=len(programs),
                    pagu=pagu,
                    spent=spent,
                    serapan=Percent(result.serapan),
                )
            )
        efisiensi = result.efisiensi
        if efisiensi is None or result.capaian is None or result.serapan is None:
            efficiency.append(_s("ss.efficiency.none"))
        else:
            efficiency.append(
                _s(
                    "ss.efficiency",
                    capaian=Percent(result.capaian),
                    capaian_n=Quantity(result.capaian),
                    serapan_n=Quantity(result.serapan),
                    efisiensi=Quantity(efisiensi),
                    reading=say("efficient" if efisiensi >= 0 else "not_efficient"),
                )
            )
    return SasaranPart(number, result, tuple(subtree), tuple(intro), tuple(parts), tuple(efficiency))


def _rollup_words(result: NodeResult) -> Message:
    rollup = result.rollup
    if rollup is None:
        return result.capaian_rule or Message("", "")
    method = _METHOD.get(rollup.method.value, _data(rollup.method.value))
    of = _THEIR[rollup.of] if rollup.of is not None else Message("its children", "turunannya")
    return say("ss.rollup", method=method, of=of)


def _subtree(result: NodeResult, children: dict[str, list[NodeResult]]) -> list[NodeResult]:
    out, stack = [], [result]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(children.get(node.id, [])))
    return out


def _iku(
    evaluation: Evaluation,
    previous: Evaluation | None,
    r: NodeResult,
    below: list[NodeResult],
    c: Comparison,
) -> IkuPart:
    ws = evaluation.workspace
    year = evaluation.year
    unit = r.spec.unit
    ident = _data(r.id)
    indicator = _data(r.spec.indicator or r.spec.name)
    out: list[Sentence] = []
    realisasi = _amount(r.realisasi, unit) if r.realisasi is not None else None
    if r.status is Status.OK and r.capaian is not None and realisasi is not None:
        reached = "exceeded" if r.capaian > 100 else "met" if r.capaian == 100 else "not_met"
        shown_grade = grade(r.band, r) if ws.has_predikat else None
        common = {
            "year": year,
            "id": ident,
            "indicator": indicator,
            "realisasi": realisasi,
            "target": _target(r),
            "capaian": Percent(r.capaian),
            "reached": say(reached),
        }
        if shown_grade is not None:
            out.append(_s("iku.capaian", grade=shown_grade, **common))
        else:
            out.append(_s("iku.capaian.nograde", **common))
        if r.capaian_rule is not None and r.spec.direction is not None:
            out.append(_s("iku.rule", rule=r.capaian_rule, direction=_DIRECTION[r.spec.direction]))
    elif r.status is Status.NOT_IMPLEMENTED:
        out.append(_s("iku.not_implemented", year=year, id=ident, indicator=indicator))
    elif realisasi is None:
        out.append(_s("iku.no_data", year=year, id=ident, indicator=indicator))
    elif r.status is Status.NO_TARGET or (r.target is None and r.target_range is None):
        out.append(_s("iku.no_target", year=year, id=ident, indicator=indicator, realisasi=realisasi))
    else:
        reason = r.reason if r.reason is not None else _status(r)
        reason_message = reason if isinstance(reason, Message) else _data(reason)
        out.append(
            _s(
                "iku.not_computed",
                year=year,
                id=ident,
                indicator=indicator,
                realisasi=realisasi,
                target=_target(r),
                reason=reason_message,
            )
        )
    if r.realisasi is not None:
        out += _previous_year(r, c, previous, year)
        out += _renstra(r, c, year)
        out += _national(r, c, year)
    programs = tuple(p for p in below if p.spec.kind is Kind.PROGRAM)
    support: list[Sentence] = []
    if programs:
        support.append(_s("iku.programs", n=len(programs)))
        for p in programs:
            support.append(_program(p, ws.has_predikat, ws.organisation.currency))
    else:
        support.append(_s("iku.programs.none"))
    return IkuPart(r, c, programs, tuple(out), tuple(support))


def _previous_year(r: NodeResult, c: Comparison, previous: Evaluation | None, year: int) -> list[Sentence]:
    unit = r.spec.unit
    prev_year = c.prev_year if c.prev_year is not None else year - 1
    if c.prev_realisasi is None or c.change is None or r.realisasi is None:
        return [_s("iku.prev.missing", prev_year=prev_year)]
    now = _amount(r.realisasi, unit)
    out = []
    if c.change == 0:
        out.append(_s("iku.prev.same", year=year, prev_year=prev_year, now=now))
    else:
        up = c.change > 0
        judged = _judged(up, r.spec.direction)
        params = {
            "prev_year": prev_year,
            "movement": say("rose" if up else "fell"),
            "change": _difference(abs(c.change), unit),
            "prev": _amount(c.prev_realisasi, unit),
            "now": now,
        }
        if judged is None:
            out.append(_s("iku.prev.plain", **params))
        else:
            out.append(_s("iku.prev", judgement=say("improved" if judged else "declined"), **params))
    before = previous.results.get(r.id) if previous is not None else None
    if before is not None and before.capaian is not None and (before.target is not None or before.target_range):
        out.append(_s("iku.prev.capaian", prev_year=prev_year, capaian=Percent(before.capaian), target=_target(before)))
    return out


def _renstra(r: NodeResult, c: Comparison, year: int) -> list[Sentence]:
    if not c.renstra_declared or c.renstra_year is None:
        return []  # said once for the chapter (chapter.no_renstra)
    if c.renstra_target is None:
        return [_s("iku.renstra.missing", end_year=c.renstra_year)]
    end_target = _amount(c.renstra_target, r.spec.unit)
    words = c.renstra_words()
    if c.vs_renstra is None or words is None:
        return [_s("iku.renstra.zero", end_year=c.renstra_year, end_target=end_target)]
    params = {"end_year": c.renstra_year, "end_target": end_target, "year": year, "words": words}
    if c.renstra_document:
        return [_s("iku.renstra.document", document=_data(c.renstra_document), **params)]
    return [_s("iku.renstra", **params)]


def _national(r: NodeResult, c: Comparison, year: int) -> list[Sentence]:
    if c.national is None or c.vs_national is None:
        return [_s("iku.national.missing")]
    national = _amount(c.national, r.spec.unit)
    if c.vs_national == 0:
        return [_s("iku.national.same", national=national, year=year)]
    up = c.vs_national > 0
    params = {
        "national": national,
        "year": year,
        "gap": _difference(abs(c.vs_national), r.spec.unit),
        "where": say("above" if up else "below"),
    }
    judged = _judged(up, r.spec.direction)
    if judged is None:
        return [_s("iku.national.plain", **params)]
    return [_s("iku.national", judgement=say("better" if judged else "worse"), **params)]


def _program(p: NodeResult, has_predikat: bool, currency: str) -> Sentence:
    params = {"id": _data(p.id), "name": _data(p.spec.name), "budget": _budget(p, currency)}
    if p.capaian is None:
        return _bullet("iku.program.status", status=_status(p), **params)
    shown_grade = grade(p.band, p) if has_predikat else None
    if shown_grade is None:
        return _bullet("iku.program.nograde", capaian=Percent(p.capaian), **params)
    return _bullet("iku.program", capaian=Percent(p.capaian), grade=shown_grade, **params)


def _budget_section(evaluation: Evaluation, results: list[NodeResult]) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    programs = [r for r in results if r.spec.kind is Kind.PROGRAM]
    spending = [r for r in programs if r.serapan is not None and r.pagu and r.status is not Status.NOT_IMPLEMENTED]
    if len(spending) >= 2:
        low = min(spending, key=lambda r: r.serapan if r.serapan is not None else 0.0)
        high = max(spending, key=lambda r: r.serapan if r.serapan is not None else 0.0)
        out.append(
            _s(
                "budget.extremes",
                low_id=_data(low.id),
                low_name=_data(low.spec.name),
                low=Percent(low.serapan or 0.0),
                high_id=_data(high.id),
                high_name=_data(high.spec.name),
                high=Percent(high.serapan or 0.0),
            )
        )
    weighed = [r for r in programs if r.efisiensi is not None]
    inefficient = [r for r in weighed if (r.efisiensi or 0.0) < 0]
    if inefficient:
        items = [
            say("budget.inefficient.item", id=_data(r.id), efisiensi=Quantity(r.efisiensi or 0.0)) for r in inefficient
        ]
        out.append(_s("budget.inefficient", items=_Joined(items, ", ")))
    elif weighed:
        out.append(_s("budget.all_efficient"))
    out.append(_s("budget.intro", year=evaluation.year))  # last: it introduces the efficiency table
    return tuple(out)
