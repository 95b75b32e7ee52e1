"""Printing diagnostics and writing files safely (atomically, never half-written)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from rich.console import Console

from lkip.engine.diagnostics import Diagnostic
from lkip.engine.render.validate_text import diagnostic_lines


def print_diagnostics(console: Console, diagnostics: Iterable[Diagnostic], lang: str = "id") -> None:
    console.print(diagnostic_lines(diagnostics, lang), soft_wrap=True)


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
