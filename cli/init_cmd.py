"""`lkip init`: a new office's workspace, and the structure sheet it can be built from.

    lkip init DIR                                    the example workspace (validates and evaluates at once)
    lkip init DIR --from-template struktur.xlsx      the specs built from a filled structure sheet
    lkip init --structure-template struktur.xlsx     the structure sheet to fill (pre-filled with --specs)

The workspace is written into a temporary folder beside DIR, checked, and renamed into place: a failure (a problem
in the sheet, a full disk, Ctrl-C) leaves nothing behind, and an existing folder with files is never touched.
"""

import datetime
import errno
import os
import shlex
import shutil
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import typer

from lkip.engine.diagnostics import Diagnostic, LkipError, Severity, UsageError
from lkip.engine.messages import Message

from .output import _signals_raise, _umask, check_target, write_error
from .texts import Command, h

HELP = h(
    "Create a new office's workspace in DIR: an example that validates and evaluates at once, or the specs built "
    "from a filled structure sheet; or write that sheet.",
    "Buat ruang kerja perangkat daerah baru di FOLDER: contoh yang langsung lolos validasi dan dapat dievaluasi, "
    "atau spesifikasi dari lembar struktur yang sudah diisi; atau tulis lembar itu.",
)


def register(app: typer.Typer) -> None:
    """Add `lkip init` to the application (called by cli/main.py once its shared options exist)."""
    from .main import Lang, LangOpt, NoColorOpt

    @app.command("init", cls=Command, help=HELP)
    def init_command(
        folder: Path | None = typer.Argument(
            None,
            metavar=h("DIR", "FOLDER"),
            help=h(
                "The new workspace's folder (must not exist, or be empty).",
                "Folder ruang kerja baru (belum ada, atau kosong).",
            ),
            show_default=False,
        ),
        from_template: Path | None = typer.Option(
            None,
            "--from-template",
            help=h(
                "Build the specs from this filled structure workbook (.xlsx, sheet 'Struktur').",
                "Bangun spesifikasi dari workbook struktur yang sudah diisi ini (.xlsx, lembar 'Struktur').",
            ),
        ),
        structure_template: Path | None = typer.Option(
            None,
            "--structure-template",
            help=h(
                "Write the structure workbook to fill (.xlsx) instead of a workspace; pre-filled with --specs.",
                "Tulis workbook struktur untuk diisi (.xlsx), bukan ruang kerja; terisi dari --specs bila diberikan.",
            ),
        ),
        year: int | None = typer.Option(
            None,
            "--year",
            min=1900,
            max=2199,
            help=h(
                "The target year of the example or the sheet (default: this year; with --specs its latest data year).",
                "Tahun target contoh atau lembar (bawaan: tahun ini; dengan --specs tahun data terakhirnya).",
            ),
        ),
        specs: Path | None = typer.Option(
            None,
            "--specs",
            help=h(
                "With --structure-template: the folder of the declared tree that pre-fills the sheet.",
                "Dengan --structure-template: folder pohon kinerja yang mengisi lembar.",
            ),
        ),
        data: Path | None = typer.Option(
            None,
            "--data",
            help=h(
                "With --structure-template --specs: the folder of the yearly data (default: data).",
                "Dengan --structure-template --specs: folder data tahunan (bawaan: data).",
            ),
        ),
        lang: Lang = LangOpt,
        no_color: bool = NoColorOpt,
    ) -> None:
        run_init(folder, from_template, structure_template, year, specs, data, lang.value, no_color)


def run_init(
    folder: Path | None,
    from_template: Path | None,
    structure_template: Path | None,
    year: int | None,
    specs: Path | None,
    data: Path | None,
    lang: str,
    no_color: bool,
) -> None:
    from .main import _fail

    try:
        _check_options(folder, from_template, structure_template, year, specs, data)
        if structure_template is not None:
            _structure_template(structure_template, specs, data, year, lang, no_color)
        elif from_template is not None:
            assert folder is not None
            _from_template(folder, from_template, lang, no_color)
        else:
            assert folder is not None
            _example(folder, year or datetime.date.today().year, lang, no_color)
    except LkipError as error:
        _fail(error, no_color, lang)


