"""Rencana aksi (a node's target to date within the year) and PK perubahan (a year's target revised in the year).

A year's target may carry its history, `revisions`: each version with the date it takes effect, oldest first.
`--as-of DATE` takes the version in force on that date; without it, the latest. A date before the first version
has no target in force yet.

Within the year (`--tw 2`, `--period S1`), a node is measured against its target to date:

1. the quarter's target the rencana aksi declares (`triwulan: {2: 45}` under the year's target), when the period
   ends with that quarter (TW2, S1 and B6 all end in June);
2. else the node's declared `rencana` rule: `proportional` (annual × months / 12), `annual` (the annual target) or
   `none` (no target before the year's end);
3. else, when no quarter is declared, the annual target (as before rencana aksi existed); a node that declares
   some quarters and no rule has no target for the others.

A target from 2. or 3. is derived, never printed: every view marks it so.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .diagnostics import Diagnostic, Severity
from .messages import Message
from .model import (
    Cumulation,
    RencanaRule,
    Revision,
    Source,
    Target,
    TargetBasis,
    Workspace,
)
from .periods import Period


@dataclass(frozen=True)
class PeriodTarget:
    """The target a node is measured against for a year (or a period of it), and where it comes from.

    `target` is None when there is none (then `reason` says why, if it is not simply undeclared); `annual` is the
    year's target in force; `revision` the version in force (None: the target has no history); `rule` the rule a
    derived target follows and `rule_declared` whether the node declares it."""

    target: Target | None
    basis: TargetBasis | None = None
    annual: Target | None = None
    revision: Revision | None = None
    revised: bool = False
    rule: RencanaRule | None = None
    rule_declared: bool = False
    source: Source | None = None  # a declared quarter's target: where
    reason: Message | None = None


def in_force(target: Target, as_of: datetime.date | None) -> tuple[bool, Revision | None]:
    """(whether a version is in force, the version) on `as_of`; without revisions the target itself is (None)."""
    if not target.revisions:
        return True, None
    if as_of is None:
        return True, target.revisions[-1]
    current = None
    for revision in target.revisions:
        day = revision.day
        if day is not None and day <= as_of:
            current = revision
    return current is not None, current


def annual_in_force(target: Target, as_of: datetime.date | None) -> tuple[Target | None, Revision | None]:
    """The year's target in force on `as_of` (the declared target, or an earlier revision's value), and the
    revision it comes from."""
    found, revision = in_force(target, as_of)
    if not found:
        return None, None
    if revision is None or revision is target.revisions[-1]:
        quarters = revision.triwulan if revision is not None and revision.triwulan else target.triwulan
        return Target(
            value=target.value,
            min=target.min,
            max=target.max,
            band=target.band,
            source=target.source,
            inferred=target.inferred,
            triwulan=quarters,
            quarter_sources=target.quarter_sources if quarters is target.triwulan else {},
            revisions=target.revisions,
        ), revision
    return Target(
        value=revision.value,
        source=revision.document,
        triwulan=revision.triwulan,
        revisions=target.revisions,
    ), revision


def period_target(
    ws: Workspace,
    node_id: str,
    year: int,
    period: Period | None = None,
    as_of: datetime.date | None = None,
) -> PeriodTarget:
    """The node's target for the year, or to date at `period` (None or a period ending in December: the year),
    with the targets in force on `as_of` (None: the latest)."""
    spec = ws.nodes[node_id]
    declared = spec.target_info.get(year)
    if declared is None and year in spec.targets:  # a model built without target_info (the plain value only)
        declared = Target(value=spec.targets[year])
    if declared is None:
        return PeriodTarget(None)
    annual, revision = annual_in_force(declared, as_of)
    revised = revision is not None and revision is not declared.revisions[0]
    if annual is None:
        first = declared.revisions[0]
        return PeriodTarget(
            None,
            reason=Message(
                "no {year} target in force on {date}: the first, {document}, is dated {first}",
                "belum ada target {year} yang berlaku pada {date}: yang pertama, {document}, bertanggal {first}",
                year=year,
                date=as_of.isoformat() if as_of else "",
                document=first.document or Message("the PK", "PK"),
                first=first.date,
            ),
        )
    whole = PeriodTarget(annual, TargetBasis.YEAR, annual, revision, revised)
    if period is None or period.is_year:
        return whole
    quarter = period.end_month // 3 if period.end_month % 3 == 0 else None
    if quarter is not None and quarter in annual.triwulan:
        return PeriodTarget(
            Target(value=annual.triwulan[quarter]),
            TargetBasis.DECLARED,
            annual,
            revision,
            revised,
            source=annual.quarter_sources.get(quarter),
        )
    rule = spec.rencana
    if rule is None and annual.triwulan:
        return PeriodTarget(
            None,
            annual=annual,
            revision=revision,
            revised=revised,
            reason=Message(
                "the rencana aksi declares no target to {period} (declare it under triwulan, or a rencana rule)",
                "rencana aksi tidak menyatakan target s.d. {period} (nyatakan di triwulan, atau aturan rencana)",
                period=period.title(),
            ),
        )
    declared_rule = rule is not None
    rule = rule or RencanaRule.ANNUAL
    if rule is RencanaRule.NONE:
        return PeriodTarget(
            None,
            annual=annual,
            revision=revision,
            revised=revised,
            rule=rule,
            rule_declared=True,
            reason=Message(
                "no target before the year's end (rencana: none)",
                "tidak ada target sebelum akhir tahun (rencana: none)",
            ),
        )
    if rule is RencanaRule.PROPORTIONAL and annual.band is None:
        share = period.end_month / 12

        def part(value: float | None) -> float | None:
            return value * share if value is not None else None

        derived = Target(value=part(annual.value), min=part(annual.min), max=part(annual.max))
        return PeriodTarget(derived, TargetBasis.PROPORTIONAL, annual, revision, revised, rule, declared_rule)
    derived = Target(value=annual.value, min=annual.min, max=annual.max, band=annual.band)
    return PeriodTarget(derived, TargetBasis.ANNUAL, annual, revision, revised, RencanaRule.ANNUAL, declared_rule)


def basis_text(found: PeriodTarget, period: Period | None) -> Message | None:
    """Where a target to date comes from, in words (None for the year's own target)."""
    if found.basis is None or found.basis is TargetBasis.YEAR or period is None:
        return None
    if found.basis is TargetBasis.DECLARED:
        return Message(
            "declared in the rencana aksi for {period}", "dinyatakan rencana aksi untuk {period}", period=period.title()
        )
    annual = found.annual.value if found.annual is not None else None
    if found.basis is TargetBasis.PROPORTIONAL:
        return Message(
            "derived, not printed: annual target {annual} × {months}/12 (rencana: proportional)",
            "diturunkan, bukan angka tercetak: target tahunan {annual} × {months}/12 (rencana: proportional)",
            annual=annual if annual is not None else "–",
            months=period.end_month,
        )
    if found.rule_declared:
        return Message(
            "derived, not printed: the annual target holds all year (rencana: annual)",
            "diturunkan, bukan angka tercetak: target tahunan berlaku sepanjang tahun (rencana: annual)",
        )
    return Message(
        "derived, not printed: the annual target, as no rencana aksi is declared (declare triwulan or rencana)",
        "diturunkan, bukan angka tercetak: target tahunan, karena rencana aksi tidak dinyatakan (nyatakan triwulan "
        "atau rencana)",
    )


def revision_text(revision: Revision) -> Message:
    """'85 from 2024-01-31 (Perjanjian Kinerja 2024 No. 1: PK awal)'."""
    about = " — ".join(part for part in (revision.document, revision.reason) if part)
    if about:
        return Message(
            "{value} from {date} ({about})",
            "{value} sejak {date} ({about})",
            value=revision.value,
            date=revision.date,
            about=about,
        )
    return Message("{value} from {date}", "{value} sejak {date}", value=revision.value, date=revision.date)


# ---------------------------------------------------------------------------------------------------- validation


def _problem(
    code: str, message: Message, where: Source, hint: Message | None, node_id: str, warning: bool = False
) -> Diagnostic:
    return Diagnostic(
        code=code,
        message=message,
        path=where.path,
        line=where.line,
        col=where.col,
        hint=hint,
        severity=Severity.WARNING if warning else Severity.ERROR,
        node_id=node_id,
    )


def check_rencana(ws: Workspace) -> list[Diagnostic]:
    """The targets' history and rencana aksi: LK236 a date that is not an ISO date, LK237 dates out of order,
    LK238 a revision dated outside the target's year (warning), LK239 `value` other than the latest revision's,
    LK240 quarterly targets or revisions on a range or band target, LK241 TW 4's target other than the year's
    (warning), LK242 targets to date of a count that fall from one quarter to the next (warning), LK243
    `rencana: proportional` where the realisasi does not add up over the year (warning)."""
    problems: list[Diagnostic] = []
    for node in ws.nodes.values():
        for year, target in sorted(node.target_info.items()):
            where = node.target_sources.get(year, node.source)
            problems += _history(node.id, year, target, where)
            problems += _quarters(node.id, year, target, target.value, where, node.cumulation, target.quarter_sources)
            for revision in target.revisions:
                problems += _quarters(
                    node.id, year, target, revision.value, revision.source, node.cumulation, {}, revision.triwulan
                )
        if node.rencana is RencanaRule.PROPORTIONAL and node.cumulation is not Cumulation.SUM:
            problems.append(
                _problem(
                    "LK243",
                    Message(
                        "{id}: rencana: proportional, but cumulation is '{cumulation}': its realisasi to date does "
                        "not add up over the year",
                        "{id}: rencana: proportional, tetapi cumulation '{cumulation}': realisasi s.d. periode tidak "
                        "dijumlahkan sepanjang tahun",
                        id=node.id,
                        cumulation=node.cumulation.value,
                    ),
                    node.source,
                    Message(
                        "proportional suits counts with cumulation: sum; use rencana: annual for levels and "
                        "percentages",
                        "proportional cocok untuk hitungan dengan cumulation: sum; pakai rencana: annual untuk nilai "
                        "tingkat dan persentase",
                    ),
                    node.id,
                    warning=True,
                )
            )
    return problems


def _history(node_id: str, year: int, target: Target, where: Source) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    if not target.revisions:
        return problems
    if target.value is None or target.min is not None or target.max is not None or target.band is not None:
        problems.append(_not_plain(node_id, year, "revisions", where))
        return problems
    previous: tuple[datetime.date, Revision] | None = None
    for revision in target.revisions:
        day = revision.day
        if day is None:
            problems.append(
                _problem(
                    "LK236",
                    Message(
                        "{id}: the {year} target's revision date '{date}' is not a date (YYYY-MM-DD)",
                        "{id}: tanggal revisi target {year} '{date}' bukan tanggal (YYYY-MM-DD)",
                        id=node_id,
                        year=year,
                        date=revision.date,
                    ),
                    revision.date_source,
                    Message(
                        "write the date as year-month-day, e.g. {year}-08-20",
                        "tulis tanggal sebagai tahun-bulan-tanggal, mis. {year}-08-20",
                        year=year,
                    ),
                    node_id,
                )
            )
            continue
        if previous is not None and day <= previous[0]:
            problems.append(
                _problem(
                    "LK237",
                    Message(
                        "{id}: the {year} target's revisions are not in date order: {date} comes after {before}",
                        "{id}: revisi target {year} tidak urut tanggal: {date} tercantum sesudah {before}",
                        id=node_id,
                        year=year,
                        date=revision.date,
                        before=previous[1].date,
                    ),
                    revision.date_source,
                    Message(
                        "list the versions oldest first (the original PK, then each PK perubahan), each on its own "
                        "date",
                        "urutkan versi dari yang terlama (PK awal, lalu setiap PK perubahan), masing-masing pada "
                        "tanggalnya sendiri",
                    ),
                    node_id,
                )
            )
        elif not year - 1 <= day.year <= year:
            problems.append(
                _problem(
                    "LK238",
                    Message(
                        "{id}: a revision of the {year} target is dated {date}, outside {before}–{year}",
                        "{id}: revisi target {year} bertanggal {date}, di luar {before}–{year}",
                        id=node_id,
                        year=year,
                        date=revision.date,
                        before=year - 1,
                    ),
                    revision.date_source,
                    Message("check the year of the date", "periksa tahun pada tanggal itu"),
                    node_id,
                    warning=True,
                )
            )
        previous = (day, revision)
    latest = target.revisions[-1]
    if target.value_given and target.value is not None and not math.isclose(target.value, latest.value):
        problems.append(
            _problem(
                "LK239",
                Message(
                    "{id}: the {year} target is {value}, but its latest revision ({date}) sets {latest}",
                    "{id}: target {year} bernilai {value}, padahal revisi terakhirnya ({date}) menetapkan {latest}",
                    id=node_id,
                    year=year,
                    value=target.value,
                    date=latest.date,
                    latest=latest.value,
                ),
                where,
                Message(
                    "the latest revision is the target in force: make them equal, or leave value out",
                    "revisi terakhir adalah target yang berlaku: samakan keduanya, atau hapus value",
                ),
                node_id,
            )
        )
    return problems


def _not_plain(node_id: str, year: int, key: str, where: Source) -> Diagnostic:
    return _problem(
        "LK240",
        Message(
            "{id}: the {year} target is a range or band, and '{key}' needs a plain value",
            "{id}: target {year} berupa rentang atau predikat, padahal '{key}' memerlukan nilai tunggal",
            id=node_id,
            year=year,
            key=key,
        ),
        where,
        Message(
            "give the target as {value: ...}, or leave '{key}' out (a range holds all year)",
            "tulis target sebagai {value: ...}, atau hapus '{key}' (rentang berlaku sepanjang tahun)",
            key=key,
        ),
        node_id,
    )


def _quarters(
    node_id: str,
    year: int,
    target: Target,
    year_value: float | None,
    where: Source,
    cumulation: Cumulation,
    places: Mapping[int, Source],
    given: Mapping[int, float] | None = None,
) -> list[Diagnostic]:
    """The quarterly targets of a target (or of one of its revisions: `given`), against its `year_value`."""
    problems: list[Diagnostic] = []
    given = target.triwulan if given is None else given
    if not given:
        return problems
    if target.value is None or target.min is not None or target.max is not None or target.band is not None:
        return [_not_plain(node_id, year, "triwulan", where)]
    if 4 in given and year_value is not None and not math.isclose(given[4], year_value):
        problems.append(
            _problem(
                "LK241",
                Message(
                    "{id}: the rencana aksi's target to TW IV is {q4}, but the {year} target is {value}",
                    "{id}: target rencana aksi s.d. TW IV {q4}, padahal target {year} {value}",
                    id=node_id,
                    q4=given[4],
                    year=year,
                    value=year_value,
                ),
                places.get(4, where),
                Message(
                    "targets to date end with the year's: TW IV is the year (or leave TW IV out)",
                    "target s.d. triwulan berakhir pada target tahunan: TW IV adalah setahun (atau hapus TW IV)",
                ),
                node_id,
                warning=True,
            )
        )
    if cumulation is Cumulation.SUM:
        ordered = sorted(given.items())
        for (q1, v1), (q2, v2) in zip(ordered, ordered[1:], strict=False):
            if v2 < v1:
                problems.append(
                    _problem(
                        "LK242",
                        Message(
                            "{id}: the target to TW {q2} ({v2}) is below the target to TW {q1} ({v1}), but the "
                            "realisasi adds up (cumulation: sum)",
                            "{id}: target s.d. TW {q2} ({v2}) di bawah target s.d. TW {q1} ({v1}), padahal realisasi "
                            "dijumlahkan (cumulation: sum)",
                            id=node_id,
                            q1=q1,
                            v1=v1,
                            q2=q2,
                            v2=v2,
                        ),
                        places.get(q2, where),
                        Message(
                            "write each quarter's target to date (from January), not the quarter's own",
                            "tulis target s.d. triwulan itu (sejak Januari), bukan target triwulan itu sendiri",
                        ),
                        node_id,
                        warning=True,
                    )
                )
    return problems


def check_period_spending(ws: Workspace) -> list[Diagnostic]:
    """Spending per period: LK244 the periods' spending over the whole year other than the year's realisasi
    anggaran (warning); LK245 spending per period on a record without a pagu (no serapan to date) (warning)."""
    from .evaluate import spent_up_to  # evaluate imports this module

    problems: list[Diagnostic] = []
    for year, data in sorted(ws.years.items()):
        for node_id, record in data.records.items():
            if node_id not in ws.nodes:
                continue
            if not any("realisasi_anggaran" in e for values in record.series().values() for e in values.values()):
                continue
            if record.pagu is None:
                problems.append(
                    _problem(
                        "LK245",
                        Message(
                            "{id} ({year}): spending per period without a pagu: no serapan to date",
                            "{id} ({year}): realisasi anggaran per periode tanpa pagu: serapan s.d. periode tidak ada",
                            id=node_id,
                            year=year,
                        ),
                        record.source,
                        Message("add the year's pagu", "tambahkan pagu tahun itu"),
                        node_id,
                        warning=True,
                    )
                )
                continue
            whole = spent_up_to(record, 12)
            given = record.realisasi_anggaran
            if whole is not None and given is not None and abs(whole - float(given)) > 0.5:
                problems.append(
                    _problem(
                        "LK244",
                        Message(
                            "{id} ({year}): the periods' spending adds up to {whole}, the year's realisasi anggaran "
                            "is {given}",
                            "{id} ({year}): realisasi anggaran per periode berjumlah {whole}, realisasi anggaran "
                            "setahun {given}",
                            id=node_id,
                            year=year,
                            whole=whole,
                            given=float(given),
                        ),
                        record.source,
                        Message(
                            "each period gives its own spending (not to date): check the figures",
                            "setiap periode berisi realisasinya sendiri (bukan s.d. periode): periksa angkanya",
                        ),
                        node_id,
                        warning=True,
                    )
                )
    return problems
