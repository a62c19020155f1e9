"""address and site_address: the path (and the public address) of a named route, the same as
reverse() gives, however often it is asked and whatever the arguments."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from council.net import address, site_address, site_url


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("oparl:object", ("meeting", 7)),
        ("oparl:object", ("paper", "draft-12")),
        ("oparl:object", ("consultation", "agenda-3")),
        ("oparl:list", ("1", "agendaItem")),
        ("oparl:system", ()),
        ("sitting", (41,)),
    ],
)
def test_site_address_is_the_reversed_address_on_the_public_site(name, args):
    for _ in range(2):  # the first call reverses, the second substitutes
        assert site_address(name, *args) == site_url(reverse(name, args=args))


@pytest.mark.parametrize(
    ("name", "args"), [("draft", (12,)), ("decision", (2026, 7)), ("committee", ("buget-finante",))]
)
def test_address_is_the_reversed_path(name, args):
    for _ in range(2):
        assert address(name, *args) == reverse(name, args=args)


def test_site_address_quotes_what_needs_quoting_as_reverse_does():
    key = "a b ș?#"
    assert site_address("oparl:object", "paper", key) == site_url(
        reverse("oparl:object", args=["paper", key])
    )
    assert "a%20b" in site_address("oparl:object", "paper", "a b")


def test_site_address_refuses_a_number_route_a_word_as_reverse_does():
    site_address("sitting", 5)
    with pytest.raises(NoReverseMatch):
        site_address("sitting", "five")


def test_site_address_follows_the_site_url_setting():
    before = site_address("oparl:object", "person", 3)
    with override_settings(SITE_URL="https://consiliu.example.ro/"):
        assert site_address("oparl:object", "person", 3) == (
            "https://consiliu.example.ro/oparl/v1/person/3/"
        )
    assert site_address("oparl:object", "person", 3) == before


def test_site_address_follows_the_script_prefix_of_a_service_under_a_path():
    set_script_prefix("/consiliu/")
    try:
        assert site_address("sitting", 9) == site_url("/consiliu/sittings/9/")
    finally:
        clear_script_prefix()
    assert site_address("sitting", 9) == site_url("/sittings/9/")