def _usage(message: Message, hint: Message) -> UsageError:
    return UsageError([Diagnostic(code="LK403", message=message, hint=hint)])


def _check_options(
    folder: Path | None,
    from_template: Path | None,
    structure_template: Path | None,
    year: int | None,
    specs: Path | None,
    data: Path | None,
) -> None:
    if structure_template is not None:
        if folder is not None or from_template is not None:
            raise _usage(
                Message(
                    "--structure-template writes only the workbook: no folder and no --from-template with it",
                    "--structure-template hanya menulis workbook: tanpa folder dan tanpa --from-template",
                ),
                Message(
                    "run `lkip init --structure-template FILE.xlsx`, fill it, then `lkip init DIR --from-template "
                    "FILE.xlsx`",
                    "jalankan `lkip init --structure-template BERKAS.xlsx`, isi, lalu `lkip init FOLDER "
                    "--from-template BERKAS.xlsx`",
                ),
            )
        if data is not None and specs is None:
            raise _usage(
                Message("--data pre-fills only with --specs", "--data hanya mengisi lembar bersama --specs"),
                Message("give --specs DIR too", "beri juga --specs FOLDER"),
            )
        return
    if specs is not None or data is not None:
        raise _usage(
            Message(
                "--specs and --data pre-fill the structure sheet: they go with --structure-template",
                "--specs dan --data mengisi lembar struktur: keduanya dipakai bersama --structure-template",
            ),
            Message(
                "lkip init --structure-template FILE.xlsx --specs DIR",
                "lkip init --structure-template BERKAS.xlsx --specs FOLDER",
            ),
        )
    if folder is None:
        raise _usage(
            Message("which folder? lkip init DIR", "folder mana? lkip init FOLDER"),
            Message(
                "lkip init DIR (an example), lkip init DIR --from-template FILE.xlsx, or "
                "lkip init --structure-template FILE.xlsx",
                "lkip init FOLDER (contoh), lkip init FOLDER --from-template BERKAS.xlsx, atau "
                "lkip init --structure-template BERKAS.xlsx",
            ),
        )
    if from_template is not None and year is not None:
        raise _usage(
            Message(
                "--year is not used with --from-template: the sheet's 'Tahun target' gives the year",
                "--year tidak dipakai bersama --from-template: 'Tahun target' di lembar memberi tahunnya",
            ),
            Message("drop --year", "hapus --year"),
        )


# ------------------------------------------------------------------------------------------ the workspace


