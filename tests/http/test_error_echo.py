"""An error repeats at most ECHO_CHARS characters of what was sent, wherever it was sent (README, Deployment).

Each request carries a 1,000-character marker in one place (the path, a query value or key, a JSON
key or value, a header); no run of more than ECHO_CHARS of it may come back in the error.
"""

from __future__ import annotations

import json
import random
import string
from typing import Any

import pytest
from flask import Flask

from web.limits import ECHO_CHARS

MARK = "".join(random.Random(22).choices(string.ascii_lowercase + string.digits, k=1000))
CASE = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.5,
    "node_status": "negative",
}
FORM = "setting=neoadjuvant&hormone_receptor_status=positive&tumor_size_cm=2.5&node_status=negative"
JSON = {"Accept": "application/json"}

# (method, path, JSON body or None, extra headers)
REQUESTS: dict[str, tuple[str, str, Any, dict[str, str]]] = {
    "api path": ("GET", f"/api/v1/{MARK}", None, {}),
    "page path": ("GET", f"/{MARK}", None, JSON),
    "library case id": ("GET", f"/cases/{MARK}", None, JSON),
    "library case id in the API": ("GET", f"/api/v1/cases/{MARK}", None, {}),
    "chart name": ("GET", f"/evidence/{MARK}.svg", None, JSON),
    "chart date": ("GET", f"/evidence/pcr.svg?as_of={MARK}", None, JSON),
    "chart cite": ("GET", f"/evidence/pcr.svg?cite={MARK}", None, JSON),
    "chart cite, repeated": ("GET", f"/evidence/pcr.svg?cite=neosphere&cite={MARK}", None, JSON),
    "form choice": ("GET", f"/answer.json?{FORM.replace('neoadjuvant', MARK)}", None, {}),
    "form number": ("GET", f"/answer.json?{FORM.replace('2.5', MARK)}", None, {}),
    "form key": ("GET", f"/answer.json?{FORM}&{MARK}=1", None, {}),
    "form date": ("GET", f"/answer.json?{FORM}&as_of={MARK}", None, {}),
    "timeline date": ("GET", f"/timeline?as_of={MARK}", None, JSON),
    "open questions date": ("GET", f"/api/v1/open-questions?as_of={MARK}", None, {}),
    "json value": ("POST", "/api/v1/recommendations", CASE | {"setting": MARK}, {}),
    "json key": ("POST", "/api/v1/recommendations", CASE | {MARK: 1}, {}),
    "json date": ("POST", "/api/v1/recommendations", CASE | {"as_of": MARK}, {}),
    "batch key": ("POST", "/api/v1/recommendations/batch", {"cases": [CASE | {MARK: 1}]}, {}),
    "batch field": ("POST", "/api/v1/recommendations/batch", {MARK: []}, {}),
    "what-if value": ("POST", "/api/v1/what-if", CASE | {"node_status": MARK}, {}),
    "timeline value": ("POST", "/api/v1/timeline", CASE | {"node_status": MARK}, {}),
    "learner case id": ("POST", "/api/v1/learner/score", {"case_id": MARK, "choices": {}}, {}),
    "learner field": ("POST", "/api/v1/learner/score", {"case": CASE, "choices": {}, MARK: 1}, {}),
    "learner choice": ("POST", "/api/v1/learner/score", {"case": CASE, "choices": {"pertuzumab": MARK}}, {}),
    "learner regimen": ("POST", "/api/v1/learner/score", {"case": CASE, "choices": {MARK: "approved"}}, {}),
    "cds hook": ("POST", "/cds-services/her2-case-review", {"hook": MARK, "context": {"case": CASE}}, {}),
    "cds case": ("POST", "/cds-services/her2-case-review", {"context": {"case": CASE | {MARK: 1}}}, {}),
    "media type": ("POST", "/api/v1/recommendations", CASE, {"Content-Type": f"application/{MARK}"}),
    "method": (MARK.upper()[:40] + MARK[:960].upper(), "/api/v1/recommendations", None, {}),
}


def _longest_echo(text: str) -> int:
    """The longest run of MARK's characters that `text` repeats (MARK is random: a run is an echo)."""
    longest = 0
    for start in range(len(MARK)):
        low, high = longest, len(MARK) - start
        while low < high:  # the longest run from `start`, found by halving (a run's prefixes are runs too)
            middle = (low + high + 1) // 2
            if MARK[start : start + middle].lower() in text:
                low = middle
            else:
                high = middle - 1
        longest = max(longest, low)
    return longest


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_an_error_repeats_at_most_the_promised_characters(app: Flask, name: str) -> None:
    method, path, body, headers = REQUESTS[name]
    data = json.dumps(body) if body is not None else None
    headers = {"Content-Type": "application/json"} | headers if data else headers
    response = app.test_client().open(path, method=method, data=data, headers=headers)
    assert response.status_code >= 400 or name.startswith("batch"), name  # a batch names each case's errors
    assert response.get_json() is not None, f"{name}: not JSON"
    shown = response.get_data(as_text=True).lower()
    assert _longest_echo(shown) <= ECHO_CHARS, shown[:3000]
