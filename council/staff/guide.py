"""The staff guide (docs/guide/, in Romanian), served at /staff/guide/.

The guide is written in Markdown so that it reads the same in the repository and here; its
screenshots are taken by the browser tests (tests/test_guide.py) over the demo, so the guide
never shows a screen the service no longer has. Open to anyone: a new clerk reads it before
having an account, and it holds nothing that is not public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from markdown_it import MarkdownIt

GUIDE = Path(settings.BASE_DIR) / "docs" / "guide"
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
# The chapters in reading order: the file and its address.
CHAPTERS = {"": "index.md", "departament": "departament.md", "secretariat": "secretariat.md",
            "it": "it.md"}  # fmt: skip
ADDRESS = {file: slug for slug, file in CHAPTERS.items()}


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    html: str
    sections: list[tuple[str, str]]  # (anchor, heading) of its second-level headings


def chapter_url(slug: str) -> str:
    return reverse("staff:guide-chapter", args=[slug]) if slug else reverse("staff:guide")


def rewrite(href: str) -> str:
    """A link written for the repository (secretariat.md#x, images/y.png) as served here."""
    target, _, anchor = href.partition("#")
    if target in ADDRESS:
        return chapter_url(ADDRESS[target]) + (f"#{anchor}" if anchor else "")
    if target.startswith("images/") and IMAGE_NAME.match(target.removeprefix("images/")):
        return reverse("staff:guide-image", args=[target.removeprefix("images/")])
    return href


@lru_cache(maxsize=16)
def render_chapter(slug: str, modified: float) -> Chapter:
    """The chapter as HTML (Markdown's raw HTML is off), cached until its file changes."""
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = markdown.parse((GUIDE / CHAPTERS[slug]).read_text(encoding="utf-8"))
    title, sections = "", []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = tokens[index + 1].content
            anchor = slugify(text)
            token.attrSet("id", anchor)
            if token.tag == "h1" and not title:
                title = text
            elif token.tag == "h2":
                sections.append((anchor, text))
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("href", rewrite(str(child.attrGet("href"))))
            elif child.type == "image":
                child.attrSet("src", rewrite(str(child.attrGet("src"))))
                child.attrSet("loading", "lazy")
    html = markdown.renderer.render(tokens, markdown.options, {})
    return Chapter(slug=slug, title=title, html=html, sections=sections)


def chapters() -> list[Chapter]:
    return [chapter_of(slug) for slug in CHAPTERS]


def chapter_of(slug: str) -> Chapter:
    if slug not in CHAPTERS:
        raise Http404
    path = GUIDE / CHAPTERS[slug]
    return render_chapter(slug, path.stat().st_mtime)


def guide(request, slug: str = ""):
    chapter = chapter_of(slug)
    return render(
        request,
        "staff/guide.html",
        {
            "chapter": chapter,
            "chapters": [(c, chapter_url(c.slug)) for c in chapters()],
        },
    )


def guide_image(request, name: str):
    path = GUIDE / "images" / name
    if not IMAGE_NAME.match(name) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
