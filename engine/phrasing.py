"""The knowledge base's clinical words (rules/case-words.toml and the derived facts declared with their rules):
how a page says a case's value and what a rule's condition asks of a case.

The grammar is code and the words are data, after venmo/business-rules: an operator's template is filled with
the rule's value and the field's unit, so a rule with a new threshold needs no code. The load (engine/words_loader.py)
checks that every case field, choice, derived fact and rule condition has its words, and names the file and the id
when one has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import Field

from engine.answer_words import OrderWords, StatusMarks, StatusWords
from engine.case_fields import CASE_FIELDS, CaseField, as_entered
from engine.frozen import Strict
from engine.number_words import NumberWords
from engine.rule import Condition
from engine.templates import Sentences


class ChoiceWords(Strict):
    """A choice of a case field: the form's option, a case's value in words, and what a rule testing it asks (once
    one does)."""

    label: str = Field(min_length=1)
    words: str = Field(min_length=1)
    needs: str = ""


class ChoiceSet(Strict):
    """The words for a set of choices a rule accepts together ("early breast cancer (before or after surgery)")."""

    values: list[str] = Field(min_length=2)
    needs: str = Field(min_length=1)


class FieldWords(Strict):
    """A case field's words: its noun, the form's label, hint and prompt, its value's template, its operators'
    templates, and its choices' words."""

    noun: str = Field(min_length=1)  # the field as a sentence names it: "tumor size", "the setting"
    label: str = Field(min_length=1)  # the form's label: "Tumor size (cm)"
    hint: str = Field(min_length=1)  # the form's hint, in clinical words
    prompt: str = ""  # the empty first option of a choice the case must give: "Choose the setting"
    value: str = ""
    needs: dict[str, str] = Field(default_factory=dict)
    choices: dict[str, ChoiceWords] = Field(default_factory=dict)
    one_of: list[ChoiceSet] = Field(default_factory=list)


