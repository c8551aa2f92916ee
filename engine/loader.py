"""Load `rules/` into a checked KnowledgeBase; any bad file stops here, naming the file, the id and why."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.after_review import OpenQuestion, RegimenNote, StudyUpdate
from engine.case_checks import CaseChecks, read_case_checks
from engine.contradictions import CONTRADICTIONS_FILE
from engine.knowledge import (
    Approval,
    GlossaryTerm,
    KnowledgeBaseInfo,
    NotAbbreviation,
    Reference,
    Regimen,
    Rule,
    Scope,
    Study,
    TeachingCase,
)
from engine.order_facts import Guideline, HeadToHead, Ordering, Position
from engine.phrasing import ClinicalWords
from engine.toml_records import KnowledgeBaseError as KnowledgeBaseError
from engine.toml_records import optional_records, read_toml, records, unique, validated
from engine.words_loader import CASE_WORDS_FILE, load_words, undeclared

# The knowledge base ships inside the package (rules), installed or editable alike.
DEFAULT_RULES_DIR = Path(str(resources.files("rules")))


@dataclass(frozen=True)
class KnowledgeBase:
    info: KnowledgeBaseInfo
    scope: Scope
    regimens: dict[str, Regimen]
    studies: dict[str, Study]
    approvals: dict[str, Approval]
    references: dict[int, Reference]
    rules: tuple[Rule, ...]
    rule_files: dict[str, str]
    cases: dict[str, TeachingCase]
    sha256: str
    files: tuple[str, ...] = field(default=())
    regimen_notes: tuple[RegimenNote, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    # a study of the review's with later results: the study as updated, and the day the update counts from
    updated: dict[str, tuple[dt.date, Study]] = field(default_factory=dict)
    # guideline positions and head-to-head results that order an answer's options (rules/ordering.toml)
    ordering: Ordering = field(default_factory=Ordering)
    # the abbreviations the pages use, and the capitalised words that are not abbreviations (rules/glossary.toml)
    glossary: tuple[GlossaryTerm, ...] = ()
    not_abbreviations: tuple[NotAbbreviation, ...] = ()
    # cases whose fields contradict each other, refused by whoever parses a case for this knowledge base, and the
    # words of every message beside a bad field
    case_checks: CaseChecks = field(default_factory=CaseChecks)
    # the case fields' and derived facts' clinical words (rules/case-words.toml, [[derived_fact]] in rules/rules/)
    words: ClinicalWords = field(default_factory=lambda: ClinicalWords(fields={}))

    @property
    def regimen_ids(self) -> tuple[str, ...]:
        """The regimens' ids in the order regimens.toml lists them (the order answers list them in)."""
        return tuple(self.regimens)

    @property
    def evidence_cutoff(self) -> dt.date:
        """The newest verified date in the sources: a case that gives no date is answered as of it."""
        return self.info.evidence_cutoff

    @property
    def coverage(self) -> str:
        """What the knowledge base covers, to its cut-off: the review as the lens, the evidence to the cut-off."""
        return f"{self.info.coverage}, {self.evidence_cutoff.isoformat()}"

    @property
    def disclaimer(self) -> str:
        """What every page, answer and document says: educational use only, and what the knowledge base covers."""
        return f"{self.info.disclaimer} {self.coverage}."


AFTER_REVIEW_FILE = "studies-after-review.toml"
QUESTIONS_FILE = "open-questions.toml"
ORDERING_FILE = "ordering.toml"
GLOSSARY_FILE = "glossary.toml"


def _ordering(path: Path) -> Ordering:
    """The ordering facts, if the knowledge base has them (an empty ordering orders by status alone)."""
    guidelines = optional_records(path, "guideline", Guideline)
    return Ordering(
        guidelines=unique(path, guidelines, lambda g: g.id),
        positions=tuple(unique(path, optional_records(path, "position", Position), lambda p: p.id).values()),
        head_to_head=tuple(unique(path, optional_records(path, "head_to_head", HeadToHead), lambda h: h.id).values()),
    )


def _after_review(item: Any) -> Any:
    """Mark a raw study or update as after the review, and each of its findings and arms, before validation."""
    if not isinstance(item, dict):
        return item
    findings = [{**f, "after_review": True} if isinstance(f, dict) else f for f in item.get("findings", [])]
    arms = [{**a, "after_review": True} if isinstance(a, dict) else a for a in item.get("arms", [])]
    marks = {"after_review": True, "arms": arms} if "set" not in item else {}
    return {**item, "findings": findings, **marks}


def _glossary(kb_dir: Path) -> list[GlossaryTerm]:
    return optional_records(kb_dir / GLOSSARY_FILE, "term", GlossaryTerm)


