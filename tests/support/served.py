"""What tests of the real server share: its short deadlines (her2_cds/serving.py starts it) and a JSON POST."""

from __future__ import annotations

import http.client
import json
from typing import Any

# The test server's deadlines, a fifth of the defaults (10 s each), so that a stall the server must end
# ends in seconds: the abuse tests scale what they hold (and for how long) to these.
HEADER_SECONDS = 2.0
IO_SECONDS = 2.0
SHORT_DEADLINES = {"HER2_CDS_HEADER_SECONDS": str(HEADER_SECONDS), "HER2_CDS_IO_SECONDS": str(IO_SECONDS)}


def post(port: int, case: Any, path: str = "/api/v1/recommendations", timeout: float = 30) -> tuple[int, bytes]:
    """POST a JSON body on a fresh connection; status and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=json.dumps(case), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