def refuse_existing(target: Path) -> None:
    """UsageError (LK620) unless `target` does not exist or is an empty folder (not a link): init never overwrites."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UsageError(
            [
                Diagnostic(
                    code="LK620",
                    path=str(target),
                    message=Message(
                        "cannot be used: {why}", "tidak dapat dipakai: {why}", why=exc.strerror or str(exc)
                    ),
                    hint=_NEW_FOLDER,
                )
            ]
        ) from None
    if stat.S_ISDIR(info.st_mode):
        try:
            empty = not os.listdir(target)
        except OSError:
            empty = False
        if empty:
            return
        message = Message(
            "already exists and is not empty: lkip init never overwrites files",
            "sudah ada dan tidak kosong: lkip init tidak pernah menimpa berkas",
        )
    else:
        message = Message(
            "already exists and is not a folder: lkip init never overwrites files",
            "sudah ada dan bukan folder: lkip init tidak pernah menimpa berkas",
        )
    raise UsageError([Diagnostic(code="LK620", path=str(target), message=message, hint=_NEW_FOLDER)])


_NEW_FOLDER = Message(
    "give the name of a new (or empty) folder, e.g. lkip init dinas-baru",
    "beri nama folder baru (atau kosong), mis. lkip init dinas-baru",
)


def _write_file(path: Path, text: str) -> None:
    """One file of the new workspace (in the temporary folder), flushed to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def materialise(
    target: Path, files: Mapping[str, str], check: Callable[[Path], list[Diagnostic]] | None = None
) -> list[Diagnostic]:
    """Write `files` (relative path -> text) as the new folder `target`, checked by `check` (its errors stop
    everything) before anything appears there. A new folder is written as a temporary folder beside it and renamed
    into place; an existing empty folder (`lkip init .` in it) keeps its identity: the temporary folder goes inside
    it and its entries are renamed out of it. Nothing is left behind on any failure, Ctrl-C or SIGTERM. Returns the
    check's warnings; LkipError (LK012) when the disk refuses."""
    refuse_existing(target)
    real = Path(os.path.abspath(target))
    existing = real.is_dir()
    home = real if existing else real.parent
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(target, exc) from None
    with _signals_raise():
        try:
            temporary = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=home))
        except OSError as exc:
            raise write_error(target, exc) from None
        moved: list[Path] = []
        try:
            for relative, text in files.items():
                _write_file(temporary / relative, text)
            problems = check(temporary) if check is not None else []
            errors = [p for p in problems if p.severity is Severity.ERROR]
            if errors:
                raise LkipError(errors)
            if existing:
                for entry in sorted(os.listdir(temporary)):
                    destination = real / entry
                    if os.path.lexists(destination):  # something appeared meanwhile: never overwrite it
                        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(destination))
                    os.rename(temporary / entry, destination)
                    moved.append(destination)
                os.rmdir(temporary)
            else:
                os.chmod(temporary, 0o777 & ~_umask())
                os.rename(temporary, real)  # refused when a folder with files appeared there meanwhile
        except BaseException as exc:
            for path in moved:
                shutil.rmtree(path, ignore_errors=True)
            shutil.rmtree(temporary, ignore_errors=True)
            if isinstance(exc, OSError):
                raise write_error(target, exc) from None
            raise
    return [p for p in problems if p.severity is not Severity.ERROR]


def _shown(path: Path) -> str:
    return shlex.quote(str(path))


def _next_steps(target: Path, year: int, lang: str) -> list[str]:
    specs, data = _shown(target / "specs"), _shown(target / "data")
    return [
        f"  lkip validate --specs {specs} --data {data}",
        f"  lkip eval {year} --specs {specs} --data {data}",
    ]


def _say(lines: list[str | Message], lang: str, no_color: bool) -> None:
    from lkip.engine.render import safe

    from .main import _console

    console = _console(no_color)
    for line in lines:
        text = line.render(lang) if isinstance(line, Message) else line
        console.print(safe.text(text), soft_wrap=True)


def _warn(problems: list[Diagnostic], lang: str, no_color: bool) -> None:
    if not problems:
        return
    from .main import _console
    from .output import print_diagnostics

    print_diagnostics(_console(no_color, stderr=True), problems, lang)


def _example(target: Path, year: int, lang: str, no_color: bool) -> None:
    from lkip.engine.scaffold import check_folder, example_files

    files = example_files(year, lang)
    materialise(target, files, check_folder)  # the example is checked like any workspace before it appears
    specs = sum(1 for name in files if name.startswith("specs/"))
    data = sum(1 for name in files if name.startswith("data/"))
    _say(
        [
            Message(
                "New workspace in {folder}: specs/ ({specs} files: an example sasaran → IKU → program → kegiatan → "
                "sub kegiatan), data/{year}/ ({data} files), schema/",
                "Ruang kerja baru di {folder}: specs/ ({specs} berkas: contoh sasaran → IKU → program → kegiatan → "
                "sub kegiatan), data/{year}/ ({data} berkas), schema/",
                folder=str(target),
                specs=specs,
                year=year,
                data=data,
            ),
            Message("Check and evaluate it:", "Periksa dan hitung:"),
            *_next_steps(target, year, lang),
            Message(
                "Then replace the example with your tree (a comment explains each key; values to replace are marked "
                "REPLACE), or fill a structure sheet: lkip init --structure-template struktur.xlsx",
                "Lalu ganti contoh dengan pohon kinerja Anda (komentar menjelaskan setiap kunci; isian yang harus "
                "diganti bertanda GANTI), atau isi lembar struktur: lkip init --structure-template struktur.xlsx",
            ),
        ],
        lang,
        no_color,
    )


