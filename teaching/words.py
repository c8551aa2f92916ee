"""Teaching words: the engine's conditions, values and sources as a clinician would say them.

Every page, handout and card that a person reads puts a rule's conditions into words here, so the
plain-language phrases live in one place, keyed by case field. Rule ids and field names stay in the
JSON and in the engine's-reasoning view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from engine.answer import Recommendation
from engine.case_fields import as_entered
from engine.knowledge import Condition
from engine.rulebook import Rulebook
from engine.vocabulary import CASE_FIELDS, DERIVED_FACTS, STATUS_WORDS, say


def after_review_mark(review_published: dt.date) -> str:
    """The mark on an option, study, result or note first public after the review, in clinical words:
    "After the review (2014)". Pages, cards and handouts all print this one phrase."""
    return f"After the review ({review_published.year})"


def field_noun(name: str) -> str:
    """A case field as a sentence names it ("menopausal status"), never its JSON name."""
    field = CASE_FIELDS.get(name)
    return field.words if field is not None else "a feature of the case"


# A condition a rule needs, keyed by (field, operator, value): "a tumor larger than 2 cm".
_NEEDS: dict[tuple[str, str, str], str] = {
    ("setting", "equals", "metastatic"): "metastatic disease",
    ("setting", "equals", "neoadjuvant"): "treatment before surgery (neoadjuvant)",
    ("setting", "equals", "adjuvant"): "treatment after surgery (adjuvant)",
    ("setting", "one_of", "neoadjuvant, adjuvant"): "early breast cancer (before or after surgery)",
    ("metastatic_line", "equals", "first"): "first-line treatment of metastatic disease",
    ("metastatic_line", "equals", "pretreated"): "metastatic disease already treated",
    ("her2_status", "equals", "positive"): "HER2-positive disease",
    ("hormone_receptor_status", "equals", "positive"): "hormone receptor-positive disease",
    ("hormone_receptor_status", "equals", "negative"): "hormone receptor-negative disease",
    ("hormone_receptor_status", "equals", "unknown"): "an unknown hormone receptor status",
    ("hormone_receptor_status", "one_of", "positive, unknown"): "hormone receptor-positive (or unknown) disease",
    ("menopausal_status", "equals", "postmenopausal"): "a postmenopausal patient",
    ("menopausal_status", "equals", "unknown"): "an unknown menopausal status",
    ("months_since_trastuzumab", "at_most", "6"): "relapse within 6 months of the last trastuzumab dose",
    ("months_since_trastuzumab", "is_present", ""): "a known time since the last trastuzumab dose",
    ("months_since_trastuzumab", "is_absent", ""): "an unknown time since the last trastuzumab dose",
    ("node_status", "equals", "positive"): "positive lymph nodes",
    ("node_status", "equals", "negative"): "negative lymph nodes",
    ("node_status", "equals", "unknown"): "an unknown lymph node status",
    ("prior_trastuzumab", "is_true", ""): "prior trastuzumab",
    ("prior_trastuzumab", "is_false", ""): "no prior trastuzumab",
    ("tumor_size_cm", "above", "2"): "a tumor larger than 2 cm",
    ("tumor_size_cm", "at_most", "2"): "a tumor of 2 cm or less",
    ("tumor_size_cm", "at_most", "1"): "a tumor of 1 cm or less",
    ("tumor_grade", "at_least", "2"): "a grade 2 or 3 tumor",
    ("tumor_grade", "at_most", "1"): "a grade 1 tumor",
    ("age_years", "below", "35"): "a patient younger than 35",
    ("age_years", "at_least", "35"): "a patient aged 35 or more",
    ("adjuvant_node_negative_high_risk", "is_true", ""): (
        "node-negative disease with a high-risk feature of the label (ER/PR-negative, tumor larger than 2 cm,"
        " grade 2 or 3, or age under 35)"
    ),
    ("adjuvant_node_negative_high_risk", "is_false", ""): "no known high-risk feature of the label",
    ("adjuvant_node_negative_low_risk", "is_true", ""): (
        "node-negative, ER/PR-positive disease of 2 cm or less, grade 1, age 35 or more"
    ),
    ("adjuvant_node_negative_low_risk", "is_false", ""): "not known to be outside the label's high-risk definition",
    ("trastuzumab_pretreated", "is_true", ""): (
        "disease already treated with trastuzumab (for metastatic disease, or relapse within 6 months of"
        " adjuvant trastuzumab)"
    ),
    ("trastuzumab_pretreated", "is_false", ""): "no trastuzumab yet for metastatic disease and no early relapse",
    ("neoadjuvant_pertuzumab_eligible", "is_true", ""): (
        "treatment before surgery of a tumor larger than 2 cm or with positive lymph nodes"
    ),
    ("early_relapse_after_adjuvant_trastuzumab", "is_true", ""): (
        "relapse within 6 months of the last (neo)adjuvant trastuzumab dose"
    ),
}

# A case's value of a field, as a clinician reads it: "node-negative", "2.0 cm".
_VALUES: dict[tuple[str, str], str] = {
    ("setting", "metastatic"): "metastatic",
    ("setting", "neoadjuvant"): "before surgery",
    ("setting", "adjuvant"): "after surgery",
    ("setting", "extended_adjuvant"): "after completing adjuvant trastuzumab (extended adjuvant)",
    ("metastatic_line", "first"): "first line",
    ("metastatic_line", "pretreated"): "already treated for metastatic disease",
    ("her2_status", "positive"): "HER2-positive",
    ("her2_status", "negative"): "HER2-negative",
    ("her2_status", "equivocal"): "HER2 equivocal",
    ("her2_status", "low"): "HER2-low",
    ("her2_status", "ultralow"): "HER2-ultralow",
    ("her2_status", "unknown"): "HER2 status unknown",
    ("neoadjuvant_response", "none"): "no neoadjuvant therapy",
    ("neoadjuvant_response", "complete"): "pathologic complete response",
    ("neoadjuvant_response", "residual"): "residual invasive disease",
    ("neoadjuvant_response", "unknown"): "response to neoadjuvant therapy unknown",
    ("prior_metastatic_chemotherapy", "true"): "chemotherapy for metastatic disease",
    ("prior_metastatic_chemotherapy", "false"): "no chemotherapy for metastatic disease",
    ("prior_metastatic_endocrine_therapy", "true"): "endocrine therapy for metastatic disease",
    ("prior_metastatic_endocrine_therapy", "false"): "no endocrine therapy for metastatic disease",
    ("brain_metastases", "true"): "brain metastases",
    ("brain_metastases", "false"): "no brain metastases",
    ("hormone_receptor_status", "positive"): "hormone receptor-positive",
    ("hormone_receptor_status", "negative"): "hormone receptor-negative",
    ("hormone_receptor_status", "unknown"): "hormone receptor status unknown",
    ("node_status", "positive"): "node-positive",
    ("node_status", "negative"): "node-negative",
    ("node_status", "unknown"): "node status unknown",
    ("menopausal_status", "premenopausal"): "premenopausal",
    ("menopausal_status", "postmenopausal"): "postmenopausal",
    ("menopausal_status", "unknown"): "menopausal status unknown",
    ("sex", "female"): "a woman",
    ("sex", "male"): "a man",
    ("sex", "unknown"): "sex unknown",
    ("prior_trastuzumab", "true"): "prior trastuzumab",
    ("prior_trastuzumab", "false"): "no prior trastuzumab",
}

# A regimen the answer leaves out, beside the statuses (what-if changes, learner choices).
NOT_OFFERED = "not_offered"
# A status as pages title it, and "not offered" for a regimen the answer leaves out.
STATUS_TITLES: dict[str, str] = {**{s: w.title for s, w in STATUS_WORDS.items()}, NOT_OFFERED: "Not offered"}


def _key_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def needs(cond: Condition) -> str:
    """What a condition asks of a case, in clinical words ("a tumor larger than 2 cm")."""
    if cond.fact == "as_of":
        day = str(cond.value)
        return f"a date on or after {day}" if cond.op == "on_or_after" else f"a date before {day}"
    phrase = _NEEDS.get((cond.fact, cond.op, _key_value(cond.value)))
    if phrase is not None:
        return phrase
    return say(cond.fact, cond.op, cond.value)


def value_words(name: str, value: object) -> str:
    """One case value in clinical words ("node-negative", "tumor 2.0 cm", "no prior trastuzumab")."""
    if value is None:
        said = "not known" if name in CASE_FIELDS and CASE_FIELDS[name].nullable else "not given"
        return f"{field_noun(name).removeprefix('the ')} {said}"
    if isinstance(value, bool):
        value = "true" if value else "false"
    if name == "tumor_size_cm" and isinstance(value, int | float):
        return f"tumor {as_entered(value)} cm"
    if name == "months_since_trastuzumab":
        return f"{as_entered(value)} months since the last trastuzumab dose"
    if name == "tumor_grade":
        return f"grade {value}"
    if name == "prior_metastatic_her2_regimens" and isinstance(value, int):
        return f"{value} anti-HER2 regimen{'' if value == 1 else 's'} for metastatic disease"
    if name == "age_years":
        return f"aged {value}"
    if name == "as_of":
        day = value.isoformat() if isinstance(value, dt.date) else str(value)
        return f"dated {day}"
    return _VALUES.get((name, str(value)), str(value))


def feeds(rulebook: Rulebook, fact: str) -> list[str]:
    """The case fields a derived fact is computed from (through other derived facts too), in rule order."""
    fields: list[str] = []
    for rule in rulebook.rules:
        if rule.rule.derive != fact:
            continue
        for cond in rule.conditions:
            more = feeds(rulebook, cond.fact) if cond.fact in DERIVED_FACTS else [cond.fact]
            fields += [f for f in more if f not in fields]
    return fields


def case_words(rulebook: Rulebook, case: dict[str, object], names: Iterable[str]) -> str:
    """The case's values of the fields (or derived facts) a condition read: "before surgery, tumor 2.0 cm,
    node-negative". A derived fact shows the given values it is computed from."""
    shown: list[str] = []
    for name in names:
        if name in DERIVED_FACTS:
            shown += [value_words(f, case[f]) for f in feeds(rulebook, name) if case.get(f) is not None]
        else:
            shown.append(value_words(name, case.get(name)))
    return ", ".join(dict.fromkeys(shown))


# ---- sources: the publication, never the project's working files ----

_REFS = re.compile(r"\s*\[\d+\](?:\s*,\s*\[\d+\])*")


def first_sentence(text: str) -> str:
    """The first sentence of a rationale, without the review's reference numbers: the verdict's one line."""
    plain = _REFS.sub("", text).strip()
    match = re.search(r"(?<![A-Z][a-z])(?<!\bvs)(?<!\bet al)\.(?=\s+[A-Z(])", plain)
    return plain[: match.end()] if match else plain


def conditional_words(rec: Recommendation) -> str:
    """What a conditional status depends on, in words ("" for a status the case settles)."""
    if not rec.conditional_on:
        return ""
    nouns = [field_noun(name) for name in rec.conditional_on]
    return f"Conditional: depends on {' and '.join(nouns)}, not given in this case."
