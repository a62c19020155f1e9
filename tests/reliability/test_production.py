"""Production configuration: `check --deploy` is clean, the security headers and the Content
Security Policy are sent, HTTP is redirected to HTTPS, and the production stack (gunicorn with
WhiteNoise) serves the pages and the hashed static files."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.reliability.net import fetch, gunicorn, manage

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qp2vX9-production-like-secret-key-with-enough-entropy-4fTz8",
    "ALLOWED_HOSTS": "paacl.example.ro",
    "CSRF_TRUSTED_ORIGINS": "https://paacl.example.ro",
    "DJANGO_SETTINGS_MODULE": "council.site.settings",
}


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(PRODUCTION, **overrides)
    return env


def test_check_deploy_is_clean_with_debug_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_https_is_turned_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(HTTPS="0"), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "max-age=31536000" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_no_page_template_uses_inline_script_or_style(client):
    for template in (ROOT / "templates").rglob("*.html"):
        if template.name.endswith("_pdf.html") or template.parent.name == "documents":
            continue  # rendered by WeasyPrint, never served to a browser
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and "<style" not in text, template
        assert not re.search(r"\sstyle=\"", text), f"inline style attribute in {template}"
        assert not re.search(r"\son[a-z]+=\"", text), f"inline event handler in {template}"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_except_the_health_probe(client):
    response = client.get("/program/2026/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/program/2026/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/", secure=True).status_code == 200


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_proxy_header_marks_a_request_as_https(client):
    response = client.get("/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200


@pytest.mark.slow
def test_the_production_stack_serves_pages_and_hashed_static_files(tmp_path):
    env = production_env(
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage(env, "migrate", "--noinput", "-v0")
    with gunicorn(env, "--workers", "2") as base:
        assert fetch(base + "/healthz")[0] == 200
        status, headers, body = fetch(base + "/")
        assert status == 200
        assert "Content-Security-Policy" in headers
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
        assert stylesheet, "the page links the hashed stylesheet"
        status, headers, _css = fetch(
            base + stylesheet.group(1).decode(), **{"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        assert headers.get("Content-Encoding") == "gzip"
        status, _headers, _body = fetch(base + "/static/css/missing.css")
        assert status == 404


@pytest.mark.django_db
def test_only_the_api_documentation_allows_inline_styles(client):
    docs = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "script-src 'self';" in docs or docs.endswith("script-src 'self'")
    assert "unsafe-inline" not in client.get("/api/v1/items/")["Content-Security-Policy"]
