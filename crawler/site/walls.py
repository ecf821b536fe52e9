"""Tell a page that hides its content (login wall, captcha, block, empty app shell) from one that has none.

A crawler that takes a login form for the post it asked for would call the
post clean. ``find_wall`` looks at what came back — status, URL, headers, text —
and names what stood in the way; the caller lists the page as not audited.

The signs are data (the tables below). Text signs only count on a page with
little to read, or in its title, so a blog post that talks about logging in is
not a wall. Pure: no Scrapy, no network.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["HINTS", "RENDER_MESSAGE", "Wall", "find_wall", "redirect_wall", "visible_text"]

LOGIN = "login wall"
CAPTCHA = "captcha"
BLOCKED = "blocked"
CHALLENGE = "browser check"
REFUSED = "access refused"
NOT_RENDERED = "not rendered"

#: What to do about each kind, appended to the message.
HINTS: dict[str, str] = {
    LOGIN: "give your login with --cookies FILE or --header 'HOST: Name: value'",
    CAPTCHA: "solve it in your browser, then pass that browser's cookies with --cookies FILE",
    BLOCKED: "the site is limiting this crawler; try again later with a larger --delay",
    CHALLENGE: "the site checks for a browser; pass your browser's cookies with --cookies FILE",
    REFUSED: "the page may need a login (--cookies FILE) or the site refuses crawlers",
}
RENDER_MESSAGE = ("not rendered: the page builds its content with JavaScript; "
                  "re-run with --render")


@dataclass(frozen=True)
class Sign:
    kind: str
    pattern: re.Pattern[str]
    what: str = ""
    """How to describe a match; empty: quote the matched text."""


def _signs(kind: str, pattern: str, what: str = "") -> Sign:
    return Sign(kind, re.compile(pattern, re.IGNORECASE), what)


#: Hosts that serve only login or verification pages.
HOST_SIGNS: tuple[Sign, ...] = (
    _signs(LOGIN, r"^(?:passport|login|signin|sso|auth|account|accounts)\.", "a login host"),
    _signs(CAPTCHA, r"^(?:sec|captcha|verify)\.", "a verification host"),  # sec.douban.com
)
#: URL paths of login and verification pages (WordPress, Zhihu, Xiaohongshu, WeChat…).
PATH_SIGNS: tuple[Sign, ...] = (
    _signs(CAPTCHA, r"captcha|/account/unhuman|/antispider|/verify(?:$|[/?.])",
           "a verification page"),
    _signs(LOGIN, r"(?:^|/)(?:login|log-in|signin|sign-in|sign_in|logon|passport|"
                  r"wp-login\.php|website-login)(?:$|[/?.])", "a login page"),
)
#: Response headers.
HEADER_SIGNS: tuple[tuple[str, Sign], ...] = (
    ("cf-mitigated", _signs(CHALLENGE, r"challenge", "Cloudflare challenge")),
)
#: The page title, whatever the page's length.
TITLE_SIGNS: tuple[Sign, ...] = (
    _signs(CHALLENGE, r"^just a moment\.\.\.$", "Cloudflare challenge"),
    _signs(BLOCKED, r"^attention required! \| cloudflare", "Cloudflare block"),
    _signs(CAPTCHA, r"^(?:安全验证|验证码|人机验证|captcha)(?:\s*[-|_—–·]|$)"),
    _signs(LOGIN, r"^(?:登录|登入|用户登录|sign in|log in|login)(?:\s*[-|_—–·]|$)"),
)
#: Visible text of a short page.
TEXT_SIGNS: tuple[Sign, ...] = (
    _signs(CHALLENGE, r"checking (?:if the site connection is secure|your browser)|"
                      r"enable javascript and cookies to continue"),
    _signs(BLOCKED, r"环境异常|访问过于频繁|访问频率过高|请求过于频繁|操作(?:过于)?频繁|"
                    r"access denied|too many requests|禁止访问"),
    # Before captchas: a login form often asks for an SMS code (验证码) too. The
    # phrases are the wall's own wording, not instructions that merely name a
    # login ("请先登录淘宝联盟后台" is a tutorial, "请先登录。" a wall).
    _signs(LOGIN, r"登录后(?:才能|方可|可以|即可)?(?:查看|阅读|浏览|继续|访问)|"
                  r"请(?:先)?登录(?=\s*(?:[，。！!,.]|$|后|以))|需要登录(?:后|才能|才可)|"
                  r"登录以(?:继续|查看)|(?:sign|log) ?in to (?:continue|view|see|read)|"
                  r"please (?:sign|log) ?in(?=\s*(?:[.!]|$))|you must be (?:logged|signed) in|"
                  r"login required"),
    _signs(CAPTCHA, r"安全验证|滑动验证|拖动(?:下方)?滑块|请完成(?:安全)?验证|人机验证|"
                    r"请输入(?:图中|图片中|下图中?)?的?验证码|verify (?:that )?you are (?:a )?human|"
                    r"are you a robot|unusual traffic|(?:solve|complete) the captcha|"
                    r"captcha (?:verification|required)"),
)
#: Statuses that are walls in themselves when nothing more telling is found.
STATUS_WALLS: dict[int, str] = {401: LOGIN, 403: REFUSED, 412: BLOCKED}

#: Most visible characters a page may have and still be a wall page; real
#: posts are longer, login and verification pages say little.
SHORT_PAGE = 600
#: Most visible characters of an app shell (a header or "loading…" at most).
SHELL_TEXT = 200

_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
# What a reader does not see (comments, head, scripts, styles, tags), or a run of text.
_TOKENS = re.compile(r"<!--.*?(?:-->|$)|<(script|style|noscript|template|head)\b.*?(?:</\1\s*>|$)"
                     r"|<[^>]*>|([^<]+)|<", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")
_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
# An element the framework mounts into, left empty by the server: Vue, React,
# Next, Nuxt, Quasar, Angular roots.
_EMPTY_ROOT = re.compile(
    r"<(div|main|section)\b[^>]*\bid\s*=\s*[\"']?(?:app|root|__next|__nuxt|q-app|"
    r"application|main|mount)(?=[\"'\s/>])[^>]*>\s*</\1\s*>|<app-root\b[^>]*>\s*</app-root\s*>",
    re.IGNORECASE,
)
_NEEDS_JS = re.compile(r"<noscript\b[^>]*>[^<]*(?:enable|need|requires?)\s+javascript",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Wall:
    """What kept the crawler from the page's content."""

    kind: str
    """``login wall``, ``captcha``, ``blocked``, ``browser check``, ``access refused``, ``not rendered``."""
    sign: str
    """What gave it away, quoted from the page or described."""

    @property
    def message(self) -> str:
        """The page's error: says that it was not audited, why, and what to do.

        >>> Wall("login wall", "the page says 登录后查看").message.split(";")[0]
        'could not audit: login wall (the page says 登录后查看)'
        """
        if self.kind == NOT_RENDERED:
            return RENDER_MESSAGE
        return f"could not audit: {self.kind} ({self.sign}); {HINTS[self.kind]}"


