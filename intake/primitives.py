"""FHIR's primitive types as JSON Schema, each with the words an error names it by.

The models' regular expressions, spelled so that a JavaScript engine (JSON Schema's) and the models' own
(Python's and Rust's) agree on every value the schema allows; where they differ, the schema refuses.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

# Primitive types: the models' regular expressions, spelled for both engines. A date is checked as a
# calendar date by the pattern itself (30 February and 29 February 2023 are not dates; 29 February 2024 is).
_YEAR = r"(?:[0-9](?:[0-9](?:[0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_DAYS = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_DAY = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
_DATE = rf"(?:{_YEAR}-{_DAYS}|{_LEAP_DAY})"
_PARTIAL = rf"{_YEAR}(?:-(?:0[1-9]|1[0-2]))?"
# FHIR allows any number of fractional digits (the models keep six): up to nine, as systems write them
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
# \s differs between the engines: JavaScript's includes U+FEFF and not U+0085, the models' the reverse;
# refusing both keeps the schema within what the models accept
_TEXT = r"[^\s\u0085\ufeff]"
PRIMITIVES: dict[str, Schema] = {
    "String": {"type": "string", "pattern": r"[ \r\n\t]|" + _TEXT, "description": "text, not only blanks"},
    "Code": {
        "type": "string",
        "pattern": rf"^{_TEXT}+(?: {_TEXT}+)*$",
        "description": "a FHIR code: words separated by single spaces, no other whitespace",
    },
    "Id": {
        "type": "string",
        "pattern": r"^[A-Za-z0-9\-.]+$",
        "minLength": 1,
        "maxLength": 255,
        "description": "a FHIR id: 1 to 255 letters, digits, '-' or '.'",
    },
    "Uri": {"type": "string", "description": "a URI"},
    "Oid": {
        "type": "string",
        "pattern": r"^urn:oid:[0-2](?:\.(?:0|[1-9][0-9]*))+$",
        "description": "an OID as urn:oid:1.2.3",
    },
    "Date": {
        "type": "string",
        "pattern": rf"^(?:{_PARTIAL}|{_DATE})$",
        "description": "a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD (a real day)",
    },
    "DateTime": {
        "type": "string",
        "pattern": rf"^(?:{_PARTIAL}|{_DATE}(?:T{_TIME}{_ZONE})?)$",
        "description": "a FHIR dateTime: YYYY, YYYY-MM, YYYY-MM-DD (a real day) or YYYY-MM-DDThh:mm:ss with a time"
        " zone (Z or +hh:mm)",
    },
    "Instant": {
        "type": "string",
        "pattern": rf"^{_DATE}T{_TIME}{_ZONE}$",
        "description": "a FHIR instant: YYYY-MM-DDThh:mm:ss with a time zone (Z or +hh:mm)",
    },
    "Time": {"type": "string", "pattern": rf"^{_TIME}$", "description": "a time hh:mm:ss"},
    "Decimal": {"type": "number", "minimum": -1e18, "maximum": 1e18, "description": "a number"},
    "Integer": {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1, "description": "a 32-bit integer"},
    "UnsignedInt": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1, "description": "a whole number >= 0"},
    "PositiveInt": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1, "description": "a whole number >= 1"},
    "Boolean": {"type": "boolean", "description": "true or false"},
    "Base64Binary": {
        "type": "string",
        "pattern": r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
        "description": "base64 with its padding",
    },
}
SAME_AS = {  # the other primitive types, as one of these
    "Canonical": "Uri",
    "Url": "Uri",
    "Markdown": "String",
    "Xhtml": "Uri",
    "EncodedBytes": "Base64Binary",
}
