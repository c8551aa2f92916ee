"""What a CDS Hooks card and a handout say about one option, in one wording (Markdown around the knowledge base's
sentences, [option] in rules/case-words.toml): the status it holds and what it depends on, its evidence and
results, each marked when it came after the review."""

from __future__ import annotations

from engine.answer import Evidence, Recommendation, ShownFinding
from engine.phrasing import ClinicalWords
from teaching.words import conditional_words


def marked(text: str, after_review: bool, mark: str) -> str:
    """The text, followed by the after-the-review mark when it applies."""
    return f"{text} · _{mark}_" if after_review else text


def part_said(rec: Recommendation, words: ClinicalWords) -> str:
    """The status line of an option the FDA label covers in part ("Status: approved for ... only; ..."), without
    the fields a conditional status depends on, which `conditional_words` says once ("" for a whole status)."""
    if not rec.labelled_part:
        return ""
    part = words.marks.label(words.statuses[rec.status].said, rec.labelled_part, rec.unlabelled_part, "")
    return words.option("status", status=part)


def status_lines(rec: Recommendation, words: ClinicalWords) -> list[str]:
    """What the label covers when it covers part of the regimen, why it stands where it does in the order (the
    guideline or the trial), and what a conditional status depends on: each said once."""
    lines: list[str] = []
    if rec.labelled_part:
        lines += [part_said(rec, words), ""]
    line = words.order.line(rec.ordered_by)
    if line:
        lines += [f"{words.option('order')} {line}", ""]
    if rec.conditional_on:
        lines += [conditional_words(words, rec), ""]
    return lines


def evidence_line(ev: Evidence, words: ClinicalWords, mark: str, *, brief: bool) -> str:
    """One study as a list item: its name, level, size and the review's references, marked if after the review.

    `brief` (a card): the size without its note, and a study the review knew whose shown results include later
    ones says so on the line, since a card lists no results.
    """
    says, numbers = words.option, words.numbers
    size = numbers.size(ev.n, "" if brief else ev.n_note)
    name = ev.name if brief else f"**{ev.name}**"
    study = says("study", name=name, level=ev.level_label, size=size, refs=numbers.refs(ev.review_refs)).rstrip()
    line = f"- {says('evidence', study=study) if brief else study}"
    if brief and not ev.after_review and any(f.after_review for f in ev.findings):
        return f"{line} · _{says('results_updated', mark=mark[:1].lower() + mark[1:])}_"
    return marked(line, ev.after_review, mark)


def finding_said(f: ShownFinding, words: ClinicalWords, *, checked: bool = False) -> str:
    """One result in the knowledge base's words: its endpoint, result as given, P value and where its number comes
    from (with `checked`, whether that was checked against the primary publication)."""
    says = words.option
    p = says("p_value", p=f.p_value) if f.p_value else ""
    where = says("from_review" if f.as_in == "review" else "from_primary")
    if checked:
        where = says("verified" if f.verified else "unverified", source=where)
    return says("finding", endpoint=f.endpoint, result=words.numbers.result(f), p=p, source=where)


def finding_lines(ev: Evidence, words: ClinicalWords, mark: str) -> list[str]:
    """Each result of a study as a sub-item, with where its number comes from; a later result of a study the
    review knew carries the mark (a study first reported after the review is marked once, on its own line)."""
    lines = []
    for f in ev.findings:
        line = f"  - {finding_said(f, words)}"
        lines.append(marked(line, f.after_review and not ev.after_review, mark))
    return lines
