"""A study's and a result's numbers in the knowledge base's words ([numbers] in rules/case-words.toml): the review's
references, a study's size, a result with its note, its hazard ratio with its confidence interval at the level its
record states, and the join between an arm's numbers. The numbers are the record's; how they are printed around
them is the words'."""

from __future__ import annotations

from engine.studies import Finding
from engine.templates import Sentences


class NumberWords(Sentences):
    """The [numbers] sentences, filled: `numbers.refs([18, 42])` -> "[18], [42]"."""

    def refs(self, numbers: list[int]) -> str:
        """The review's reference numbers as printed ("[18], [42]"; "" for none)."""
        return self.says["references"].join(self("reference", n=str(n)) for n in numbers)

    def size(self, n: int | None, note: str = "") -> str:
        """A study's enrolment ("n = 808", "n not given"), followed by its note when one is given."""
        size = self("size", n=str(n)) if n is not None else self("no_size")
        return self("size_note", size=size, note=note) if note else size

    def result(self, finding: Finding) -> str:
        """The result as given, with the note its record keeps beside it (a table it comes from) where it has one."""
        return (
            self("result_note", result=finding.result, note=finding.result_note)
            if finding.result_note
            else finding.result
        )

    def effect(self, finding: Finding) -> str:
        """The result as given, with the hazard ratio and its confidence interval where the record gives them and
        the result's own words do not already say them."""
        parts = [self.result(finding)]
        if finding.hazard_ratio is not None:
            hr = self("hazard_ratio", hr=f"{finding.hazard_ratio:g}")
            if finding.ci_low is not None and finding.ci_high is not None:
                low, high = f"{finding.ci_low:g}", f"{finding.ci_high:g}"
                hr = self("interval", hr=hr, level=finding.ci_level or "", low=low, high=high)  # the load checked it
            if hr not in finding.result:
                parts.append(hr)
        return self.says["effect"].join(parts)
