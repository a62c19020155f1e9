"""An OParl client for the tests: it walks the endpoint from the system object by following
links, as an importer does, and checks every object against the OParl 1.1 schemas
(`tests/oparl_schema/`, a copy of `../shared/oparl-schema/`): the standard JSON Schema keywords
with jsonschema, and OParl's own keywords here: `references` (every referenced URL resolves to an
object of that type; an `externalList` is a paginated list of such objects) and `schema` (an
embedded object is valid against its schema)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
from django.conf import settings

SCHEMAS = Path(__file__).parent / "oparl_schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name.removesuffix('.json')}.json").read_text())


class Walker:
    """Fetches, validates and remembers every object reachable from the system object."""

    def __init__(self, client: Any, query: str = "") -> None:
        self.client, self.query = client, query
        self.objects: dict[str, dict[str, Any]] = {}  # by id
        self.by_type: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.lists: set[str] = set()
        self.fetched: set[str] = set()
        self.pending: list[tuple[str, str]] = []  # (url, expected type)
        self.requests = 0
        self.checker = jsonschema.FormatChecker()

    def get(self, url: str) -> dict[str, Any]:
        site = settings.SITE_URL.rstrip("/")
        assert url.startswith(site + "/oparl/v1/"), f"not an address of this endpoint: {url}"
        response = self.client.get(url.removeprefix(site))
        self.requests += 1
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    def walk(self) -> Walker:
        url = settings.SITE_URL.rstrip("/") + "/oparl/v1/"
        self.fetched.add(url)
        self.accept(self.get(url), "System")
        while self.pending:
            url, type_name = self.pending.pop()
            if url in self.fetched:
                assert self.objects[url]["type"] == TYPE_PREFIX + type_name, (url, type_name)
                continue
            self.fetched.add(url)
            found = self.get(url)
            assert found["id"] == url
            # Of the type the reference names; the same as wherever it was listed or embedded.
            self.accept(found, type_name)
        return self

    def walk_list(self, url: str, type_name: str) -> Iterator[dict[str, Any]]:
        """Every object of a list, page after page, following `next`."""
        if self.query:
            url += ("&" if "?" in url else "?") + self.query
        pages = 0
        while url:
            page = self.get(url)
            pages += 1
            assert set(page) >= {"data", "pagination", "links"}, url
            assert page["pagination"]["currentPage"] == pages
            yield from page["data"]
            url = page["links"].get("next")
        assert pages == page["pagination"]["totalPages"]

    def accept(self, obj: dict[str, Any], type_name: str) -> None:
        """Validate one object (fetched, listed or embedded) and queue what it references."""
        spec = schema(type_name)
        if obj.get("deleted"):
            # A deleted object keeps only its identity and times (OParl 1.1, "deleted").
            assert set(obj) == {"id", "type", "deleted", "created", "modified"}, obj
            spec = {**spec, "required": ["id", "type"]}
        jsonschema.validate(obj, spec, format_checker=self.checker)
        assert obj["type"] == TYPE_PREFIX + type_name, obj["id"]
        assert {"created", "modified"} <= set(obj), obj["id"]
        assert dt.datetime.fromisoformat(obj["created"]) <= dt.datetime.fromisoformat(
            obj["modified"]
        ), obj["id"]
        if obj["id"] in self.objects:
            assert self.objects[obj["id"]] == obj, obj["id"]
        else:
            self.objects[obj["id"]] = obj
            self.by_type[type_name][obj["id"]] = obj
        self.follow(obj, schema(type_name))

    def follow(self, obj: dict[str, Any], spec: dict[str, Any]) -> None:
        for name, prop in spec["properties"].items():
            if name not in obj:
                continue
            value = obj[name]
            target = prop.get("references") or prop.get("items", {}).get("references")
            embedded = prop.get("schema") or prop.get("items", {}).get("schema")
            if target == "externalList":
                item_type = prop["items"]["schema"].removesuffix(".json")
                if value not in self.lists:
                    self.lists.add(value)
                    for item in self.walk_list(value, item_type):
                        self.accept(item, item_type)
            elif target:
                for url in value if isinstance(value, list) else [value]:
                    assert url.startswith("http"), (obj["id"], name, url)
                    self.pending.append((url, target))
            elif embedded and prop.get("type") in ("object", "array"):
                item_type = embedded.removesuffix(".json")
                for item in value if isinstance(value, list) else [value]:
                    self.accept(item, item_type)
                    # An embedded object is also an object of its own, at its own address.
                    self.pending.append((item["id"], item_type))
            if prop.get("format") == "url" and isinstance(value, str):
                assert value.startswith("http"), (obj["id"], name, value)