class DerivedFact(Strict):
    """A fact rules derive from the case, declared once with its words: what it means, and what a rule testing it
    as true or as false asks of a case."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    meaning: str = Field(min_length=1)
    is_true: str = Field(min_length=1)
    is_false: str = Field(min_length=1)


class ClinicalWords(Strict):
    """Every case field's words, every derived fact's and every status's (`statuses[status].title`), and the
    order's reasons where only the statuses order two options, as loaded and checked."""

    fields: dict[str, FieldWords]
    derived: dict[str, DerivedFact] = Field(default_factory=dict)
    statuses: dict[str, StatusWords] = Field(default_factory=dict)
    order: OrderWords = Field(default_factory=OrderWords)
    arm_values: dict[str, str] = Field(default_factory=dict)  # "breast pCR {v}%"
    why_not: dict[str, str] = Field(default_factory=dict)  # the "why not" reasons' sentences, by name
    reasons: dict[str, str] = Field(default_factory=dict)  # a student's reasons' sentences, by name
    marks: StatusMarks = Field(default_factory=StatusMarks)  # a status marked partial or conditional
    changes: Sentences = Field(default_factory=Sentences)  # what changed between two dates, or in a what-if
    progress: Sentences = Field(default_factory=Sentences)  # a statement of work in progress, dated
    learner: Sentences = Field(default_factory=Sentences)  # a learner's choice that cannot be scored
    levels: dict[str, str] = Field(default_factory=dict)  # each level of evidence in words
    form_kinds: dict[str, str] = Field(default_factory=dict)  # each kind of dated note on a regimen in words
    option: Sentences = Field(default_factory=Sentences)  # one option's lines on a card and in a handout
    printed: Sentences = Field(default_factory=Sentences)  # the walkthrough's and the handout's own words
    card: Sentences = Field(default_factory=Sentences)  # a CDS Hooks card's own words
    record_card: Sentences = Field(default_factory=Sentences)  # the patient-view cards about the record
    lesson: Sentences = Field(default_factory=Sentences)  # a library case as a seminar and a walkthrough tell it
    numbers: NumberWords = Field(default_factory=NumberWords)  # a study's and a result's numbers, printed
    field_words: Sentences = Field(default_factory=Sentences)  # a field with no value, a name with no words
    page: Sentences = Field(default_factory=Sentences)  # the web app's own words on every page
    finding_kind: Sentences = Field(default_factory=Sentences)  # each kind of finding a record gives, in words
    record_read: Sentences = Field(default_factory=Sentences)  # how a record's resources were read
    passed_over: Sentences = Field(default_factory=Sentences)  # why a record was passed over
    treatment: Sentences = Field(default_factory=Sentences)  # how a record's treatment became case fields
    record_note: Sentences = Field(default_factory=Sentences)  # how a record's other fields became case fields
    record_missing: Sentences = Field(default_factory=Sentences)  # what a record lacks, and what to send for it
    her2_reading: Sentences = Field(default_factory=Sentences)  # how a record's HER2 results were read
    verdict: Sentences = Field(default_factory=Sentences)  # the verdict panel's key trial and the case in one line
    sources: Sentences = Field(default_factory=Sentences)  # the links a student can open, by where they lead
    measures: Sentences = Field(default_factory=Sentences)  # the pCR measures the evidence charts draw
    measure_tags: Sentences = Field(default_factory=Sentences)  # a pCR measure's tag after an arm
    blockades: Sentences = Field(default_factory=Sentences)  # each kind of HER2 blockade, where a page shows it
    first_named: Sentences = Field(default_factory=Sentences)  # the option named first, in "What changed"
    chart_titles: Sentences = Field(default_factory=Sentences)  # each evidence chart's title
    chart_alts: Sentences = Field(default_factory=Sentences)  # each evidence chart's text alternative
    chart: Sentences = Field(default_factory=Sentences)  # the words drawn in the evidence charts
    quiz: Sentences = Field(default_factory=Sentences)  # the library's cases as quiz questions
    what_if: Sentences = Field(default_factory=Sentences)  # a what-if's flips and its changes' reasons
    form_hint: Sentences = Field(default_factory=Sentences)  # the case form's hint after a field's own
    http_error: Sentences = Field(default_factory=Sentences)  # an error's message, JSON or page
    batch: Sentences = Field(default_factory=Sentences)  # a batch of cases that cannot be read
    json_body: Sentences = Field(default_factory=Sentences)  # a JSON body that cannot be read

    def reason(self, sentence: str, **slots: str) -> str:
        """One of a student's reasons' sentences with its slots filled (the load checked it names exactly these)."""
        return self.reasons[sentence].format(**slots)

    def needs(self, cond: Condition) -> str:
        """What a condition asks of a case, in clinical words ("a tumor larger than 2 cm"). KeyError when the
        knowledge base has no words for it (the load refuses such a rule)."""
        if cond.fact in self.derived:
            fact = self.derived[cond.fact]
            return fact.is_true if cond.op == "is_true" else fact.is_false
        spec, words = CASE_FIELDS[cond.fact], self.fields[cond.fact]
        if spec.kind == "boolean" and cond.op in ("is_true", "is_false"):
            return _said(words.choices[str(cond.op == "is_true").lower()].needs)
        if spec.kind == "choice" and cond.op in ("equals", "one_of", "not_equals"):
            chosen = cond.value if isinstance(cond.value, list) else [str(cond.value)]
            if cond.op == "not_equals":  # a given value other than this one: one of the others
                chosen = [v for v in spec.values if v not in chosen]
            group = next((g.needs for g in words.one_of if set(g.values) == set(chosen)), None)
            return group or " or ".join(_said(words.choices[v].needs) for v in chosen)
        return _fill(words.needs[cond.op], spec, cond.value, cond.op)

    def title(self, status: str) -> str:
        """A status (or a learner's other choice) as pages title it: "FDA-approved", "Not offered"."""
        return self.statuses[status].title

    def badge(self, status: str, part: object = False, conditional: object = False) -> str:
        """A status as a badge says it: "FDA-approved", "FDA-approved in part", "Investigational, conditional"."""
        return self.marks.badge(self.title(status), part, conditional)

    def short(self, status: str) -> str:
        """A status's short label: "Approved", "Supported"."""
        return self.statuses[status].short

    def label(self, name: str) -> str:
        """A case field as the form labels it ("Tumor size (cm)")."""
        return self.fields[name].label

    def label_of(self, name: str, value: object) -> str:
        """A value as the form labels it ("Yes" for true, "Neoadjuvant (before surgery)", "Not known" for null);
        a number as given."""
        text = str(value).lower() if isinstance(value, bool) else "unknown" if value is None else str(value)
        choice = self.fields[name].choices.get(text)
        return choice.label if choice is not None else text

    def options(self, name: str) -> list[tuple[str, str]]:
        """A choice field's options as the form lists them: (value, label), in the field's order."""
        choices = self.fields[name].choices
        return [(value, choices[value].label) for value in CASE_FIELDS[name].values]

    def arm_value(self, key: str, value: float) -> str:
        """A number a study arm carries, in words: "breast pCR 51.3%", "median PFS 18.5 months"."""
        return self.arm_values[key].format(v=f"{value:g}")

    def noun(self, name: str) -> str:
        """A case field as a sentence names it ("menopausal status"), never its JSON name."""
        words = self.fields.get(name)
        return words.noun if words is not None else self.field_words("unnamed")

    def value(self, name: str, value: object) -> str:
        """One case value in clinical words ("node-negative", "tumor 2.0 cm", "no prior trastuzumab")."""
        spec, words = CASE_FIELDS[name], self.fields[name]
        if value is None:
            noun = words.noun.removeprefix(self.field_words.says["article"])
            return self.field_words("not_known" if spec.nullable else "not_given", noun=noun)
        if isinstance(value, bool):
            value = str(value).lower()
        if spec.kind in ("choice", "boolean"):
            choice = words.choices.get(str(value))
            return choice.words if choice is not None else str(value)
        if isinstance(value, dt.date):
            value = value.isoformat()
        return _fill(words.value, spec, value)


def _said(needs: str) -> str:
    if not needs:
        raise KeyError("a choice with no needs words")
    return needs


def _fill(template: str, spec: CaseField, value: object, op: str = "") -> str:
    if not template:
        raise KeyError(f"no words for {spec.name}")
    values = _values(spec, value, op)
    return template.format(value=as_entered(value), unit=spec.unit, values=values, s=_s(value))


def _s(value: object) -> str:
    return "" if value == 1 else "s"


def _values(spec: CaseField, value: object, op: str) -> str:
    """The whole numbers a test of a bounded integer field admits, said "2 or 3" (grade at least 2)."""
    if spec.kind != "integer" or spec.minimum is None or spec.maximum is None or not isinstance(value, int | float):
        return as_entered(value)
    low, high, cut = int(spec.minimum), int(spec.maximum), float(value)
    test = _OPS.get(op)
    admitted = [n for n in range(low, high + 1) if test is not None and test(n, cut)]
    if not admitted:
        return as_entered(value)
    shown = [str(n) for n in admitted]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


_OPS: dict[str, Callable[[int, float], bool]] = {
    "above": lambda n, v: n > v,
    "at_least": lambda n, v: n >= v,
    "below": lambda n, v: n < v,
    "at_most": lambda n, v: n <= v,
}
