import os
import subprocess
import sys

SETUP = "import django; django.setup(); print('started')"


def start(**overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="council.site.settings", **overrides)
    return subprocess.run(
        [sys.executable, "-c", SETUP], capture_output=True, text=True, env=env, timeout=60
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = start(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_starts_with_a_secret_key_when_debug_is_off():
    result = start(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_starts_without_secret_key_in_debug():
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_settings_follow_the_contract():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/Bucharest"
    assert settings.LANGUAGE_CODE == "ro"
    assert [code for code, _ in settings.LANGUAGES] == ["ro", "en"]
