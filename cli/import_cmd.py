"""`lkip import isian.xlsx --year 2024`: a filled form read back into data/, checked, previewed, written atomically.

The order of things, so that a problem anywhere leaves every file as it was:

1. the workspace must validate (as for every command);
2. every cell of the file is checked (engine/intake.py); all problems are listed at once (`SS1!G12: ...`), exit 1;
3. the changes are placed into the year's data files and each file's new text is made and read back
   (engine/datafile.py);
4. the preview (node, field, old → new) is printed; `--dry-run` stops here (after step 5, so it also says whether
   the import would be refused);
5. the data as it would be is validated as `lkip validate` does (a copy in a temporary folder): any error refuses
   the import (LK608), nothing written;
6. each file about to change is compared with what was read (changed meanwhile: LK609, nothing written); its
   previous bytes are copied beside it as `NAME.yaml.YYYYmmdd-HHMMSS.bak` (kept; never overwritten); then each file
   is replaced atomically (temporary file + rename in the same folder). If a write fails, the files already
   replaced get their previous bytes back and the backups of this run are removed (LK610);
7. the workspace is validated once more from disk; should it fail, the same restore happens.
"""

import contextlib
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import typer

from lkip.engine.diagnostics import Diagnostic, LkipError
from lkip.engine.messages import Message

from .texts import Command, h


def register(app: typer.Typer) -> None:
    """Add `lkip import` to the application (cli/main.py calls this once)."""
    from .main import DataOpt, Lang, LangOpt, NoColorOpt, SpecsOpt, _cache, _console, _fail

    @app.command(
        "import",
        cls=Command,
        help=h(
            "Read a filled form (from lkip template, .xlsx or .csv) into data/: every cell checked, a preview of "
            "the changes, the data files written atomically with a backup of each.",
            "Baca isian yang sudah diisi (dari lkip template, .xlsx atau .csv) ke data/: setiap sel diperiksa, "
            "pratinjau perubahan, berkas data ditulis secara atomik dengan cadangan masing-masing.",
        ),
    )
    def import_command(
        file: Path = typer.Argument(
            ...,
            metavar=h("FILE", "BERKAS"),
            help=h("The filled form: .xlsx or .csv.", "Isian yang sudah diisi: .xlsx atau .csv."),
        ),
        year: int | None = typer.Option(
            None,
            "--year",
            help=h(
                "The year the form is for (default: the year of its columns); must match the form.",
                "Tahun isian (bawaan: tahun pada kolomnya); harus sama dengan isiannya.",
            ),
        ),
        dry_run: bool = typer.Option(
            False,
            "--dry-run",
            help=h(
                "Show the changes (and whether they would validate) without writing anything.",
                "Tampilkan perubahan (dan apakah lolos validasi) tanpa menulis apa pun.",
            ),
        ),
        lang: Lang = LangOpt,
        no_color: bool = NoColorOpt,
        specs: Path = SpecsOpt,
        data: Path = DataOpt,
    ) -> None:
        from lkip.engine import api, datafile, intake
        from lkip.engine.render.import_text import render_preview

        language = lang.value
        out = _console(no_color)
        try:
            ws, _ = api.require(api.validate(specs, data, _cache()))
            sheets = intake.read_table(file)
            chosen = _year(year, intake.year_of(sheets), file)
            checked = intake.check(ws, chosen, sheets, file.name)
            if checked.problems:
                raise LkipError(checked.problems)
            if not checked.changes:
                out.print(
                    Message(
                        "no change: every filled cell equals the data of {year} ({n} value(s)); nothing written",
                        "tidak ada perubahan: setiap sel terisi sama dengan data {year} ({n} nilai); tidak ada yang "
                        "ditulis",
                        year=chosen,
                        n=checked.unchanged,
                    ).render(language),
                    markup=False,
                    highlight=False,
                )
                return
            plans = datafile.plan(ws, chosen, data, checked.changes)
            out.print(render_preview(plans, checked, language), soft_wrap=True)
            try:
                after = datafile.validate_after(specs, data, plans)
            except OSError as exc:
                raise _unchecked(exc) from None
            problems = [d for d in after if d.severity.value == "error"]
            if problems:
                raise LkipError([_refusal(), *problems])
            if dry_run:
                out.print(
                    Message(
                        "--dry-run: nothing written; the data would validate",
                        "--dry-run: tidak ada yang ditulis; datanya akan lolos validasi",
                    ).render(language),
                    markup=False,
                    highlight=False,
                )
                return
            backups = commit(plans, lambda: api.validate(specs, data, None).diagnostics.errors)
        except LkipError as error:
            _fail(error, no_color, language)
        from lkip.engine.render import safe

        for plan, backup in zip(plans, backups, strict=True):
            line = (
                Message(
                    "written: {file} (previous version: {backup})",
                    "ditulis: {file} (versi sebelumnya: {backup})",
                    file=plan.display,
                    backup=backup,
                )
                if backup
                else Message("written: {file} (new file)", "ditulis: {file} (berkas baru)", file=plan.display)
            )
            out.print(safe.text(line.render(language)), soft_wrap=True)

    return None


def _year(given: int | None, found: set[int], file: Path) -> int:
    if given is not None:
        return given
    if len(found) == 1:
        return next(iter(found))
    raise LkipError(
        [
            Diagnostic(
                code="LK607",
                path=str(file),
                message=Message(
                    "the form's columns name no single year ({years})",
                    "kolom isian tidak menyebut satu tahun ({years})",
                    years=", ".join(str(y) for y in sorted(found)) or "–",
                ),
                hint=Message("give --year YEAR", "beri --year TAHUN"),
            )
        ]
    )


