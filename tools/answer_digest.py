"""Hash every answer of the `kb check` case space in a normalized form, to prove a refactor changes no answer.

    .venv/bin/python tools/answer_digest.py          # prints the number of answers and one sha256

The normal form is the answer's JSON with sorted keys, without the rule files' sha256, each study's
record written out in full wherever a recommendation cites it: a reshaping of the JSON (studies given once, cited by id)
hashes the same as long as the content is the same. Run it before and after a change and compare.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

from engine import Engine, parse_case
from engine.kbcheck import case_space


def normal_form(answer: dict[str, Any]) -> dict[str, Any]:
    """The answer's content with every study record inline under the recommendation that cites it."""
    answer["knowledge_base"].pop("sha256")  # the rule files' bytes, comments included: not answer content
    studies = answer.pop("studies", {})  # the JSON's one record per study, keyed by study id
    for rec in answer["recommendations"]:
        rec["evidence"] = [studies[e] if isinstance(e, str) else e for e in rec["evidence"]]
    return answer


def digest(engine: Engine) -> tuple[int, str]:
    total = hashlib.sha256()
    count = 0
    for raw in case_space(engine):
        case = parse_case(raw, checks=engine.kb.case_checks)
        answer = json.loads(engine.answer_json_for(case))  # the text the API serves
        total.update(json.dumps(normal_form(answer), sort_keys=True).encode() + b"\n")
        count += 1
    return count, total.hexdigest()


def main() -> int:
    count, value = digest(Engine.load())
    print(f"{count} answers sha256 {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
