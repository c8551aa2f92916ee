"""Reading a CDS Hooks response in the feature steps: its cards (a 200 is required), a card's detail as plain text."""

from __future__ import annotations

from typing import Any

from werkzeug.test import TestResponse


def cards(response: TestResponse) -> list[dict[str, Any]]:
    """The response's cards; it must be a 200."""
    assert response.status_code == 200, response.get_json()
    found: list[dict[str, Any]] = response.get_json()["cards"]
    return found


def plain(card: dict[str, Any]) -> str:
    """A card's detail without its Markdown bold."""
    return str(card["detail"]).replace("**", "")
