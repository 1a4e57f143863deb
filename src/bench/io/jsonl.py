"""A strict, streaming JSON Lines reader whose errors name file, line and field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from bench.errors import InputError

MAX_LINE_BYTES = 32 * 1024 * 1024
"""A longer line is refused rather than read: no document in this benchmark comes near it."""

M = TypeVar("M", bound=BaseModel)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def iter_json_lines(path: str | Path, *, max_line_bytes: int | None = None) -> Iterator[tuple[int, Any]]:
    """Yield ``(line_number, parsed_object)`` for each non-blank line of ``path``.

    Refuses, with an :class:`InputError` naming the line: a byte-order mark, CRLF line ends,
    invalid UTF-8, malformed JSON, NaN/Infinity, a line over ``max_line_bytes``, and a file with no
    JSON line at all.
    """
    name = str(path)
    if max_line_bytes is None:
        max_line_bytes = MAX_LINE_BYTES  # read at call time, so the module setting can be changed
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=name) from None
    seen_any = False
    try:
        number = 0
        while True:
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                break
            number += 1
            if len(raw) > max_line_bytes:
                raise InputError(f"line is longer than {max_line_bytes} bytes", file=name, line=number)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raise InputError("file starts with a UTF-8 byte-order mark; save it without BOM",
                                 file=name, line=1)
            if raw.endswith(b"\r\n"):
                raise InputError("line ends with CRLF; JSON Lines here use LF line ends",
                                 file=name, line=number)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid UTF-8 at byte {exc.start}", file=name, line=number) from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line, parse_constant=_reject_constant)
            except ValueError as exc:
                raise InputError(f"malformed JSON: {exc}", file=name, line=number) from None
            except RecursionError:
                raise InputError("JSON is nested too deeply", file=name, line=number) from None
            if not isinstance(obj, dict):
                raise InputError("each line must be a JSON object", file=name, line=number)
            seen_any = True
            yield number, obj
    finally:
        handle.close()
    if not seen_any:
        raise InputError("file has no JSON lines", file=name)


def validate_line(model: type[M], obj: Any, *, file: str, line: int, prefix: str = "") -> M:
    """Validate one parsed line against ``model``, turning the first pydantic error into an InputError."""
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(part) for part in first["loc"])
        field = f"{prefix}{loc}" if loc else (prefix.rstrip(".") or None)
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            allowed = allowed_fields(model, first["loc"][:-1])
            message = "unknown field" + (f"; allowed: {', '.join(allowed)}" if allowed else "")
        elif first["type"] == "missing":
            message = "required field is missing"
        raise InputError(message, file=file, line=line, field=field) from None


def allowed_fields(model: type[BaseModel], loc: tuple) -> tuple[str, ...]:
    """The field names of the model found at ``loc`` inside ``model`` (list indices skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return ()
        current = _item_model(info.annotation)
    return tuple(getattr(current, "model_fields", {}))


def _item_model(annotation: Any) -> Any:
    """The model inside ``tuple[M, ...]``, ``list[M]`` or ``M | None``."""
    for arg in (annotation, *get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


def dump_line(obj: BaseModel | dict[str, Any], **extra: Any) -> str:
    """One canonical JSON line: UTF-8 as is (readable Arabic), no None fields, fixed key order."""
    data = obj.model_dump(mode="json", exclude_none=True) if isinstance(obj, BaseModel) else dict(obj)
    head = {"id": data.pop("id")} if "id" in data else {}
    data = {**extra, **head, **data}
    return json.dumps(data, ensure_ascii=False, allow_nan=False)
