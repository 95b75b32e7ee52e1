"""A cache of loaded and schema-checked workspace files, keyed by their content, so a second run over unchanged
files skips the YAML parser and the JSON Schema check (most of the time `lkip validate` and `lkip eval` take).

An entry is found by a digest of: the file's bytes, the name it is shown under (its diagnostics carry it), the
schema it is checked against, and the code that decides the result (lkip's version, this cache's format, and the
text of the loader, the schema module and the schema files) — a changed file, schema or lkip is a miss, never a
stale hit. Entries are pickles read back by an unpickler that builds only lkip's own classes and plain data, so
a planted entry cannot run code; an entry that cannot be read is a miss. Writes are atomic (a temporary file
renamed into place) and a cache that cannot be written is simply not used: the cache never changes a result.

The folder: LKIP_CACHE_DIR, else $XDG_CACHE_HOME/lkip, else ~/.cache/lkip (%LOCALAPPDATA%\\lkip on Windows).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1
_OWN_CODE = ("yamlsrc.py", "schema.py", "number_hints.py", "diagnostics.py", "messages.py", "limits.py", "cache.py")
_PLAIN = {("array", "array"), ("array", "_array_reconstructor"), ("copyreg", "_reconstructor"), ("builtins", "object")}


class _OwnClasses(pickle.Unpickler):
    """Builds lkip's own classes and plain data only; anything else is refused (the entry is a miss)."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("lkip.engine.") or (module, name) in _PLAIN:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not cached data")


@cache
def _salt() -> bytes:
    """What the cached results depend on besides the file: lkip's code and schemas."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"lkip-cache-{CACHE_FORMAT}".encode())
    with contextlib.suppress(PackageNotFoundError):  # a source tree without metadata: the code's digest below
        digest.update(version("lkip").encode())
    here = Path(__file__).parent
    for name in _OWN_CODE:
        digest.update((here / name).read_bytes())
    for entry in sorted(resources.files("lkip.schema").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            digest.update(entry.read_bytes())
    return digest.digest()


def default_folder() -> Path:
    if os.environ.get("LKIP_CACHE_DIR"):
        return Path(os.environ["LKIP_CACHE_DIR"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "lkip" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lkip"


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()
        self.hits = 0
        self.misses = 0

    def key(self, display: str, raw: bytes, schema_name: str) -> str:
        digest = hashlib.sha256(_salt())
        for part in (display.encode("utf-8", "surrogateescape"), schema_name.encode()):
            digest.update(len(part).to_bytes(8, "big") + part)
        digest.update(raw)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            with open(self._file(key), "rb") as handle:
                value = _OwnClasses(io.BytesIO(handle.read())).load()
        except Exception:  # missing, unreadable, planted or from another Python: a miss
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        file = self._file(key)
        try:
            file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, file)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, pickle.PicklingError, RecursionError):
            pass  # a cache that cannot be written is not used
