"""Printing and writing safely: diagnostics, `--output` files, standard output and any console.

- `resolve_output` decides what `--output` may name (a regular file outside specs/ and data/) and which format
  its extension asks for;
- `atomic_write` writes through a temporary file beside the target, renamed over it, keeping the target's mode
  (a new file gets the umask's), and removes the temporary file on error, SIGINT and SIGTERM;
- `run_safely` runs the CLI so that a console that cannot encode lkip's characters gets ASCII equivalents, a
  useless `COLUMNS` a sane width, and a closed or full standard output a quiet non-zero exit, never a traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gc
import io
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TextIO

from rich.console import Console

from lkip.engine.diagnostics import Diagnostic, LkipError, UsageError
from lkip.engine.messages import Message
from lkip.engine.render.validate_text import diagnostic_lines

from .texts import detect


@dataclass(frozen=True)
class Streamed:
    """Text written piece by piece as `pieces()` yields it: never whole in memory (many offices' JSON)."""

    pieces: Callable[[], Iterable[str]]


Content = str | bytes | Callable[[], str | bytes] | Streamed  # text, a workbook, what makes one, or text in pieces


def print_diagnostics(console: Console, diagnostics: Iterable[Diagnostic], lang: str = "id") -> None:
    console.print(diagnostic_lines(diagnostics, lang), soft_wrap=True)


# --- what --output may name --------------------------------------------------------------------------------

FORMAT_BY_EXTENSION = {
    ".xlsx": "xlsx",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".txt": "tree",
}
TEXT_FORMATS = ("tree", "table")  # what a .txt file may hold
HTML_FORMATS = ("html", "html-terminal")  # what a .html file may hold
DEFAULT_FORMAT = "tree"


class OutputRefused(UsageError):
    """`--output` names something lkip must not write, or a format its extension contradicts (exit 2)."""

    def __init__(self, code: str, path: Path, message: Message, hint: Message) -> None:
        super().__init__([Diagnostic(code=code, path=str(path), message=message, hint=hint)])


def resolve_output(path: Path | None, fmt: str | None, protected_dirs: Sequence[Path] = ()) -> tuple[Path | None, str]:
    """The output path (unchanged) and the format: the explicit one, else the extension's, else the tree.

    Refuses (OutputRefused) an explicit format that contradicts a known extension, a path that exists and is not
    a regular file (folder, symlink, FIFO, device, socket), and any path inside one of `protected_dirs`.
    """
    fmt = getattr(fmt, "value", fmt)  # an enum member or its value
    if path is None:
        return None, fmt or DEFAULT_FORMAT
    path = Path(path)
    extension = path.suffix.lower()
    implied = FORMAT_BY_EXTENSION.get(extension)
    if fmt is None:
        fmt = implied or DEFAULT_FORMAT
    elif (
        implied is not None
        and fmt != implied
        and not (implied == "tree" and fmt in TEXT_FORMATS)
        and not (implied == "html" and fmt in HTML_FORMATS)
    ):
        raise OutputRefused(
            "LK405",
            path,
            Message(
                "--format {fmt} contradicts the extension {ext}",
                "--format {fmt} bertentangan dengan ekstensi {ext}",
                fmt=fmt,
                ext=extension,
            ),
            Message("drop --format, or rename the file", "hapus --format, atau ganti nama berkas"),
        )
    check_target(path, protected_dirs)
    return path, fmt


_KINDS = (
    (stat.S_ISLNK, Message("a symbolic link", "tautan simbolik")),
    (stat.S_ISDIR, Message("a folder", "folder")),
    (stat.S_ISFIFO, Message("a named pipe (FIFO)", "pipa bernama (FIFO)")),
    (stat.S_ISCHR, Message("a device", "perangkat")),
    (stat.S_ISBLK, Message("a device", "perangkat")),
    (stat.S_ISSOCK, Message("a socket", "soket")),
)


def check_target(path: Path, protected_dirs: Sequence[Path] = ()) -> None:
    """Refuse anything but a regular file (new or existing) outside the protected folders."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        info = None  # a parent is a file: the write itself says so (exit 1)
    except OSError as exc:
        raise OutputRefused(
            "LK404",
            path,
            Message("--output cannot be used: {reason}", "--output tidak dapat dipakai: {reason}", reason=_reason(exc)),
            _ELSEWHERE,
        ) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), Message("not a file", "bukan berkas"))
        raise OutputRefused(
            "LK404",
            path,
            Message(
                "is {kind}: --output writes only a regular file",
                "adalah {kind}: --output hanya menulis berkas biasa",
                kind=kind,
            ),
            Message(
                "give the name of a new or existing regular file", "berikan nama berkas biasa, baru atau yang sudah ada"
            ),
        )
    target = _resolved(path)
    for folder in protected_dirs:
        root = _resolved(Path(folder))
        if target == root or root in target.parents:
            raise OutputRefused(
                "LK404",
                path,
                Message(
                    "is inside the workspace folder {folder}: lkip never writes there",
                    "berada di dalam folder workspace {folder}: lkip tidak pernah menulis di sana",
                    folder=str(folder),
                ),
                _ELSEWHERE,
            )


_ELSEWHERE = Message("write the output elsewhere", "tulis keluaran di tempat lain")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the absolute path
        return Path(os.path.abspath(path))


# --- writing a file ----------------------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _pieces(content: str | bytes | Streamed) -> Iterator[bytes]:
    if isinstance(content, Streamed):
        for piece in content.pieces():
            yield piece.encode("utf-8")
    else:
        yield content.encode("utf-8") if isinstance(content, str) else content


def atomic_write(path: Path, content: str | bytes | Streamed) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` (never a half-written file).

    An existing file keeps its mode (and, where allowed, its owner); a new file gets 0666 less the umask. The
    temporary file is removed on any error, Ctrl-C or SIGTERM. OSError is raised for the caller to report.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a part of the path is a file
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)) from None
    try:
        previous = os.stat(path)
    except FileNotFoundError:
        previous = None
    with _signals_raise():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                for piece in _pieces(content):
                    handle.write(piece)
                handle.flush()
                os.fsync(handle.fileno())
            if previous is not None and stat.S_ISREG(previous.st_mode):
                os.chmod(tmp, stat.S_IMODE(previous.st_mode))
                if hasattr(os, "chown") and (previous.st_uid, previous.st_gid) != (os.geteuid(), os.getegid()):
                    with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                        os.chown(tmp, previous.st_uid, previous.st_gid)
            else:
                os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it 0600
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _raise_exit(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While inside: SIGTERM and SIGHUP raise SystemExit (so `finally` and `except` clean up), as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {}
    for signum in _TERMINATING:
        with contextlib.suppress(OSError, ValueError):
            saved[signum] = signal.signal(signum, _raise_exit)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            with contextlib.suppress(OSError, ValueError, TypeError):
                signal.signal(signum, handler)


_REASONS = {
    errno.ENOSPC: Message("the disk is full", "disk penuh"),
    errno.EDQUOT: Message("the disk quota is used up", "kuota disk habis"),
    errno.EFBIG: Message("the file would exceed the file-size limit", "berkas akan melebihi batas ukuran berkas"),
    errno.EACCES: Message("permission denied", "izin ditolak"),
    errno.EPERM: Message("permission denied", "izin ditolak"),
    errno.EROFS: Message("the file system is read-only", "sistem berkas hanya bisa dibaca"),
    errno.ENOTDIR: Message("a part of the path is not a folder", "salah satu bagian jalur berkas bukan folder"),
    errno.ENOENT: Message("the folder does not exist", "folder tidak ada"),
    errno.EISDIR: Message("it is a folder", "itu adalah folder"),
    errno.EIO: Message("input/output error", "galat masukan/keluaran"),
}


def _reason(exc: OSError) -> Message:
    known = _REASONS.get(exc.errno) if exc.errno is not None else None
    if known is not None:
        return known
    text = exc.strerror or str(exc)
    return Message("{text}", "{text}", text=text)


@contextlib.contextmanager
def private_tempdir() -> Iterator[str]:
    """Libraries' temporary files (openpyxl writes each sheet to one) in a folder of their own, removed on success,
    error, Ctrl-C and SIGTERM."""
    with _signals_raise():
        folder = tempfile.mkdtemp(prefix="lkip-")
        saved, tempfile.tempdir = tempfile.tempdir, folder
        try:
            yield folder
        finally:
            tempfile.tempdir = saved
            shutil.rmtree(folder, ignore_errors=True)


def produce(content: Content) -> str | bytes | Streamed:
    """The content itself, or made by calling it with its temporary files in a private folder."""
    if not callable(content):
        return content
    with private_tempdir():
        failed = _quietly(content)
    if isinstance(failed, OSError):
        raise failed
    return failed


def _quietly(content: Callable[[], str | bytes]) -> str | bytes | OSError:
    """What the maker returns, or the OSError of its failed write. openpyxl and python-docx write through lxml
    when it is installed, and lxml reports a failed write of their temporary files (a full disk, the file size
    limit) as its own SerialisationError ('IO_EFBIG'), then again from the half-closed writers as they are
    collected ('Exception ignored in ...'): the first becomes an OSError, the echoes are not printed."""
    try:
        return content()
    except Exception as exc:
        if not type(exc).__module__.startswith("lxml"):
            raise
        text = str(exc)
        code = errno.EFBIG if "EFBIG" in text else errno.ENOSPC if "ENOSPC" in text else errno.EIO
        failure = OSError(code, os.strerror(code))
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()  # the writers left open by the failure are closed now, not later on the user's screen
    finally:
        sys.unraisablehook = hook
    return failure


def write_error(path: Path, exc: OSError) -> LkipError:
    """One line for a failed write (exit 1): what, why, and that an existing file is unchanged."""
    if Path(path).is_file():
        message = Message(
            "cannot be written: {reason}; the previous file is unchanged",
            "tidak dapat ditulis: {reason}; berkas sebelumnya tidak berubah",
            reason=_reason(exc),
        )
    else:
        message = Message("cannot be written: {reason}", "tidak dapat ditulis: {reason}", reason=_reason(exc))
    return LkipError([Diagnostic(code="LK012", path=str(path), message=message)])


def write_stdout(content: str | bytes | Streamed) -> None:
    """Data (JSON, CSV, Markdown, HTML, a text export) to standard output as UTF-8, whatever the console's encoding.

    JSON is UTF-8 by definition and the other exports are files' contents: they are not translated to ASCII.
    """
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        for piece in _pieces(content):
            stream.write(piece.decode("utf-8"))
        return
    stream.flush()
    for piece in _pieces(content):
        buffer.write(piece)
    buffer.flush()


# --- any console -------------------------------------------------------------------------------------------

ERRORS_HANDLER = "lkip-ascii"
MIN_WIDTH = 40
DEFAULT_WIDTH = 80

# What lkip prints that a legacy code page (cp1252, cp437, latin-1, ascii) may not hold, and its ASCII stand-in.
# fmt: off
ASCII_FALLBACKS = {
    "─": "-", "━": "-", "│": "|", "┃": "|", "├": "|", "┣": "|", "└": "`", "┗": "`", "┌": "+", "┐": "+",
    "┘": "+", "┤": "|", "┬": "+", "┴": "+", "┼": "+", "═": "=", "║": "|", "╭": "+", "╮": "+", "╯": "+",
    "╰": "+", "╴": "-", "╶": "-", "▕": "|", "▏": "|", "█": "#", "▌": "#", "░": ".",
    "–": "-", "—": "-", "‒": "-", "−": "-", "…": "...", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~",
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "✓": "OK", "✔": "OK", "✗": "X", "✘": "X",
    "×": "x", "±": "+/-", "·": ".", "•": "*", "‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "Δ": "d", "°": " deg",
}
# fmt: on


def _ascii_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the console cannot encode becomes its ASCII stand-in."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start : exc.end]:
        plain = ASCII_FALLBACKS.get(char)
        if plain is None:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            if not plain or not plain.isprintable():
                code = ord(char)
                plain = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        out.append(plain)
    return "".join(out), exc.end


codecs.register_error(ERRORS_HANDLER, _ascii_fallback)


def is_unicode(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def console_width(environ: Mapping[str, str] | None = None) -> int | None:
    """A usable width from COLUMNS: None when unset (the terminal decides); 0 or junk -> the terminal or 80;
    never below 40."""
    environ = os.environ if environ is None else environ
    raw = environ.get("COLUMNS")
    if raw is None:
        return None
    try:
        width = int(raw.strip())
    except ValueError:
        width = 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            width = 0
        width = width if width > 0 else DEFAULT_WIDTH
    return max(MIN_WIDTH, width)


class _ClosedStream(io.RawIOBase):
    """Stands for a standard output closed before lkip started: writing to it fails like a closed descriptor."""

    silenced = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if _ClosedStream.silenced:
            return len(data)
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _buffered(stream: TextIO) -> TextIO:
    """Under PYTHONUNBUFFERED (Docker's habit) stdout writes straight to the file descriptor and a short write (the
    disk filling up, the file-size limit) loses the rest silently; a BufferedWriter retries until it gets the error."""
    buffer = getattr(stream, "buffer", None)
    if not isinstance(buffer, io.RawIOBase):
        return stream
    try:
        fd = stream.fileno()
        stream.flush()
        raw = io.FileIO(fd, "w", closefd=False)
    except (OSError, ValueError, io.UnsupportedOperation):
        return stream
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=bool(stream.line_buffering),
        write_through=True,
    )


def prepare_streams() -> None:
    """Standard output and error that can always be written: ASCII stand-ins on a legacy code page, a stand-in for
    a closed stdout, a sane COLUMNS, and the file-size limit reported as an error (EFBIG) rather than a kill."""
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedStream()), encoding="utf-8")
    else:
        sys.stdout = _buffered(sys.stdout)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not is_unicode(getattr(stream, "encoding", None)):
            with contextlib.suppress(AttributeError, ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors=ERRORS_HANDLER)  # type: ignore[union-attr]
    width = console_width()
    if width is not None:
        os.environ["COLUMNS"] = str(width)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


# --- running the CLI ---------------------------------------------------------------------------------------

STREAM_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF}


def _silence_stdout() -> None:
    """After a failed write, nothing more goes to standard output (nor does Python's flush at exit)."""
    _ClosedStream.silenced = True
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit


def _say(line: str) -> None:
    with contextlib.suppress(Exception):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def run_safely(main: Callable[[], object], argv: Sequence[str] | None = None) -> NoReturn:
    """Run the CLI: SIGTERM and SIGHUP unwind like Ctrl-C (so temporary files go); a standard output that is closed
    or full ends with one line (none for a closed pipe) and exit 1; any other OSError is one line, never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    prepare_streams()
    code: str | int | None = 0
    with _signals_raise():
        try:
            try:
                main()
            except SystemExit as exit_:
                code = exit_.code
            if sys.stdout is not None:
                sys.stdout.flush()
        except KeyboardInterrupt:
            _say("lkip: interrupted")
            code = 130
        except OSError as exc:
            code = 1
            lang = detect(argv)
            if exc.errno not in STREAM_ERRNOS:  # not the stream's fault: still one line, never a traceback
                path = str(exc.filename) if exc.filename else None
                _say(Diagnostic(code="LK001", path=path, message=_reason(exc)).format(lang))
            else:
                if exc.errno not in (errno.EPIPE, errno.EBADF):  # a reader gone or no stdout at all: quiet
                    _say(
                        Diagnostic(
                            code="LK012",
                            message=Message(
                                "standard output cannot be written: {reason}",
                                "keluaran standar tidak dapat ditulis: {reason}",
                                reason=_reason(exc),
                            ),
                        ).format(lang)
                    )
                _silence_stdout()
    sys.exit(code)
