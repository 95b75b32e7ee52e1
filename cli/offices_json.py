"""`lkip eval YEAR --root DIR --format json` written as it goes: memory for one office, not for all of them.

Each office's eval document is serialised where the office is evaluated (in a worker process too) into a file of
a private folder, and only its path travels back; once the offices are ranked, the document is written piece by
piece: the ranking's skeleton, with each office's spooled text put in its place. The text is byte for byte what
`dumps(offices_document(...))` gives when every document is held in memory (a test compares them).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lkip.engine.evaluate import Evaluation
from lkip.engine.offices import Standing
from lkip.engine.render.jsonout import dumps
from lkip.engine.render.offices import office_document, offices_document

SPOOLED = "spooled"  # the key of the stand-in document that says where the real one was written
VALUE_INDENT = 6  # "offices": [ { "evaluation": ...: the document's nesting in the skeleton (json indent 2)


@dataclass(frozen=True)
class Spool:
    """Builds an office's eval document, writes it as JSON text into `folder`, returns where (picklable: the
    process pool's workers are given it)."""

    folder: str
    lang: str = "id"

    def __call__(self, evaluation: Evaluation) -> dict[str, Any]:
        fd, name = tempfile.mkstemp(dir=self.folder, suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(office_document(evaluation, self.lang)))
        return {SPOOLED: name}


def chunks(year: int, standings: list[Standing], lang: str = "id") -> Iterator[str]:
    """The offices' document in pieces: the skeleton's text between the documents, and each spooled document
    (read back one at a time, indented to its place)."""
    nonce = secrets.token_hex(16)  # no office's name can spell the stand-in
    spooled: dict[str, str] = {}
    for i, s in enumerate(standings):
        document = s.result.document
        if document is not None and SPOOLED in document:
            spooled[f'"{nonce}-{i}"'] = document[SPOOLED]
    skeleton = offices_document(year, standings, lang)
    for i, entry in enumerate(skeleton["offices"]):
        if f'"{nonce}-{i}"' in spooled:
            entry["evaluation"] = f"{nonce}-{i}"
    text = dumps(skeleton)
    position = 0
    for token, path in spooled.items():
        at = text.index(token, position)
        yield text[position:at]
        with open(path, encoding="utf-8") as handle:
            spooled_text = handle.read()
        yield spooled_text.rstrip("\n").replace("\n", "\n" + " " * VALUE_INDENT)
        position = at + len(token)
    yield text[position:]
