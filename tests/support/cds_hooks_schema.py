"""The CDS Hooks 2.0 specification's required fields (https://cds-hooks.hl7.org/2.0/), as JSON Schema.

Written from the specification's tables: Discovery (services: hook, description, id required; title,
prefetch, usageRequirements optional), the CDS Service response (cards required), the Card
(summary < 140 characters, indicator info/warning/critical and source with a label required; uuid,
detail, suggestions, selectionBehavior, overrideReasons and links optional) and the Link (label, url
and type absolute/smart required). Shared by the engine and web tests of CDS Hooks.
"""

from __future__ import annotations

from typing import Any

LINK: dict[str, Any] = {
    "type": "object",
    "required": ["label", "url", "type"],
    "properties": {
        "label": {"type": "string", "minLength": 1},
        "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
        "type": {"enum": ["absolute", "smart"]},
        "appContext": {"type": "string"},
    },
}

CARD: dict[str, Any] = {
    "type": "object",
    "required": ["summary", "indicator", "source"],
    "properties": {
        "uuid": {"type": "string"},
        "summary": {"type": "string", "minLength": 1, "maxLength": 140},
        "detail": {"type": "string"},
        "indicator": {"enum": ["info", "warning", "critical"]},
        "source": {
            "type": "object",
            "required": ["label"],
            "properties": {
                "label": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "icon": {"type": "string"},
                "topic": {"type": "object"},
            },
        },
        "suggestions": {"type": "array"},
        "selectionBehavior": {"enum": ["at-most-one", "any"]},
        "overrideReasons": {"type": "array"},
        "links": {"type": "array", "items": LINK},
    },
}

RESPONSE: dict[str, Any] = {
    "type": "object",
    "required": ["cards"],
    "properties": {"cards": {"type": "array", "items": CARD}, "systemActions": {"type": "array"}},
}

DISCOVERY: dict[str, Any] = {
    "type": "object",
    "required": ["services"],
    "properties": {
        "services": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["hook", "description", "id"],
                "properties": {
                    "hook": {"type": "string", "minLength": 1},
                    "title": {"type": "string"},
                    "description": {"type": "string", "minLength": 1},
                    "id": {"type": "string", "pattern": "^[A-Za-z0-9._~-]+$"},
                    "prefetch": {"type": "object", "additionalProperties": {"type": "string"}},
                    "usageRequirements": {"type": "string"},
                },
            },
        }
    },
}
