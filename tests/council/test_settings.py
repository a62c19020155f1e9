import os
import subprocess
import sys

import pytest

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


def test_council_rules_merge_deeply_and_keep_what_they_do_not_override():
    from council.site.rules import council_rules

    rules = council_rules({"NOTICE_DAYS": {"extraordinary": 4}, "MINUTES_DAYS": 5})
    assert rules["NOTICE_DAYS"] == {"ordinary": 5, "extraordinary": 4, "emergency": 0}
    assert rules["MINUTES_DAYS"] == 5


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"MINUTES_DAY": 4}, "unknown rule 'MINUTES_DAY'"),
        ({"NOTICE_DAYS": 5}, "NOTICE_DAYS is an object"),
        ({"NOTICE_DAYS": {"urgent": 1}}, "NOTICE_DAYS has no urgent"),
        ({"MINUTES_DAYS": -1}, "MINUTES_DAYS must be a whole number"),
        ({"MINUTES_DAYS": "3"}, "MINUTES_DAYS must be a whole number"),
        ({"ABSTENTIONS_COUNT_AS_AGAINST": "yes"}, "true or false"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_a_bad_council_rule_stops_the_start_with_its_name(overrides, message):
    from django.core.exceptions import ImproperlyConfigured

    from council.site.rules import council_rules

    with pytest.raises(ImproperlyConfigured, match=message):
        council_rules(overrides)


def test_a_bad_council_rule_in_the_environment_stops_the_service_with_its_name():
    result = start(DEBUG="1", COUNCIL_RULES='{"NOTICE_DAYS": {"ordinary": "five"}}')
    assert result.returncode != 0
    assert "NOTICE_DAYS.ordinary must be a whole number" in result.stderr


@pytest.mark.parametrize(
    "terms", ['[{"name": "2024-2028", "start": "25.10.2024"}]', "[]", '[{"start": "2024-10-25"}]']
)
def test_a_bad_council_term_stops_the_start_with_its_name(terms):
    result = start(DEBUG="1", COUNCIL_TERMS=terms)
    assert result.returncode != 0
    assert "COUNCIL_TERMS" in result.stderr


def test_the_council_terms_come_from_the_environment():
    terms = '[{"name": "2020–2024", "start": "2020-10-23", "end": "2024-10-24"}]'
    result = subprocess.run(
        [sys.executable, "-c", SETUP + "; from council.oparl.objects import terms; print(terms())"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "council.site.settings",
             "COUNCIL_TERMS": terms},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2020–2024" in result.stdout and "datetime.date(2024, 10, 24)" in result.stdout
