"""OpenAPI post-processing: every domain enum described in English and in Romanian."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from drf_spectacular.authentication import SessionScheme


def bilingual_enums(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for name, path in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].items():
        component = schemas.get(name.removesuffix("Enum") + "Enum") or schemas.get(name)
        if component is None:
            continue
        choices = import_string(path)
        lines = []
        for value in choices.values:
            with translation.override("en"):
                english = str(choices(value).label)
            with translation.override("ro"):
                romanian = str(choices(value).label)
            lines.append(f"* `{value}` — {english} / {romanian}")
        component["description"] = "\n".join(lines)
    return result


ERROR_SCHEMA = {
    "type": "object",
    "description": "An error a person can read; `errors` names each invalid parameter or field.",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
        "problems": {"type": "array", "items": {"type": "string"}},
        "current_state": {"type": "string"},
    },
    "required": ["detail"],
}


def error_responses(result, generator, request, public):
    """Document the errors every operation can answer with, the same way everywhere."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    described = {
        "400": "An invalid value, an unknown parameter, or a condition not met.",
        "401": "Authentication is needed.",
        "403": "Your role or department may not do this.",
        "404": "No such record, not visible to you, or a page past the last one.",
        "429": "Too many requests: retry after the seconds in `Retry-After`.",
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            wanted = ["400", "429"]
            paged = any(p.get("name") == "page" for p in operation.get("parameters", []))
            if "{" in path or paged:
                wanted.append("404")
            if method != "get" or operation.get("security") not in (None, [{}]):
                wanted += ["401", "403"]
            for code in wanted:
                responses.setdefault(code, {"description": described[code], "content": content})
            if method == "get":
                responses.setdefault("304", {"description": "Not modified since your copy (ETag)."})
            if method == "get" and any(
                p.get("name") == "format" for p in operation.get("parameters", [])
            ):
                ok = responses.get("200", {}).setdefault("content", {})
                ok["text/csv"] = {
                    "schema": {
                        "type": "string",
                        "description": "`?format=csv`: the whole filtered list, UTF-8 with a BOM.",
                    }
                }
    return result


class OTPSessionScheme(SessionScheme):
    """The API's session authentication, described like DRF's (it adds the second-factor rule)."""

    target_class = "council.api.authentication.OTPSessionAuthentication"
