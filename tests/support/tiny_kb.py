"""A tiny, hand-written knowledge base for the engine guard tests (not a test module itself).

`write_kb(tmp_path)` writes a complete rules folder (knowledge-base with the packaged cut-off, every
regimen, 2 studies, 1 approval, 1 reference, one rule file) that the loader accepts; keyword arguments
replace one file's text, so each fault test starts from a valid base and breaks exactly one thing.
"""

from __future__ import annotations

from pathlib import Path

from packaged import EVIDENCE_CUTOFF, REGIMEN_IDS, parse_dated

from engine.loader import DEFAULT_RULES_DIR

KNOWLEDGE_BASE = f"""
[knowledge_base]
version = "tiny-1"
evidence_cutoff = {EVIDENCE_CUTOFF.isoformat()}
title = "Tiny test knowledge base"
review = "A review"
review_doi = "10.0/tiny"
review_published = 2014-07-31
disclaimer = "Educational use only, not for clinical decisions."
coverage = "A tiny knowledge base, with the evidence to its cut-off"

[scope]
rationale = "HER2-positive only."
source = "test"
when = [{{ fact = "her2_status", op = "equals", value = "positive" }}]
"""

REGIMENS = "\n".join(
    f'[[regimen]]\nid = "{rid}"\nname = "Regimen {rid}"\nsaid = "regimen {rid}"\ndescription = "d"\ndrugs = ["x"]\n'
    for rid in REGIMEN_IDS
)

STUDIES = """
[[study]]
id = "alpha"
name = "ALPHA"
design = "Randomized phase III"
level = "randomized_phase_3"
setting = "metastatic"
case_setting = "metastatic"
status = "completed"
reported = "2001"
review_refs = [1]

[[study]]
id = "beta"
name = "BETA"
design = "Randomized phase II"
level = "randomized_phase_2"
setting = "neoadjuvant"
case_setting = "neoadjuvant"
status = "published"
reported = "2010-06"
"""

APPROVALS = """
[[approval]]
id = "alpha-approval"
date = "1998-09-25"
regimen = "trastuzumab_chemotherapy"
indication = "Metastatic disease."
basis = ["alpha"]
source = "test"
"""

REFERENCES = """
[[reference]]
n = 1
citation = "Someone et al. 2001."
confidence = "high"
"""

# The derived fact the rules test, and five rules: a derivation, an approved regimen testing it, a rule testing
# it is_false, a numeric comparison with not_equals, and a note with one_of.
RULES = """
[[derived_fact]]
id = "trastuzumab_pretreated"
meaning = "already treated with trastuzumab"
is_true = "disease already treated with trastuzumab"
is_false = "no trastuzumab yet"

[[rule]]
id = "derive.pretreated"
source = "s"
rationale = "r"
when = [
  { fact = "setting", op = "equals", value = "metastatic" },
  { fact = "prior_trastuzumab", op = "is_true" },
]
derive = "trastuzumab_pretreated"

[[rule]]
id = "x.approved"
source = "s"
headline = "Approved after trastuzumab."
when = [{ fact = "trastuzumab_pretreated", op = "is_true" }]
regimen = "trastuzumab_chemotherapy"
status = "approved"
approval = "alpha-approval"
evidence = ["alpha"]

[[rule]]
id = "x.naive"
source = "s"
headline = "Not yet treated."
priority = 2
when = [
  { fact = "setting", op = "equals", value = "metastatic" },
  { fact = "trastuzumab_pretreated", op = "is_false" },
]
regimen = "trastuzumab_emtansine"
status = "investigational"
evidence = ["beta"]

[[rule]]
id = "x.large"
source = "s"
headline = "Large tumor."
when = [
  { fact = "setting", op = "equals", value = "neoadjuvant" },
  { fact = "tumor_size_cm", op = "above", value = 2 },
  { fact = "node_status", op = "not_equals", value = "negative" },
]
regimen = "pertuzumab_trastuzumab_chemotherapy"
status = "supported"
evidence = ["beta"]

[[rule]]
id = "x.note"
source = "s"
rationale = "Early disease."
when = [{ fact = "setting", op = "one_of", value = ["neoadjuvant", "adjuvant"] }]
note = "Early disease note."
evidence = ["beta"]
"""

# A case the tiny rulebook answers with its note (x.note) and nothing else.
TINY_ADJUVANT = {
    "setting": "adjuvant",
    "her2_status": "positive",
    "hormone_receptor_status": "positive",
    "tumor_size_cm": 2.5,
    "node_status": "positive",
}
TINY_NOTE = "x.note"

FILES = {
    "knowledge-base.toml": KNOWLEDGE_BASE,
    "regimens.toml": REGIMENS,
    "studies.toml": STUDIES,
    "approvals.toml": APPROVALS,
    "references.toml": REFERENCES,
    "rules/x.toml": RULES,
    # the packaged words for the case fields (every field and choice has its words, or the load stops)
    "case-words.toml": (DEFAULT_RULES_DIR / "case-words.toml").read_text(encoding="utf-8"),
}


def write_kb(root: Path, **replace: str | None) -> Path:
    """Write the tiny rules folder under `root`; `rules_x="..."` replaces rules/x.toml, None leaves a file out."""
    kb_dir = root / "rules"
    (kb_dir / "rules").mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        key = name.replace("/", "_").removesuffix(".toml").replace("-", "_").replace(".", "_")
        content = replace.get(key, text)
        if content is not None:
            (kb_dir / name).write_text(content, encoding="utf-8")
    return kb_dir


def note_rules(count: int, prefix: str = "n") -> str:
    """`count` distinct note rules, as rule-file TOML."""
    return "\n".join(
        f'[[rule]]\nid = "{prefix}.{i}"\nsource = "s"\nrationale = "r"\n'
        f'when = [{{ fact = "setting", op = "equals", value = "adjuvant" }}]\nnote = "n{i}"\n'
        for i in range(count)
    )


def tiny_facts(count: int) -> list[dict[str, object]]:
    """`count` (up to 3,000) distinct adjuvant case facts, tumor sizes 0.01 cm apart: each fires the tiny note."""
    assert count <= 3000
    cases = ({**TINY_ADJUVANT, "tumor_size_cm": round(0.01 * (i + 1), 2)} for i in range(count))
    return [parse_dated(case).as_fact() for case in cases]