def visible_text(document: str) -> str:
    """The text a reader sees: no head, scripts, styles, comments or tags.

    >>> visible_text("<html><head><title>t</title></head><body><p>a &amp; b</p><script>x()</script></body>")
    'a & b'
    """
    return _visible(document) or ""


def _visible(document: str, limit: int | None = None) -> str | None:
    """The visible text, or ``None`` as soon as it is longer than ``limit``.

    Stopping early keeps the cost on ordinary pages to their first screenful.
    """
    parts: list[str] = []
    size = 0
    for m in _TOKENS.finditer(document):
        run = m.group(2)
        if run is None or run.isspace():
            continue
        text = _SPACE.sub(" ", html.unescape(run) if "&" in run else run).strip()
        if not text:
            continue
        parts.append(text)
        size += len(text) + 1
        if limit is not None and size > limit + 1:
            return None
    return " ".join(parts)


def _url_sign(url: str) -> Sign | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for sign in HOST_SIGNS:
        if sign.pattern.search(host):
            return sign
    path = parts.path + ("?" + parts.query if parts.query else "")
    for sign in PATH_SIGNS:
        if sign.pattern.search(path):
            return sign
    return None


def redirect_wall(from_url: str, to_url: str) -> Wall | None:
    """A redirect (or meta refresh) from a content page to a login or verification page.

    A page that is itself a login page (a "log in" link on a blog) is not a wall:
    only being sent there instead of the page asked for is.

    >>> redirect_wall("https://weibo.com/1234/abc", "https://passport.weibo.com/visitor/visitor?entry=miniblog").kind
    'login wall'
    >>> redirect_wall("https://blog.example/wp-admin/", "https://blog.example/wp-admin/index.php") is None
    True
    """
    sign = _url_sign(to_url)
    if sign is None or _url_sign(from_url) is not None:
        return None
    return Wall(sign.kind, f"sent to {sign.what}: {to_url}")


