"""Links a student can open: a study's registry entry (ClinicalTrials.gov, from an NCT number the knowledge base
marks verified) and its publication (PubMed from a PMID, doi.org from a DOI, as the study's record gives them or
its publication texts write them); an approval's label or the FDA's announcement (the approval's label_url).
Only these hosts are linked; a source whose record carries no such identifier gets no link, never a guess. Each
link's label is the knowledge base's [sources] words."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from engine.answer import ApprovalRef, Evidence
from engine.frozen import Frozen
from engine.phrasing import ClinicalWords

ALLOWED_HOSTS = frozenset(
    {
        "clinicaltrials.gov",
        "pubmed.ncbi.nlm.nih.gov",
        "doi.org",
        "www.fda.gov",
        "www.accessdata.fda.gov",
        "dailymed.nlm.nih.gov",
    }
)
_PMID = re.compile(r"PMID:?\s*(\d{6,9})")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s;,()\[\]]+[^\s;,()\[\].])")
_NCT = re.compile(r"NCT\d{8}")


class SourceLink(Frozen):
    label: str
    url: str


def study_links(words: ClinicalWords, study: Evidence) -> list[SourceLink]:
    """The registry entry (a verified NCT number), then each PMID and DOI of the record and its publication texts."""
    says = words.sources
    links: list[SourceLink] = []
    if study.nct and study.nct_verified and _NCT.fullmatch(study.nct):
        url = f"https://clinicaltrials.gov/study/{study.nct}"
        links.append(SourceLink(label=says("registry", nct=study.nct), url=url))
    texts = " ".join(t for t in (study.primary_publication, study.reported_source, study.status_note) if t)
    pmids = [study.pmid] if study.pmid else []
    dois = [study.doi] if study.doi else []
    for pmid in dict.fromkeys(pmids + _PMID.findall(texts)):
        links.append(SourceLink(label=says("pubmed", pmid=pmid), url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    for doi in dict.fromkeys(dois + _DOI.findall(texts)):
        links.append(SourceLink(label=says("doi", doi=doi), url=f"https://doi.org/{doi}"))
    return links


def approval_links(words: ClinicalWords, approval: ApprovalRef) -> list[SourceLink]:
    """The approval's label or the FDA's announcement, where the knowledge base has a verified one."""
    if not approval.label_url:
        return []
    host = urlsplit(approval.label_url).hostname or ""
    label = words.sources("dailymed" if host == "dailymed.nlm.nih.gov" else "fda")
    return [SourceLink(label=label, url=approval.label_url)]


def allowed(url: str) -> bool:
    """A link to a publisher's DOI, PubMed, a trial registry, DailyMed or the FDA, over https."""
    parts = urlsplit(url)
    return parts.scheme == "https" and parts.hostname in ALLOWED_HOSTS
