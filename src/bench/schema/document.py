"""Documents as given to systems, and gold documents with their three layers."""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import Field, model_validator

from bench.schema.base import Frozen, share_given_fields
from bench.schema.entity import Entity
from bench.schema.numeric import NumericClaim
from bench.schema.temporal import Timex


def sha256(text: str) -> str:
    """The SHA-256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Document(Frozen):
    """A document as a system sees it: the verbatim text and its creation time (DCT)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    source_file: str
    language: str = "ar"
    dct: dt.date
    dct_evidence: str
    text: str
    text_sha256: str

    @model_validator(mode="after")
    def _hash(self) -> Document:
        if sha256(self.text) != self.text_sha256:
            raise ValueError("text_sha256 does not match the text")
        return self


class GoldDocument(Document):
    """A document with its gold layers; offsets are checked against the text."""

    entities: tuple[Entity, ...] = ()
    timex: tuple[Timex, ...] = ()
    numeric: tuple[NumericClaim, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> GoldDocument:
        seen: set[str] = set()
        for layer in (self.entities, self.timex, self.numeric):
            for item in layer:
                if item.id in seen:
                    raise ValueError(f"annotation id '{item.id}' is used twice")
                seen.add(item.id)
                if item.end > len(self.text) or self.text[item.start:item.end] != item.text:
                    raise ValueError(
                        f"annotation '{item.id}': text[{item.start}:{item.end}] is "
                        f"'{self.text[item.start:item.end]}', not '{item.text}'"
                    )
                share_given_fields(item)  # a gold is held for the whole run: most of its memory
        return self

    def as_input(self) -> Document:
        """The document without gold layers, as handed to a system."""
        return Document.model_validate(self.model_dump(include=set(Document.model_fields)))