def _title(document: str) -> str:
    m = _TITLE.search(document, 0, 16384)
    return _SPACE.sub(" ", html.unescape(m.group(1))).strip() if m else ""


def _text_wall(document: str, headers: Mapping[str, str], *, read_page: bool) -> Wall | None:
    for name, sign in HEADER_SIGNS:
        if sign.pattern.search(headers.get(name, "")):
            return Wall(sign.kind, sign.what)
    if not read_page:
        return None
    title = _title(document)
    for sign in TITLE_SIGNS:
        if sign.pattern.search(title):
            return Wall(sign.kind, sign.what or f"the title is {title!r}")
    text = _visible(document, SHORT_PAGE)
    if text is None:
        return None
    for sign in TEXT_SIGNS:
        m = sign.pattern.search(text)
        if m:
            return Wall(sign.kind, sign.what or f"the page says {m.group(0)}")
    return None


def _app_shell(document: str) -> bool:
    if not _SCRIPT.search(document):
        return False
    if not (_EMPTY_ROOT.search(document) or _NEEDS_JS.search(document)):
        return False
    return _visible(document, SHELL_TEXT) is not None


def find_wall(status: int, url: str, document: str = "", headers: Mapping[str, str] | None = None,
              *, rendered: bool = False) -> Wall | None:
    """What stands between the crawler and the content of the page at ``url``, if anything.

    ``headers`` have lower-case names. ``document`` is the decoded HTML (empty
    when there is none). With ``rendered``, the page ran its scripts already, so
    an empty app shell is not reported as "not rendered".

    >>> find_wall(200, "https://mp.weixin.qq.com/s/abc", "<p>当前环境异常，完成验证后即可继续访问。</p>").message.split(";")[0]
    'could not audit: blocked (the page says 环境异常)'
    >>> find_wall(200, "https://blog.example/p/1", "<p>登录淘宝联盟后台，删除推广位。</p>") is None
    True
    >>> find_wall(200, "https://x.example/", '<div id="app"></div><script src="/app.js"></script>').message
    'not rendered: the page builds its content with JavaScript; re-run with --render'
    >>> find_wall(401, "https://x.example/post").kind
    'login wall'
    """
    headers = headers or {}
    # A login page asked for by its own address (a blog's "log in" link) is that
    # page, not a wall in front of another one; only its headers can tell more.
    wall = _text_wall(document, headers, read_page=_url_sign(url) is None)
    if wall is not None:
        return wall
    if status in STATUS_WALLS:
        return Wall(STATUS_WALLS[status], f"HTTP {status}")
    if status < 400 and not rendered and document and _app_shell(document):
        return Wall(NOT_RENDERED, "an empty app shell")
    return None
