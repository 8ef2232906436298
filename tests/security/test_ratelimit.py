"""The shared rate-limit helper (alliances.core.ratelimit)."""

import pytest
from django.test import RequestFactory, override_settings

from alliances.core.ratelimit import RateLimited, client_ip, rate_limit


def test_allows_up_to_the_limit_then_refuses_with_a_french_message():
    for _ in range(3):
        rate_limit("essai", "u1", limit=3, period=3600)
    with pytest.raises(RateLimited, match=r"Trop de demandes : 3 au plus en une heure"):
        rate_limit("essai", "u1", limit=3, period=3600)


def test_counts_each_key_and_scope_apart():
    rate_limit("essai", "u1", limit=1, period=60)
    rate_limit("essai", "u2", limit=1, period=60)
    rate_limit("autre", "u1", limit=1, period=60)
    with pytest.raises(RateLimited, match="une minute"):
        rate_limit("essai", "u1", limit=1, period=60)


def test_the_window_expires():
    from django.core.cache import cache

    rate_limit("essai", "u1", limit=1, period=60, what="messages")
    cache.delete("ratelimit:essai:u1")  # what the cache does when the window's timeout passes
    rate_limit("essai", "u1", limit=1, period=60, what="messages")
    with pytest.raises(RateLimited, match="Trop de messages : 1 au plus en une minute"):
        rate_limit("essai", "u1", limit=1, period=60, what="messages")


def test_client_ip_ignores_a_forged_forwarded_header_without_trusted_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.9"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_client_ip_behind_one_trusted_proxy_takes_the_address_it_saw():
    # The client forged "1.2.3.4"; the proxy appended the address it really saw.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"