def _from_template(target: Path, workbook: Path, lang: str, no_color: bool) -> None:
    from lkip.engine.render.structure_sheet import read_structure_sheet
    from lkip.engine.scaffold import check_folder, schema_files
    from lkip.engine.structure import at_cells, parse_structure, spec_files

    refuse_existing(target)  # before reading the sheet: the cheaper mistake first
    raw = read_structure_sheet(workbook, str(workbook))
    structure = parse_structure(raw)
    files = {**spec_files(structure, lang, workbook.name), **schema_files()}

    def check(folder: Path) -> list[Diagnostic]:
        return at_cells(check_folder(folder), structure, raw.name)

    warnings = materialise(target, files, check)
    _warn(warnings, lang, no_color)
    year = structure.organisation.year
    kinds = Counter(row.kind.value for row in structure.rows)
    _say(
        [
            Message(
                "New workspace in {folder} from {sheet}: {n} nodes ({kinds}) in {files} spec files; data/{year}/ is "
                "empty",
                "Ruang kerja baru di {folder} dari {sheet}: {n} simpul ({kinds}) dalam {files} berkas spesifikasi; "
                "data/{year}/ masih kosong",
                folder=str(target),
                sheet=str(workbook),
                n=len(structure.rows),
                kinds=_kinds(kinds),
                files=sum(1 for name in files if name.startswith("specs/")),
                year=year,
            ),
            Message(
                "Fill in the realisasi of {year} (see data/{year}/), then:",
                "Isi realisasi tahun {year} (lihat data/{year}/), lalu:",
                year=year,
            ),
            *_next_steps(target, year, lang),
        ],
        lang,
        no_color,
    )


def _kinds(counts: Counter[str]) -> str:
    from lkip.engine.structure import LEVELS

    return ", ".join(f"{counts[level]} {level}" for level in LEVELS if counts[level])


def _structure_template(
    output: Path, specs: Path | None, data: Path | None, year: int | None, lang: str, no_color: bool
) -> None:
    from lkip.engine import api
    from lkip.engine.render.structure_sheet import default_year, structure_workbook

    from .main import _emit

    if output.suffix.lower() != ".xlsx":
        raise _usage(
            Message("--structure-template writes an .xlsx workbook", "--structure-template menulis workbook .xlsx"),
            Message("name the file FILE.xlsx", "beri nama berkas BERKAS.xlsx"),
        )
    workspace = None
    if specs is not None:
        data = data if data is not None else Path("data")
        check_target(output, (specs, data))
        workspace, _ = api.require(api.validate(specs, data))
    else:
        check_target(output)
    this_year = datetime.date.today().year
    chosen = year if year is not None else default_year(workspace, this_year)
    made: dict[str, Any] = {}

    def build() -> bytes:
        content, made["dropped"] = structure_workbook(workspace, lang, chosen)
        return content

    _emit(build, output, lang)
    dropped: list[Diagnostic] = made.get("dropped", [])
    _warn(dropped, lang, no_color)
    nodes = len(workspace.nodes) if workspace is not None else 0
    lines: list[str | Message] = [
        Message(
            "Wrote the structure sheet {file} ({n} nodes, targets of {year})",
            "Lembar struktur ditulis: {file} ({n} simpul, target tahun {year})",
            file=str(output),
            n=nodes,
            year=chosen,
        )
        if workspace is not None
        else Message(
            "Wrote the empty structure sheet {file} (targets of {year})",
            "Lembar struktur kosong ditulis: {file} (target tahun {year})",
            file=str(output),
            year=chosen,
        ),
        Message(
            "Fill the sheet 'Struktur', then: lkip init DIR --from-template {file}",
            "Isi lembar 'Struktur', lalu: lkip init FOLDER --from-template {file}",
            file=_shown(output),
        ),
    ]
    if dropped:
        lines.insert(
            1,
            Message(
                "{n} nodes hold settings the sheet cannot (listed above); add them again after init",
                "{n} simpul punya pengaturan yang tidak dimuat lembar (lihat di atas); tambahkan lagi setelah init",
                n=len(dropped),
            ),
        )
    _say(lines, lang, no_color)
