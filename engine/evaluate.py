"""The engine: load the knowledge base once, evaluate each case into an Answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from engine.answer import (
    Answer,
    KnowledgeBaseStamp,
    Note,
    WhyNot,
)
from engine.answer_cache import ANSWER_CACHE_SIZE, AnswerCache, filled
from engine.answer_json import AnswerWriter
from engine.answer_store import AnswerStore
from engine.case import Case, parse_case
from engine.change_days import change_days
from engine.explain import Tracer, WhyNotExplainer
from engine.firing import Firings
from engine.kept import Kept
from engine.knowledge import Rule
from engine.loader import KnowledgeBase, load_knowledge_base
from engine.options import Options
from engine.ordering import Orderer
from engine.printed import shown
from engine.progress import note_text
from engine.records import StudyRecords
from engine.rulebook import Rulebook, build_rulebook
from engine.session import DurableRunner
from engine.vocabulary import Status

CUTOFF_NOTE = (
    "The knowledge base stops at {cutoff}, the newest verified date in its sources: nothing later is"
    " known to this engine, so this answer for {as_of} shows the evidence as it stood on {cutoff}."
)


class Engine:
    """Build once per process (loading and compiling fail early, naming the bad file and rule)."""

    def __init__(self, kb: KnowledgeBase, cache_size: int = ANSWER_CACHE_SIZE) -> None:
        self.kb = kb
        self.rulebook: Rulebook = build_rulebook(kb)
        self.runner = DurableRunner(self.rulebook)
        self.firings = Firings(self.rulebook, self.runner)
        self.stamp = KnowledgeBaseStamp(
            version=kb.info.version, evidence_cutoff=kb.info.evidence_cutoff, sha256=kb.sha256
        )
        self._names = {r.id: r.name for r in kb.regimens.values()}
        self.explainer = WhyNotExplainer(self.rulebook, self._names)
        self.tracer = Tracer(self.rulebook)
        self.orderer = Orderer(kb, self.rulebook)
        self._records = StudyRecords(kb)
        self._options = Options(kb, self.rulebook, self._records, self._names)
        # what a note shows depends on dates fixed at load: resolved once here, not per case
        self._after_review = self._options.after_review
        # notes stating work in progress that no result in the knowledge base has ended: shown "as of" their day
        self._undated = {r.id for r in self.rulebook.rules if r.rule.in_progress and not r.rule.ended_by}
        texts = [t for r in self.rulebook.rules for t in self._options.texts(r.id)]
        forms = [f.counts_from for regimen_forms in self._options.forms.values() for f in regimen_forms]
        public = [*self._options.known.values(), *forms]
        days = change_days(kb, self.rulebook, self._records, self.orderer, texts, public)
        self.cache = AnswerCache(self.rulebook, days, cache_size)
        # "why not" reads the rules' tests, the derived facts, the values of the case's choices and what it is offered
        # (its fired rules' regimens and statuses): all fixed by the class of case the rules cannot tell apart
        # (engine/firing.py); the numbers and the date it prints are slots. The usual room, a quarter of what fired's: a
        # list holds entries the explainer's own store may have let go (a worker's memory, benchmarks/memory.py)
        self._why_not: Kept[tuple[object, ...], list[WhyNot]] = Kept()
        # a note reads its rule and the answer's "As of" words (the date as a slot): one object for each, shared
        self._notes: Kept[tuple[str, str], Note] = Kept()
        # the "As of" words by whether the answer is past the cut-off and gives its date (a slot): all it can say
        self._as_of_words: dict[tuple[bool, bool], str] = {}
        self.writer = AnswerWriter(self._records)

    @classmethod
    def load(cls, rules_dir: Path | str | None = None) -> Engine:
        return cls(load_knowledge_base(rules_dir))

    def parse(self, data: object, today: dt.date | None = None) -> Case:
        """A case from raw input, dated (see dated); CaseError names every bad field."""
        return self.dated(parse_case(data, today, checks=self.kb.case_checks))

    def dated(self, case: Case) -> Case:
        """The case with its date: a case that gives none is answered as of this knowledge base's cut-off."""
        return case if case.as_of is not None else case.replaced(as_of=self.kb.evidence_cutoff)

    def evaluate(self, case: Case | dict[str, Any]) -> Answer:
        """The answer for one case (a Case or a dict of its fields); CaseError names every bad field. From the
        cache when a case of its class was answered (engine/answer_cache.py): the same answer evaluate_uncached
        gives."""
        case = self.dated(case) if isinstance(case, Case) else self.parse(case)
        fact = case.as_fact()
        return self.cache.get(fact, lambda: self._evaluate(case, fact)).answer(case, fact)

    def slotted(self, case: Case) -> Answer:
        """The answer of the case's class with a slot where it prints a number or the date (engine/printed.py),
        unfilled, from the cache: what a page kept for the class is rendered from. Its `case` is the case that
        first asked for the class: replace it."""
        case = self.dated(case)
        fact = case.as_fact()
        return self.cache.get(fact, lambda: self._evaluate(case, fact)).slotted()

    def evaluate_uncached(self, case: Case | dict[str, Any]) -> Answer:
        """The answer made afresh, as `kb check` and the cache's own tests read it."""
        case = self.dated(case) if isinstance(case, Case) else self.parse(case)
        fact = case.as_fact()
        return filled(self._evaluate(case, fact), case, fact)

    def _evaluate(self, case: Case, fact: dict[str, object] | None = None) -> Answer:
        """The answer with a slot where it prints a number or the date of the case (engine/printed.py, shown): the
        answer of every case of its class, which filled() or the cache completes. `fact`: the case's, if made."""
        fact = case.as_fact() if fact is None else fact
        past_cutoff = case.as_of > self.kb.info.evidence_cutoff
        as_of_words = self._as_of(past_cutoff, fact)
        firing = self.firings.run(fact)
        derived = set(firing.derived)
        grouped: dict[str, list[str]] = {}
        notes: list[Note] = []
        rules = self.rulebook.index
        for rule_id in firing.fired:
            rule = rules[rule_id].rule
            if rule.regimen is not None:
                grouped.setdefault(rule.regimen, []).append(rule_id)
            elif rule.note is not None:
                notes.append(self._notes.get((rule_id, as_of_words), self._note, rule, as_of_words))

        options = [self._options.option(r, ids, case, fact, derived, as_of_words) for r, ids in grouped.items()]
        recommendations = self.orderer.order(options, fact, derived)
        if past_cutoff:
            notes.append(self._notes.get(("engine.cutoff", as_of_words), lambda: self._cutoff_note(fact)))
        offered: dict[str, Status] = {r.regimen_id: r.status for r in recommendations}
        # HER2-positive disease is in scope; a HER2 category an indication names (HER2-low) only where one fits
        in_scope = case.in_scope or bool(recommendations)
        scope_note = "" if in_scope else self.explainer.scope.rationale(fact)
        # every field, in order, of the types the engine made (tests/core/test_answer_json.py): not validated again
        return Answer.trusted(
            case=case,
            in_scope=in_scope,
            scope_note=scope_note,
            recommendations=recommendations,
            why_not=list(self._why_not.get(firing.key, self.explainer.why_not, fact, derived, offered)),
            notes=notes,
            trace=self.tracer.trace(firing),
            knowledge_base=self.stamp,
            conditional_count=sum(r.conditional for r in recommendations),
            past_cutoff=past_cutoff,
            disclaimer=self.kb.disclaimer,
        )

    def answer_json(self, answer: Answer) -> str:
        """The answer's JSON, the same text as answer.model_dump_json() (engine/answer_json.py)."""
        return self.writer.json(answer)

    def answer_json_for(self, case: Case) -> bytes:
        """answer_json(evaluate(case)) in UTF-8, as the API sends it: the cached answer of its class written
        once with its slots, and filled. Bytes, because most of them are the studies' records, kept encoded:
        encoding a whole answer on each request cost as much as making one from the cache."""
        case = self.dated(case)
        fact = case.as_fact()
        entry = self.cache.get(fact, lambda: self._evaluate(case, fact))
        # the case's JSON as model_dump_json writes it, in UTF-8 as pydantic writes it (not decoded, then encoded)
        return entry.json(self.writer.template).fill(case.__pydantic_serializer__.to_json(case), fact)

    def share_answers(self, path: Path | str) -> AnswerStore:
        """Keep the classes' API answers, and what their sessions fired, in a store at `path` that other processes
        opening it share (a server's workers: engine/answer_store.py), emptied now: it holds what this engine made."""
        store = AnswerStore(path, self._records.written(), namespace=self.kb.sha256, shared=self.writer.text)
        store.clear()
        store.close()  # each process, a forked worker too, opens its own connection when it first reads
        self.cache.shared = store
        self.firings.shared = store
        return store

    def _as_of(self, past_cutoff: bool, fact: dict[str, object]) -> str:
        """The answer's "As of <day>, ..." words: a statement nothing has ended is dated by the answer's day (its
        slot), or past the cut-off by the cut-off. Written once for each of the few days it can say."""
        key = (past_cutoff, "as_of" in fact)
        words = self._as_of_words.get(key)
        if words is None:
            day = self.kb.info.evidence_cutoff.isoformat() if past_cutoff else shown("as_of", fact, set())
            words = self._as_of_words[key] = self.kb.words.progress("as_of", day=day)
        return words

    def _note(self, rule: Rule, as_of_words: str) -> Note:
        text = note_text(rule.note or "", rule.id in self._undated, as_of_words)
        return Note(rule=rule.id, text=text, study_ids=list(rule.evidence), after_review=rule.id in self._after_review)

    def _cutoff_note(self, fact: dict[str, object]) -> Note:
        text = CUTOFF_NOTE.format(cutoff=self.kb.info.evidence_cutoff, as_of=shown("as_of", fact, set()))
        return Note(rule="engine.cutoff", text=text, study_ids=[])
