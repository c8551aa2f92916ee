"""Records read from the knowledge base's TOML files, each validated on its own: a bad file, table or record
stops the load with a KnowledgeBaseError naming the file, the record's id and why."""

from __future__ import annotations

import tomllib
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
            return tomllib.load(handle)
    except FileNotFoundError:
        raise KnowledgeBaseError(path, "(file)", "missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(path, "(file)", f"not valid TOML: {exc}") from None


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


def unique(path: Path, items: list[Any], id_of: Any) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for item in items:
        ident = id_of(item)
        if ident in result:
            raise KnowledgeBaseError(path, str(ident), "defined twice")
        result[ident] = item
    return result
