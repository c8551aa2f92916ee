"""CDS Hooks cards (render/cds_hooks.py), validated against the specification's required fields."""

from __future__ import annotations

import jsonschema
import pytest
from cds_hooks_schema import DISCOVERY, RESPONSE
from packaged import CASE_CHECKS

from engine import CaseError, Engine
from render.cds_hooks import HOOK, SERVICE_ID, cards, case_from_request, discovery

LINKS = [("The answer", "http://localhost/answer?setting=metastatic&her2_status=positive")]


def _cards(engine: Engine, case_id: str) -> list[dict[str, object]]:
    return cards(engine.evaluate(engine.kb.cases[case_id].case), engine.kb, LINKS)


def test_discovery_lists_one_service_for_the_custom_hook(engine: Engine) -> None:
    document = discovery(engine.kb)
    jsonschema.validate(document, DISCOVERY)
    (service,) = document["services"]
    assert (service["id"], service["hook"]) == (SERVICE_ID, HOOK)
    assert "prefetch" not in service
    assert "Educational use only" in service["description"]


@pytest.mark.parametrize("case_id", ["first-line-dual-blockade", "altto-adjuvant-lapatinib", "her2-negative-selection"])
def test_cards_follow_the_specification(engine: Engine, case_id: str) -> None:
    jsonschema.validate({"cards": _cards(engine, case_id)}, RESPONSE)


def test_one_card_per_option_with_the_indicator_of_its_status(engine: Engine) -> None:
    answer = engine.evaluate(engine.kb.cases["altto-adjuvant-lapatinib"].case)
    result = cards(answer, engine.kb, LINKS)
    assert len(result) == len(answer.recommendations)
    by_regimen = {rec.regimen_id: card for rec, card in zip(answer.recommendations, result, strict=True)}
    assert by_regimen["lapatinib_trastuzumab_chemotherapy"]["indicator"] == "critical"
    for rec in answer.recommendations:
        card = by_regimen[rec.regimen_id]
        expected = "critical" if rec.status == "not_recommended" else "warning" if rec.cautions else "info"
        assert card["indicator"] == expected
        assert "Educational use only" in str(card["detail"])
        assert "educational" in str(card["summary"])
        assert rec.name in str(card["summary"])


def test_an_out_of_scope_case_gets_one_warning_card(engine: Engine) -> None:
    (card,) = _cards(engine, "her2-negative-selection")
    assert card["indicator"] == "warning"
    assert "HER2" in str(card["detail"])


def test_cards_link_back_to_the_app_and_to_verified_trial_records(engine: Engine) -> None:
    result = _cards(engine, "first-line-dual-blockade")
    labels = [link["label"] for card in result for link in card["links"]]  # type: ignore[attr-defined]
    assert "The answer" in labels
    assert any("NCT" in label for label in labels)


def test_a_request_without_context_case_is_refused() -> None:
    with pytest.raises(CaseError) as info:
        case_from_request({"hook": HOOK, "hookInstance": "x", "context": {}}, CASE_CHECKS)
    assert info.value.errors[0].field == "context.case"
    with pytest.raises(CaseError) as wrong:
        case_from_request({"hook": "patient-view", "context": {"case": {}}}, CASE_CHECKS)
    assert wrong.value.errors[0].field == "hook"