def _studies_after_review(
    path: Path, studies: dict[str, Study]
) -> tuple[dict[str, Study], dict[str, tuple[dt.date, Study]]]:
    """Add the studies first reported after the review, and the later results of the review's studies."""
    if not path.exists():
        return studies, {}
    raw = read_toml(path)
    marked = {"study": [_after_review(i) for i in raw.get("study", [])]}
    marked["study_update"] = [_after_review(i) for i in raw.get("study_update", [])]
    new = validated(path, marked["study"], "study", Study)
    merged = dict(studies)
    for study in new:
        if study.id in merged:
            raise KnowledgeBaseError(path, study.id, "defined twice")
        merged[study.id] = study
    updated: dict[str, tuple[dt.date, Study]] = {}
    for update in validated(path, marked["study_update"], "study_update", StudyUpdate):
        base = merged.get(update.id)
        if base is None:
            raise KnowledgeBaseError(path, update.id, "updates a study that does not exist")
        merged[update.id] = base.model_copy(update={"findings": [*base.findings, *update.findings]})
        if update.set or update.correction_update:
            fields: dict[str, Any] = dict(update.set)
            if update.correction_update:
                fields["status_note"] = f"{fields.get('status_note', base.status_note)} {update.correction_update}"
            try:
                later = Study.model_validate({**dict(merged[update.id]), **fields})
            except ValidationError as exc:
                raise KnowledgeBaseError(path, update.id, str(exc)) from None
            first = min(f.reported.counts_from() for f in update.findings if f.reported is not None)
            updated[update.id] = (first, later)
    return merged, updated


def _check_links(kb_dir: Path, kb: KnowledgeBase) -> None:
    for approval in kb.approvals.values():
        where = kb_dir / "approvals.toml"
        if approval.regimen not in kb.regimens:
            raise KnowledgeBaseError(where, approval.id, f"unknown regimen {approval.regimen!r}")
        for study in approval.basis:
            if study not in kb.studies:
                raise KnowledgeBaseError(where, approval.id, f"basis cites missing study {study!r}")
        for other in [*approval.converts, *([approval.converted_by] if approval.converted_by else [])]:
            if other not in kb.approvals:
                raise KnowledgeBaseError(where, approval.id, f"names missing approval {other!r}")
    for question in kb.open_questions:
        missing = [s for s in question.studies if s not in kb.studies]
        if missing:
            raise KnowledgeBaseError(kb_dir / QUESTIONS_FILE, question.id, f"names missing studies {missing}")
    for note in kb.regimen_notes:
        if note.regimen not in kb.regimens:
            raise KnowledgeBaseError(kb_dir / "regimens.toml", note.regimen, "a regimen note for an unknown regimen")
    for rule in kb.rules:
        where = kb_dir / kb.rule_files[rule.id]
        if rule.regimen is not None and rule.regimen not in kb.regimens:
            allowed = ", ".join(kb.regimens)
            raise KnowledgeBaseError(where, rule.id, f"unknown regimen {rule.regimen!r}; allowed: {allowed}")
        for study in rule.evidence:
            if study not in kb.studies:
                raise KnowledgeBaseError(where, rule.id, f"cites missing study {study!r}")
        for name in (rule.approval, rule.superseded_by):
            if name is not None and name not in kb.approvals:
                raise KnowledgeBaseError(where, rule.id, f"names missing approval {name!r}")
        if rule.approval and kb.approvals[rule.approval].regimen != rule.regimen:
            raise KnowledgeBaseError(where, rule.id, f"approval {rule.approval!r} is for another regimen")
    _check_ordering(kb_dir / ORDERING_FILE, kb)
    for record in kb.studies.values():
        refs = [n for n in record.review_refs if n not in kb.references]
        if refs:
            raise KnowledgeBaseError(kb_dir / "studies.toml", record.id, f"cites missing references {refs}")


def _check_ordering(where: Path, kb: KnowledgeBase) -> None:
    for position in kb.ordering.positions:
        if position.guideline not in kb.ordering.guidelines:
            raise KnowledgeBaseError(where, position.id, f"names missing guideline {position.guideline!r}")
        unknown = [r for r in position.regimens if r not in kb.regimens]
        if unknown:
            raise KnowledgeBaseError(where, position.id, f"unknown regimens {unknown}")
    tests = [(p.id, p.applies) for p in kb.ordering.positions] + [(t.id, t.applies) for t in kb.ordering.head_to_head]
    for ident, applies in tests:
        reason = undeclared(kb.words, (c for a in applies for c in a.when))
        if reason:
            raise KnowledgeBaseError(where, ident, reason)
    for trial in kb.ordering.head_to_head:
        unknown = [r for r in (trial.winner, trial.loser) if r not in kb.regimens]
        if unknown:
            raise KnowledgeBaseError(where, trial.id, f"unknown regimens {unknown}")
        study_id, _, finding_id = trial.finding.partition(".")
        study = kb.studies.get(study_id)
        if study is None or finding_id not in {f.id for f in study.findings if f.id}:
            raise KnowledgeBaseError(where, trial.id, f"cites missing finding {trial.finding!r} (study_id.finding_id)")


