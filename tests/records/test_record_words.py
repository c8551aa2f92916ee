"""How a record's resources were read, how its other fields became case fields, how its HER2 results were read, what it
lacks, each kind of finding and why a record was passed over are said in the answering knowledge base's words
([record_read], [record_note], [her2_reading], [record_missing], [finding_kind] and [passed_over] in
rules/case-words.toml; their load check is tests/core/test_moved_sentence_tables.py): the intake over a reworded copy
says a record in the new words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fhir_records import RECORDS, bundle, do_not_give_trastuzumab
from rules_copy import loaded

from intake import case_from_bundle

AS_OF = dt.date(2025, 1, 15)


def test_the_intake_over_a_reworded_copy_notes_a_field_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('" (T3 is above 5 cm)"', '" (T3: more than 5 cm)"'))
    result = case_from_bundle(bundle(*RECORDS["missing data"]), AS_OF, other.kb)
    (source,) = [s for s in result.provenance if s.field == "tumor_size_cm"]
    assert source.note.endswith("the largest it allows (T3: more than 5 cm)")


def test_the_intake_over_a_reworded_copy_says_what_to_send_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"an N category Observation (LOINC', '"an N-category Observation (LOINC'))
    result = case_from_bundle(bundle(*RECORDS["missing data"]), AS_OF, other.kb)
    (nodes,) = [m for m in result.missing if m.field == "node_status"]
    assert nodes.send.startswith("an N-category Observation (LOINC 21906-3")


def test_the_intake_over_a_reworded_copy_names_disagreeing_her2_results_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('ask the pathologist to settle the disagreement."', 'ask pathology to settle it."'))
    result = case_from_bundle(bundle(*RECORDS["contradictory results"]), AS_OF, other.kb)
    (conflict,) = result.conflicts
    assert conflict.startswith("HER2 results disagree: ")
    assert conflict.endswith("makes the disease HER2-positive (ASCO/CAP); ask pathology to settle it.")


def test_the_intake_over_a_reworded_copy_names_a_kind_of_finding_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('er = "estrogen receptor"\n', 'er = "ER"\n'))
    result = case_from_bundle(bundle(*RECORDS["HER2-low"]), AS_OF, other.kb)
    (source,) = [s for s in result.provenance if s.field == "hormone_receptor_status"]
    assert source.note.startswith("positive if either receptor is: ER positive (Observation/er, 2023-01-06); ")


def test_the_intake_over_a_reworded_copy_says_why_a_record_was_passed_over_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ('"it is an order not to give the drug (', '"an order never to give it ('))
    record = bundle(*RECORDS["metastatic first line"], do_not_give_trastuzumab("dnp", "2024-11-01"))
    (note,) = case_from_bundle(record, AS_OF, other.kb).notes
    assert note.startswith("MedicationRequest/dnp (trastuzumab) was passed over: an order never to give it (doNot")


def test_the_intake_over_a_reworded_copy_says_a_bundle_is_one_page_in_its_words(tmp_path: Path) -> None:
    other = loaded(tmp_path, ("only this page was read, so the record", "this page alone was read, so the record"))
    record = bundle(*RECORDS["adjuvant"]) | {"link": [{"relation": "next", "url": "https://example.org/fhir/p2"}]}
    (note,) = case_from_bundle(record, AS_OF, other.kb).notes
    assert note.startswith("The Bundle is one page of a longer search (it has a 'next' link): this page alone was read")