def _unchecked(exc: OSError) -> LkipError:
    from .output import _reason

    return LkipError(
        [
            Diagnostic(
                code="LK610",
                message=Message(
                    "the data after the import cannot be checked: its temporary copy cannot be written ({reason}); "
                    "nothing was written",
                    "data sesudah impor tidak dapat diperiksa: salinan sementaranya tidak dapat ditulis ({reason}); "
                    "tidak ada yang ditulis",
                    reason=_reason(exc),
                ),
                hint=Message(
                    "free some disk space (or set TMPDIR to a folder with room) and run lkip import again",
                    "kosongkan sebagian disk (atau arahkan TMPDIR ke folder yang lapang) lalu jalankan lkip import "
                    "lagi",
                ),
            )
        ]
    )


def _refusal() -> Diagnostic:
    return Diagnostic(
        code="LK608",
        message=Message(
            "the imported values would leave data that does not validate; nothing was written",
            "nilai yang diimpor akan membuat data tidak lolos validasi; tidak ada yang ditulis",
        ),
        hint=Message("the problems follow", "masalahnya di bawah ini"),
    )


def backup_path(path: Path, stamp: str) -> Path:
    """NAME.yaml.YYYYmmdd-HHMMSS.bak beside the file; -2, -3, ... when that name is taken."""
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    number = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}.{stamp}-{number}.bak")
        number += 1
    return candidate


def _write_new(path: Path, content: bytes, mode: int | None) -> None:
    """A new file (never an existing one), flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    if mode is not None:
        os.chmod(path, mode)


def commit(plans: Sequence, validate: Callable[[], list[Diagnostic]]) -> list[str | None]:
    """Write the planned files (module docstring, steps 6-7); the backups' display names (None for a new file)."""
    from .output import atomic_write

    stamp = time.strftime("%Y%m%d-%H%M%S")
    for plan in plans:  # changed since it was read? then nothing is written
        try:
            now = plan.path.read_bytes() if plan.before is not None or os.path.lexists(plan.path) else None
        except OSError:
            now = b"" if plan.before is not None else None
        if now != plan.before:
            raise LkipError(
                [
                    Diagnostic(
                        code="LK609",
                        path=plan.display,
                        message=Message(
                            "the file changed while the import ran; nothing was written",
                            "berkas berubah selama impor berjalan; tidak ada yang ditulis",
                        ),
                        hint=Message("run lkip import again", "jalankan lkip import lagi"),
                    )
                ]
            )
    backups: list[Path | None] = []
    try:
        for plan in plans:
            if plan.before is None:
                backups.append(None)
                continue
            backup = backup_path(plan.path, stamp)
            _write_new(backup, plan.before, os.stat(plan.path).st_mode & 0o7777)
            backups.append(backup)
    except OSError as exc:
        _remove(backups)
        raise _write_failed(plans[len(backups)].display, exc, []) from None
    written: list = []
    created_dirs: list[Path] = []
    try:
        for plan in plans:
            folder = plan.path.parent
            if not folder.exists():
                created_dirs.append(folder)
            atomic_write(plan.path, plan.after)
            written.append(plan)
        problems = validate()
        if problems:
            raise LkipError(problems)
    except (OSError, LkipError) as exc:
        failed = plans[len(written)].display if len(written) < len(plans) else plans[-1].display
        unrestored = _restore(written, created_dirs)
        if unrestored:
            keep = [str(b) for b in backups if b is not None]
            raise _write_failed(failed, exc, unrestored, keep) from None
        _remove(backups)
        raise _write_failed(failed, exc, []) from None
    return [None if b is None else _shown(b, plans[i].display) for i, b in enumerate(backups)]


def _shown(backup: Path, display: str) -> str:
    return str(Path(display).with_name(backup.name))


def _remove(paths: Sequence[Path | None]) -> None:
    for path in paths:
        if path is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _restore(written: Sequence, created_dirs: Sequence[Path]) -> list[str]:
    """Put back the previous bytes of the files already replaced; the ones that could not be restored."""
    from .output import atomic_write

    failed = []
    for plan in reversed(written):
        try:
            if plan.before is None:
                os.unlink(plan.path)
            else:
                atomic_write(plan.path, plan.before)
        except OSError:
            failed.append(plan.display)
    for folder in reversed(created_dirs):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty
    return failed


def _write_failed(display: str, exc: BaseException, unrestored: list[str], backups: Sequence[str] = ()) -> LkipError:
    from .output import _reason

    why: Message | str
    if isinstance(exc, LkipError):
        why = Message(
            "the data read back from disk does not validate", "data yang dibaca ulang dari disk tidak lolos validasi"
        )
    elif isinstance(exc, OSError):
        why = _reason(exc)
    else:
        why = str(exc)
    if unrestored:
        message = Message(
            "writing failed ({why}); these files could not be restored: {files}",
            "penulisan gagal ({why}); berkas-berkas ini tidak dapat dikembalikan: {files}",
            why=why,
            files=", ".join(unrestored),
        )
        hint = Message(
            "copy their previous versions back from {backups}",
            "salin kembali versi sebelumnya dari {backups}",
            backups=", ".join(backups),
        )
    else:
        message = Message(
            "writing failed ({why}); every data file is as it was before the import",
            "penulisan gagal ({why}); setiap berkas data kembali seperti sebelum impor",
            why=why,
        )
        hint = None
    diagnostics = [Diagnostic(code="LK610", path=display, message=message, hint=hint)]
    if isinstance(exc, LkipError):
        diagnostics += exc.diagnostics
    return LkipError(diagnostics)
