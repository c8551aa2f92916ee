"""Records read from the knowledge base's TOML files, each validated on its own: a bad file, table or record
stops the load with a KnowledgeBaseError naming the file, the record's id and why."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class KnowledgeBaseError(Exception):
    """The knowledge base cannot be loaded: names the file, the record id and the reason."""

    def __init__(self, path: Path | str, record: str, reason: str) -> None:
        self.path, self.record, self.reason = str(path), record, reason
        super().__init__(f"{path}: {record}: {reason}")


def optional_records(path: Path, key: str, model: type[Model]) -> list[Model]:
    """Records of an optional table (a file or a table that may be absent)."""
    if not path.exists() or not read_toml(path).get(key):
        return []
    return records(path, key, model)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise KnowledgeBaseError(path, "(file)", "missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(path, "(file)", f"not valid TOML: {exc}") from None
    if _WORKING_FILE.search("\n".join(_texts(data)).lower()):  # one pass; the walk only names the record
        _no_working_files(path, data, "(file)", "")
    return data


# The knowledge base's texts are for people: a source names its publication, never the files the knowledge base
# was compiled from (a notes or tables file, a JSON list of trials, a proposal) or the folder that held them.
# (Searched in lower case: the texts are lowered once, which costs less than an IGNORECASE pattern.)
_WORKING_FILE = re.compile(
    r"\.(?:md|json|toml|txt|csv|ya?ml|py)\b|\bsources/|domain approval table|audit notes|trial compilation"
)


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _no_working_files(path: Path, value: object, record: str, where: str) -> None:
    """Every text of a file, checked for the name of a working file; the error names the record and the key."""
    if isinstance(value, str):
        text = value.lower()
        found = _WORKING_FILE.search(text)
        if found:
            name = found.group(0)
            if " " not in name:  # a file: the whole word its extension ends or its folder begins
                start, end = text.rfind(" ", 0, found.start()) + 1, text.find(" ", found.end())
                name = text[start : end if end >= 0 else len(text)].strip("()'\",;:")
            reason = f"{where}: names the working file {name!r}; a page shows this text: name the publication"
            raise KnowledgeBaseError(path, record, reason)
    elif isinstance(value, dict):
        ident = next((str(value[k]) for k in ("id", "n", "abbr") if isinstance(value.get(k), (str, int))), record)
        for key, item in value.items():
            _no_working_files(path, item, ident, f"{where}.{key}".lstrip("."))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _no_working_files(path, item, record, f"{where}.{index}")


def records(path: Path, key: str, model: type[Model], id_field: str = "id") -> list[Model]:
    raw = read_toml(path).get(key)
    if not isinstance(raw, list) or not raw:
        raise KnowledgeBaseError(path, "(file)", f"expects one or more [[{key}]] tables")
    return validated(path, raw, key, model, id_field)


def validated(path: Path, raw: list[Any], key: str, model: type[Model], id_field: str = "id") -> list[Model]:
    records: list[Model] = []
    for index, item in enumerate(raw):
        ident = str(item.get(id_field, f"#{index + 1}")) if isinstance(item, dict) else f"#{index + 1}"
        try:
            records.append(model.model_validate(item))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or key}: {e['msg']}" for e in exc.errors())
            raise KnowledgeBaseError(path, ident, problems) from None
    return records


def keyed_tables(
    path: Path, data: Mapping[str, Any], key: str, names: Iterable[str], model: type[Model], what: str
) -> dict[str, Model]:
    """The file's [<key>.<name>] tables, one for each of `names` (in their order), each validated: a name with no
    table, or a table for a name not among them, stops the load naming the file and the name."""
    raw = data.get(key)
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(path, "(file)", f"no [{key}.<name>] tables")
    allowed = list(names)
    exact_keys(
        path,
        raw,
        allowed,
        unknown=lambda name: f"words for an unknown {what}; allowed: {', '.join(allowed)}",
        missing=lambda name: f"a {what} with no words",
    )
    tables: dict[str, Model] = {}
    for name in allowed:
        try:
            tables[name] = model.model_validate(raw[name])
        except ValidationError as exc:
            raise KnowledgeBaseError(path, name, str(exc)) from None
    return tables


def exact_keys(
    path: Path,
    given: Mapping[str, Any],
    allowed: Sequence[str],
    *,
    unknown: Callable[[str], str],
    missing: Callable[[str], str],
    complete: Callable[[str, Any], bool] = lambda _key, _value: True,
    record: str | None = None,
) -> None:
    """Words for every key of `allowed` (each `complete`) and for no other, or the load stops naming the file and
    the key; `unknown` and `missing` say why, given the key. Keys inside one `record` (the [order] table's) are
    named by that record, and there the missing key is told first; keys that are records of their own are named
    themselves, and a misspelt one is told first, at its own name, rather than the key it was meant to be."""
    unknowns = [(key, unknown(key)) for key in sorted(set(given) - set(allowed))]
    missings = [(key, missing(key)) for key in allowed if key not in given or not complete(key, given[key])]
    for key, why in (missings + unknowns) if record else (unknowns + missings):
        raise KnowledgeBaseError(path, record or key, why)


def unique(path: Path, items: list[Any], id_of: Any) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for item in items:
        ident = id_of(item)
        if ident in result:
            raise KnowledgeBaseError(path, str(ident), "defined twice")
        result[ident] = item
    return result
