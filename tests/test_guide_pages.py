"""The staff guide at /staff/guide/: one chapter per role, in Romanian, with the screenshots that
tests/test_guide.py takes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"
CHAPTERS = {
    "/staff/guide/": "Ghidul personalului",
    "/staff/guide/departament/": "Compartimentele",
    "/staff/guide/secretariat/": "Secretariatul consiliului",
    "/staff/guide/it/": "IT",
}


@pytest.mark.parametrize(("path", "title"), CHAPTERS.items())
def test_each_chapter_is_served_to_anyone(client, db, path, title):
    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert f">{title}</h1>" in text
    assert f"<title>{title}" in text


def test_links_between_chapters_and_images_point_at_the_served_pages(client, db):
    text = client.get("/staff/guide/").content.decode()
    assert 'href="/staff/guide/departament/"' in text
    assert 'href="/staff/guide/it/#blocari-la-autentificare"' in text
    assert 'src="/staff/guide/images/autentificare.png"' in text
    assert ".md" not in re.sub(r"<code>.*?</code>", "", text)


def test_every_anchor_a_chapter_links_to_exists(client, db):
    targets = set()
    for path in CHAPTERS:
        targets |= set(
            re.findall(r'href="(/staff/guide/[^"#]*)#([^"]+)"', client.get(path).content.decode())
        )
    for path, anchor in targets:
        assert f'id="{anchor}"' in client.get(path).content.decode(), (path, anchor)


def test_each_chapter_lists_its_sections(client, db):
    text = client.get("/staff/guide/secretariat/").content.decode()
    nav = text.split('class="guide-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#inregistrati-prezenta-si-voturile"' in nav
    assert 'id="inregistrati-prezenta-si-voturile"' in text


def test_a_guide_image_is_served_as_png(client, db):
    image = client.get("/staff/guide/images/autentificare.png")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "path",
    [
        "/staff/guide/nimic/",
        "/staff/guide/images/nimic.png",
        "/staff/guide/images/..%2Fit.md",
        "/staff/guide/images/autentificare.svg",
    ],
)
def test_an_unknown_chapter_or_image_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_every_screenshot_of_the_guide_is_taken_by_the_browser_tests_and_shown():
    """The guide shows only screenshots tests/test_guide.py takes (so none is ever left behind
    by a change of screen), and shows all of them."""
    text = "".join(path.read_text(encoding="utf-8") for path in GUIDE.glob("*.md"))
    shown = set(re.findall(r"\]\(images/([a-z0-9-]+)\.png\)", text))
    source = (Path(__file__).parent / "test_guide.py").read_text(encoding="utf-8")
    taken = set(re.findall(r'shot\(\s*"([a-z0-9-]+)"', source))
    taken |= set(re.findall(r'IMAGES / "([a-z0-9-]+)\.png"', source))
    assert shown == taken
    assert all((GUIDE / "images" / f"{name}.png").is_file() for name in shown)


def test_the_guide_is_written_with_comma_below_letters():
    for path in GUIDE.glob("*.md"):
        assert not re.search("[şţŞŢ]", path.read_text(encoding="utf-8")), path.name
