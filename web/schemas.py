"""The JSON API's response bodies, as pydantic models: the views build them and the OpenAPI document describes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ConfigDict, Field

from engine import Answer, FieldError
from engine.answer import KnowledgeBaseStamp
from engine.frozen import Frozen
from engine.knowledge import Approval, Reference, Regimen, Study

MAX_BATCH = 1000


class Body(Frozen):
    """A JSON body of the web layer."""


class ErrorBody(Body):
    """Every error: the HTTP status, a clear message, the bad fields (if any) and the request id."""

    status: int
    error: str = Field(description="the HTTP reason phrase, e.g. Unprocessable Entity")
    message: str
    errors: list[FieldError] = Field(default=[], description="one entry per bad field, naming what is allowed")
    request_id: str = Field(description="quote it when reporting a problem: the server log has the same id")
    disclaimer: str


class BatchRequest(Body):
    """Up to 1,000 cases; each is validated on its own and answered at its index."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cases: list[Any] = Field(
        max_length=MAX_BATCH, description="each a case (see Case); a bad case is reported at its index"
    )


class BatchAnswer(Body):
    index: int
    answer: Answer


class BatchErrors(Body):
    index: int
    errors: list[FieldError]


class BatchResponse(Body):
    """Streamed: `count` comes first and `complete` last, so a client can tell a cut answer from a whole one."""

    count: int = Field(description="how many results follow: one per case sent")
    answered: int = Field(description="results that are answers")
    invalid: int = Field(description="results that are errors")
    results: list[BatchAnswer | BatchErrors] = Field(description="one per case, in the order given")
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str
    complete: bool = Field(
        description="the end marker: always true, and last; an answer without it (or with fewer than count"
        " results) was cut off in transit and must not be used"
    )


class RegimenList(Body):
    regimens: list[Regimen]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class StudyList(Body):
    studies: list[Study]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class ApprovalList(Body):
    approvals: list[Approval]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class ReferenceList(Body):
    references: list[Reference]
    knowledge_base: KnowledgeBaseStamp
    disclaimer: str


class Counts(Body):
    regimens: int
    studies: int
    approvals: int
    references: int
    rules: int
    teaching_cases: int


class KnowledgeBaseSummary(Body):
    version: str
    evidence_cutoff: dt.date
    sha256: str
    title: str
    review: str
    review_doi: str
    counts: Counts
    disclaimer: str
