"""Links a student can open for a study: its registry entry (ClinicalTrials.gov, from an NCT number the knowledge
base marks verified) and its publication (PubMed from a PMID, doi.org from a DOI, as the study's record writes
them). Only these hosts are linked; a study whose record carries no such identifier gets no link, never a guess."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from engine.answer import Evidence
from engine.frozen import Frozen

ALLOWED_HOSTS = frozenset(
    {"clinicaltrials.gov", "pubmed.ncbi.nlm.nih.gov", "doi.org", "www.fda.gov", "www.accessdata.fda.gov"}
)
_PMID = re.compile(r"PMID:?\s*(\d{6,9})")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s;,()\[\]]+[^\s;,()\[\].])")
_NCT = re.compile(r"NCT\d{8}")


class SourceLink(Frozen):
    label: str
    url: str


def study_links(study: Evidence) -> list[SourceLink]:
    """The registry entry (a verified NCT number) and each PMID and DOI the study's publication texts give."""
    links: list[SourceLink] = []
    if study.nct and study.nct_verified and _NCT.fullmatch(study.nct):
        links.append(
            SourceLink(label=f"{study.nct} (ClinicalTrials.gov)", url=f"https://clinicaltrials.gov/study/{study.nct}")
        )
    texts = " ".join(t for t in (study.primary_publication, study.reported_source, study.status_note) if t)
    for pmid in dict.fromkeys(_PMID.findall(texts)):
        links.append(SourceLink(label=f"PubMed {pmid}", url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    for doi in dict.fromkeys(_DOI.findall(texts)):
        links.append(SourceLink(label=f"doi {doi}", url=f"https://doi.org/{doi}"))
    return links


def allowed(url: str) -> bool:
    """A link to a publisher's DOI, PubMed, a trial registry or the FDA, over https."""
    parts = urlsplit(url)
    return parts.scheme == "https" and parts.hostname in ALLOWED_HOSTS
