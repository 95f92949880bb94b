"""Fetching a report by address: https only, public addresses only, capped, no redirects followed; no network needed."""

from __future__ import annotations

import pytest

from sitmap.edit.fetch import fetch_report


class FakeResponse:
    def __init__(self, status=200, body=b"<html><p>Troops moved.</p></html>", headers=None):
        self.status, self.reason, self.body = status, "OK", body
        self.headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}

    def getheader(self, name, default=""):
        return self.headers.get(name, default)

    def read(self, limit):
        return self.body[:limit]


class FakeConnection:
    def __init__(self, response):
        self.response, self.requests = response, []

    def request(self, method, path, headers):
        self.requests.append((method, path, headers))

    def getresponse(self):
        return self.response

    def close(self):
        pass


def public(host, port):
    return ["93.184.216.34"]


@pytest.mark.parametrize("address, problem", [
    ("http://example.org/report", "Only https://"),
    ("file:///etc/passwd", "Only https://"),
    ("https://user:pw@example.org/", "without a user name"),
    ("https://example.org:8443/", "standard https port"),
    ("https:///nohost", "without a user name"),
])
def test_only_plain_https_addresses_are_fetched(address, problem):
    assert problem in fetch_report(address, 1000, resolve=public).problems[0]


@pytest.mark.parametrize("resolved", [["127.0.0.1"], ["10.0.0.5"], ["169.254.169.254"], ["::1"], ["192.168.1.1"],
                                      ["93.184.216.34", "10.0.0.5"], ["fd00::1"], []])
def test_a_host_resolving_to_any_private_or_local_address_is_refused(resolved):
    connections = []
    result = fetch_report("https://example.org/report", 1000, resolve=lambda host, port: resolved,
                          connect=lambda host, ip, timeout: connections.append(ip) or FakeConnection(FakeResponse()))
    assert "private or local" in result.problems[0] and connections == []


def test_a_public_page_is_fetched_from_the_checked_address_with_its_host_name():
    connections = []

    def connect(host, ip, timeout):
        connections.append((host, ip))
        return FakeConnection(FakeResponse())

    result = fetch_report("https://example.org/news/report?id=7", 1000, resolve=public, connect=connect)
    assert result.problems == [] and result.body.startswith(b"<html>") and "text/html" in result.content_type
    assert connections == [("example.org", "93.184.216.34")]


def test_redirects_are_not_followed_and_large_pages_are_refused():
    redirect = FakeConnection(FakeResponse(301, b"", {"Location": "https://internal.example/"}))
    result = fetch_report("https://example.org/", 1000, resolve=public, connect=lambda *a: redirect)
    assert "redirects to https://internal.example/" in result.problems[0] and result.body is None
    big = FakeConnection(FakeResponse(body=b"x" * 2000))
    assert "larger than 1,000 bytes" in fetch_report("https://example.org/", 1000, resolve=public, connect=lambda *a: big).problems[0]


def test_offline_says_so():
    def offline(host, port):
        raise OSError("no network")

    assert "could not be found" in fetch_report("https://example.org/", 1000, resolve=offline).problems[0]
