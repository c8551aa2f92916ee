"""The exact words of a refused case's errors as the API gives them (a 422 naming each field): the clinical
features check only that the right field is named with what it allows; its wording is checked here."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from engine.case_fields import CASE_FIELDS

METASTATIC = {
    "setting": "metastatic",
    "her2_status": "positive",
    "metastatic_line": "first",
    "hormone_receptor_status": "negative",
}
NEOADJUVANT = {
    "setting": "neoadjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "negative",
    "tumor_size_cm": 2.5,
    "node_status": "positive",
}
ADJUVANT = {**NEOADJUVANT, "setting": "adjuvant"}
RELAPSE = {**METASTATIC, "prior_trastuzumab": True, "months_since_trastuzumab": 4}
LEFT_OUT = object()  # the field is taken out of the case
SIZE = "allowed: a number of centimetres from 0.01 to 30"
MONTHS = "allowed: a whole number of months >= 0, only with prior_trastuzumab true"
DATE = "allowed: an ISO date YYYY-MM-DD, not in the future (default: the evidence cut-off)"
STATUS = "allowed: positive, negative or unknown"
PRIOR = 'allowed: true, false, or null when not known ("unknown" in a form)'
LINE = "allowed: first or pretreated (only when setting is metastatic)"

MESSAGES: list[tuple[dict[str, Any], str, object, str]] = [
    (METASTATIC, "tumour_size", 3.0, f"is not a case field; allowed: the fields {', '.join(CASE_FIELDS)}"),
    (METASTATIC, "hormone_receptor_status", "postive", f"'postive' is not allowed; {STATUS}"),
    (
        METASTATIC,
        "her2_status",
        "+++",
        "'+++' is not allowed; allowed: positive, low, ultralow, negative, equivocal or unknown",
    ),
    (METASTATIC, "metastatic_line", "second", f"'second' is not allowed; {LINE}"),
    (ADJUVANT, "metastatic_line", "first", "applies only to metastatic cases, not adjuvant; leave it out"),
    (NEOADJUVANT, "tumor_size_cm", 0, f"0 is out of range; {SIZE}"),
    (NEOADJUVANT, "tumor_size_cm", 30.1, f"30.1 is out of range; {SIZE}"),
    (NEOADJUVANT, "tumor_size_cm", "2.5", f"must be a JSON number, not text or a boolean; {SIZE}"),
    (
        METASTATIC,
        "months_since_trastuzumab",
        4,
        "is given but prior_trastuzumab is not true; set prior_trastuzumab to true or leave it out",
    ),
    (RELAPSE, "months_since_trastuzumab", "4", f"'4' has the wrong type; {MONTHS}"),
    (RELAPSE, "months_since_trastuzumab", -1, f"-1 is out of range; {MONTHS}"),
    (METASTATIC, "prior_trastuzumab", "yes", f"'yes' has the wrong type; {PRIOR}"),
    (METASTATIC, "as_of", "2999-01-01", f"2999-01-01 is in the future; {DATE}"),
    (METASTATIC, "as_of", "2014-02-30", f"2014-02-30 is not a real calendar date; {DATE}"),
    (METASTATIC, "as_of", "31/07/2014", f"must be a date written YYYY-MM-DD; {DATE}"),
    (METASTATIC, "metastatic_line", LEFT_OUT, f"is required for the metastatic setting; {LINE}"),
    (METASTATIC, "hormone_receptor_status", LEFT_OUT, f"is required; {STATUS}"),
    (NEOADJUVANT, "tumor_size_cm", LEFT_OUT, f"is required for the neoadjuvant setting; {SIZE}"),
    (NEOADJUVANT, "node_status", LEFT_OUT, f"is required for the neoadjuvant setting; {STATUS}"),
    (ADJUVANT, "tumor_size_cm", LEFT_OUT, f"is required for the adjuvant setting; {SIZE}"),
    (
        METASTATIC,
        "setting",
        LEFT_OUT,
        "is required; allowed: metastatic, neoadjuvant, adjuvant or extended_adjuvant",
    ),
]


@pytest.mark.parametrize(("case", "field", "value", "message"), MESSAGES)
def test_a_refused_case_gets_each_message_word_for_word(
    client: FlaskClient, case: dict[str, Any], field: str, value: object, message: str
) -> None:
    """One bad field gives a 422 naming that field alone, with its message word for word."""
    sent = {k: v for k, v in case.items() if k != field} if value is LEFT_OUT else {**case, field: value}
    response = client.post("/api/v1/recommendations", json=sent)
    assert response.status_code == 422
    assert response.json["errors"] == [{"field": field, "message": message}]
