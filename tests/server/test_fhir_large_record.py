"""A whole patient file on the real server (`her2-cds serve`, one gevent worker): read within bounded time and
memory, and without holding the worker's other connections.

The file is the Synthea stage IV patient of tests/records/data, grown to thousands of entries the way Synthea
files are (visits, claims and vital signs: read as other types, or checked and skipped unparsed). Times are
compared with requests measured in the same run.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from real_records import SYNTHEA_IV, load, patient_id
from served import SHORT_DEADLINES, tracebacks

from her2_cds.serving import Served, rss_kib, serving

ENTRIES = 15000  # a Synthea patient of many years: thousands of entries (the reader takes up to 20,000)


def _whole_file() -> dict[str, Any]:
    record = load(SYNTHEA_IV)
    who = {"reference": f"Patient/{patient_id(record)}"}
    for i in range(ENTRIES // 3):
        when = f"20{10 + i % 10:02d}-0{1 + i % 9}-1{i % 10}T10:00:00Z"
        record["entry"] += [
            {"resource": {"resourceType": "Encounter", "id": f"e{i}", "status": "finished",
                          "class": {"code": "AMB"}, "subject": who, "period": {"start": when}}},
            {"resource": {"resourceType": "Claim", "id": f"c{i}", "status": "active", "use": "claim",
                          "patient": who, "created": when}},
            {"resource": {"resourceType": "Observation", "id": f"bp{i}", "status": "final", "subject": who,
                          "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                          "effectiveDateTime": when, "valueQuantity": {"value": 120 + i % 20, "unit": "mm[Hg]"}}},
        ]  # fmt: skip
    return record


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`her2-cds serve` with one worker, so that every request meets on the same event loop."""
    with serving(1, tmp_path_factory.mktemp("serve") / "server.log", SHORT_DEADLINES) as running:
        yield running


def _post(port: int, path: str, body: bytes) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start = time.perf_counter()
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/fhir+json"})
        response = conn.getresponse()
        return response.status, response.read(), time.perf_counter() - start
    finally:
        conn.close()


@pytest.mark.slow
def test_a_whole_patient_file_is_read_and_does_not_hold_the_other_connections(one_worker: Served) -> None:
    """A 15,000-entry file gives its case; small requests sent while it is read are answered meanwhile, each in
    a fraction of its time; the worker grows by less than 20 times the file's size."""
    big = json.dumps(_whole_file()).encode()
    small = json.dumps(load(SYNTHEA_IV)).encode()
    path = "/api/v1/fhir/case?as_of=2025-01-15"
    _post(one_worker.port, path, small)  # warm: validators built
    (worker,) = one_worker.worker_pids()
    before = rss_kib(worker)
    result: list[tuple[int, bytes, float]] = []
    reader = threading.Thread(target=lambda: result.append(_post(one_worker.port, path, big)))
    reader.start()
    # no pause before the small requests: on a quiet machine the whole file is read in a fraction of a second
    during = []
    while reader.is_alive() and len(during) < 20:
        during.append(_post(one_worker.port, path, small)[2])
    reader.join(120)
    status, body, spent = result[0]
    assert status == 200, body[:500]
    case = json.loads(body)["case"]
    assert (case["setting"], case["metastatic_line"], case["her2_status"]) == ("metastatic", "pretreated", "positive")
    assert during, "the large record was read before any small request could be sent"
    assert max(during) < spent / 2, (during, spent)
    print(f"large record {spent:.3f} s; {len(during)} small requests meanwhile, the slowest {max(during):.3f} s")
    grown = (rss_kib(worker) - before) * 1024
    assert grown < 20 * len(big), (grown, len(big))


@pytest.mark.slow
def test_an_invalid_record_read_off_the_loop_is_a_422_and_no_traceback(one_worker: Served) -> None:
    """A record refused in the worker's thread pool is answered 422 with its problem, and the log stays clean: the
    pool prints every exception its threads raise, and schemathesis sends thousands of such records to the server
    the abuse tests read the log of."""
    logged = len(one_worker.log.read_text(errors="replace")) if one_worker.log else 0
    for body in (b"[]", b'{"resourceType": "Patient"}', b'{"resourceType": "Bundle"}'):
        status, answer, _ = _post(one_worker.port, "/api/v1/fhir/case?as_of=2025-01-15", body)
        assert status == 422, answer[:300]
        assert json.loads(answer)["errors"], answer[:300]
    time.sleep(0.5)  # the worker's output reaches the file
    assert one_worker.log is not None
    assert not tracebacks(one_worker.log.read_text(errors="replace")[logged:])


def test_the_whole_file_is_thousands_of_entries_over_a_megabyte() -> None:
    """The file the server test reads is what it says: thousands of entries, over a megabyte of JSON."""
    record = _whole_file()
    assert len(record["entry"]) > ENTRIES
    assert len(json.dumps(record)) > 1_000_000
