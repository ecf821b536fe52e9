from __future__ import annotations

import pytest

from crawler.site.scope import in_scope, is_loopback, scope_key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://blog.example.com/a", "example.com"),
        ("http://www.example.com:8080/", "example.com"),
        ("https://shop.example.com.cn/", "example.com.cn"),
        ("https://alice.github.io/post", "alice.github.io"),
        ("https://someone.blogspot.com/", "someone.blogspot.com"),
        ("http://127.0.0.1:8001/x", "127.0.0.1:8001"),
        ("http://localhost/x", "localhost:80"),
        ("http://[::1]:9000/", "::1:9000"),
    ],
)
def test_scope_key(url: str, key: str) -> None:
    assert scope_key(url) == key


@pytest.mark.parametrize(
    ("url", "seed", "expected"),
    [
        ("https://www.example.com/about", "https://example.com/", True),
        ("https://cdn.example.com/x.html", "https://blog.example.com/", True),
        ("https://example.org/", "https://example.com/", False),
        ("https://notexample.com/", "https://example.com/", False),
        ("https://bob.github.io/", "https://alice.github.io/", False),
        ("http://127.0.0.1:8002/", "http://127.0.0.1:8001/", False),
        ("http://127.0.0.1:8001/deep/page", "http://127.0.0.1:8001/", True),
        ("mailto:me@example.com", "https://example.com/", False),
        ("https://s.click.taobao.com/AbC1234", "https://example.com/", False),
    ],
)
def test_in_scope(url: str, seed: str, expected: bool) -> None:
    assert in_scope(url, scope_key(seed)) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://127.0.0.1:1/", True), ("http://127.8.9.1/", True), ("http://[::1]/", True),
     ("http://localhost:5/", True), ("https://example.com/", False), ("http://10.0.0.1/", False)],
)
def test_is_loopback(url: str, expected: bool) -> None:
    assert is_loopback(url) is expected