def _fingerprint(kb_dir: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(kb_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_knowledge_base(rules_dir: Path | str | None = None) -> KnowledgeBase:
    """Read and check every file in `rules/` (or $HER2_CDS_RULES); raise KnowledgeBaseError if any is bad."""
    kb_dir = Path(rules_dir or os.environ.get("HER2_CDS_RULES") or DEFAULT_RULES_DIR)
    if not kb_dir.is_dir():
        raise KnowledgeBaseError(kb_dir, "(folder)", "the rules folder does not exist")
    info_raw = read_toml(kb_dir / "knowledge-base.toml")
    try:
        info = KnowledgeBaseInfo.model_validate(info_raw.get("knowledge_base"))
    except ValidationError as exc:
        raise KnowledgeBaseError(kb_dir / "knowledge-base.toml", "knowledge_base", str(exc)) from None
    try:
        scope = Scope.model_validate(info_raw.get("scope"))
    except ValidationError as exc:
        raise KnowledgeBaseError(kb_dir / "knowledge-base.toml", "scope", str(exc)) from None
    rule_paths = sorted((kb_dir / "rules").glob("*.toml"))
    if not rule_paths:
        raise KnowledgeBaseError(kb_dir / "rules", "(folder)", "no rule files")
    rules: list[Rule] = []
    rule_files: dict[str, str] = {}
    for path in rule_paths:
        for rule in records(path, "rule", Rule):
            if rule.id in rule_files:
                raise KnowledgeBaseError(path, rule.id, f"rule id also defined in {rule_files[rule.id]}")
            rule_files[rule.id] = path.relative_to(kb_dir).as_posix()
            rules.append(rule)
    case_paths = sorted((kb_dir / "cases").glob("*.toml"))
    cases = [c for path in case_paths for c in records(path, "case", TeachingCase)]
    files = [
        kb_dir / n
        for n in ("knowledge-base.toml", "regimens.toml", "studies.toml", "approvals.toml", "references.toml")
    ] + [kb_dir / CASE_WORDS_FILE]
    studies, updated = _studies_after_review(
        kb_dir / AFTER_REVIEW_FILE, unique(files[2], records(files[2], "study", Study), lambda s: s.id)
    )
    files += [
        kb_dir / n
        for n in (AFTER_REVIEW_FILE, QUESTIONS_FILE, CONTRADICTIONS_FILE, ORDERING_FILE, GLOSSARY_FILE)
        if (kb_dir / n).exists()
    ]
    kb = KnowledgeBase(
        info=info,
        scope=scope,
        regimens=unique(files[1], records(files[1], "regimen", Regimen), lambda r: r.id),
        regimen_notes=tuple(optional_records(files[1], "regimen_note", RegimenNote)),
        open_questions=tuple(optional_records(kb_dir / QUESTIONS_FILE, "open_question", OpenQuestion)),
        studies=studies,
        updated=updated,
        approvals=unique(files[3], records(files[3], "approval", Approval), lambda a: a.id),
        references=unique(files[4], records(files[4], "reference", Reference, "n"), lambda r: r.n),
        ordering=_ordering(kb_dir / ORDERING_FILE),
        glossary=tuple(unique(kb_dir / GLOSSARY_FILE, _glossary(kb_dir), lambda t: t.abbr).values()),
        not_abbreviations=tuple(optional_records(kb_dir / GLOSSARY_FILE, "not_abbreviation", NotAbbreviation)),
        case_checks=read_case_checks(kb_dir, CASE_WORDS_FILE),
        rules=tuple(rules),
        rule_files=rule_files,
        words=load_words(kb_dir, rule_paths, rules, rule_files, scope),
        cases=unique(kb_dir / "cases", cases, lambda c: c.id),
        sha256=_fingerprint(kb_dir, [*files, *rule_paths, *case_paths]),
        files=tuple(p.relative_to(kb_dir).as_posix() for p in [*files, *rule_paths, *case_paths]),
    )
    _check_links(kb_dir, kb)
    return kb
