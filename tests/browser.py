"""A real browser (headless Chromium through Playwright) for the tests that look at pages as
people do: at a phone's width, logged in as each role.

Django's database is read before the browser starts (Playwright's sync API runs an event loop,
in which Django refuses synchronous queries): `session_cookie` and the page lists are computed
first, then `browser` is opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def session_cookie(username: str | None, live_url: str) -> list[dict]:
    """The cookies of a logged-in session of `username` (none for a citizen), for a browser
    context; the interface speaks Romanian, as it does by default."""
    if username is None:
        return []
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_url,
        }
    ]


@contextmanager
def browser(chromium: str, language: str = "ro") -> Iterator:
    """Chromium in the given language (its date fields are written as Romanians write dates)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=[*ARGS, f"--lang={language}"], env={"LANGUAGE": language}
        )
        try:
            yield launched
        finally:
            launched.close()


# The width of the page's content beyond the viewport (0: no sideways scrolling), and the
# elements that stick out furthest, to say what to fix.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const extra = document.documentElement.scrollWidth - width;
  const culprits = [];
  if (extra > 0) {
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        let scrolled = false;
        for (let up = element.parentElement; up; up = up.parentElement) {
          const style = getComputedStyle(up);
          if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) { scrolled = true; break; }
        }
        if (!scrolled) culprits.push(
          element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
          (element.className && typeof element.className === 'string'
            ? '.' + element.className.trim().split(/\\s+/).join('.') : '') +
          ' +' + Math.round(box.right - width) + 'px');
      }
    }
  }
  return {extra, culprits: culprits.slice(0, 5)};
}"""
