"""Login walls, captchas, blocks and empty app shells are "could not audit", never clean."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from crawler.site.walls import RENDER_MESSAGE, SHORT_PAGE, find_wall, redirect_wall, visible_text
from tests.conftest import linkaudit
from tests.servers import Route, serve_routes

LONG_POST = "".join(
    f"<p>第{i}段：今天整理旧文章，把淘宝联盟的推广链接一条条删掉，顺便记录一下过程。</p>"
    for i in range(30))


def page(body: str, title: str = "") -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{body}</body></html>")


# -- the classifier: walls -----------------------------------------------------------

WALLS = [
    # (status, url, document, headers, kind, words in the sign)
    (200, "https://mp.weixin.qq.com/s/AbCdEf",
     page("<div class='weui-msg'><h2>环境异常</h2><p>当前环境异常，完成验证后即可继续访问。</p>"
          "<a href='#'>去验证</a></div>"), {}, "blocked", "环境异常"),
    (200, "https://mp.weixin.qq.com/s/AbCdEf", page("<p>访问过于频繁，请稍后再试。</p>"), {},
     "blocked", "访问过于频繁"),
    (200, "https://www.zhihu.com/question/1/answer/2",
     page("<div id='root'>系统监测到您的网络环境存在异常风险，请输入验证码进行验证</div>",
          "安全验证 - 知乎"), {}, "captcha", "安全验证"),
    (200, "https://www.xiaohongshu.com/explore/1", page("<p>请拖动下方滑块完成拼图</p>"), {},
     "captcha", "拖动下方滑块"),
    (200, "https://www.douban.com/note/1/", page("<p>请完成滑动验证</p>"), {}, "captcha", "滑动验证"),
    (200, "https://blog.csdn.net/u/article/details/1",
     page("<div class='login-box'>登录后查看全文</div><button>登录</button>"), {},
     "login wall", "登录后查看"),
    (200, "https://bbs.example.cn/thread-1.html", page("<p>您还没有登录，请先登录。</p>"), {},
     "login wall", "请先登录"),
    (200, "https://medium.example/p/1", page("<h1>Sign in to continue reading</h1>"), {},
     "login wall", "sign in to continue"),
    (200, "https://bbs.example.cn/forum.php", page("<form>用户名 密码</form>", "登录 - 某论坛"), {},
     "login wall", "登录 - 某论坛"),
    (403, "https://www.example.com/post/1",
     page("<noscript>Enable JavaScript and cookies to continue</noscript>", "Just a moment..."),
     {"cf-mitigated": "challenge"}, "browser check", "Cloudflare"),
    (503, "https://www.example.com/post/1", page("<p>Checking your browser before accessing</p>",
                                                 "Just a moment..."), {},
     "browser check", "Cloudflare"),
    (200, "https://www.example.com/post/1", "", {"cf-mitigated": "challenge"},
     "browser check", "Cloudflare"),
    (403, "https://www.example.com/post/1", page("<h1>Access Denied</h1>"), {}, "blocked",
     "access denied"),
    (403, "https://www.example.com/post/1", page("<h1>Forbidden</h1>"), {}, "access refused",
     "HTTP 403"),
    (401, "https://www.example.com/post/1", "", {}, "login wall", "HTTP 401"),
    (412, "https://www.bilibili.com/read/cv1", "", {}, "blocked", "HTTP 412"),
]


@pytest.mark.parametrize(("status", "url", "document", "headers", "kind", "sign"), WALLS)
def test_walls_are_named(status: int, url: str, document: str, headers: dict[str, str],
                         kind: str, sign: str) -> None:
    wall = find_wall(status, url, document, headers)
    assert wall is not None
    assert (wall.kind, sign.lower() in wall.sign.lower()) == (kind, True), wall
    assert wall.message.startswith(f"could not audit: {kind} (")


SHELLS = [
    page('<div id="app"></div><script src="/js/chunk-vendors.js"></script>'
         '<script src="/js/app.js"></script>', "我的博客"),
    page("<noscript>You need to enable JavaScript to run this app.</noscript>"
         '<div id="root"></div><script src="/static/js/main.js"></script>'),
    page('<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">'
         '{"props":{}}</script><script src="/_next/app.js"></script>'),
    page('<header>小林的好物笔记</header><div id=app>  </div><script>boot()</script>'),
]


@pytest.mark.parametrize("document", SHELLS)
def test_empty_app_shells_are_not_rendered(document: str) -> None:
    wall = find_wall(200, "https://blog.example/posts/1", document)
    assert wall is not None
    assert wall.message == RENDER_MESSAGE
    # Once a browser ran the scripts, an empty page is just empty.
    assert find_wall(200, "https://blog.example/posts/1", document, rendered=True) is None


REDIRECTS = [
    ("https://weibo.com/1234567890/AbCdE",
     "https://passport.weibo.com/visitor/visitor?entry=miniblog&url=https%3A%2F%2Fweibo.com",
     "login wall"),
    ("https://zhuanlan.zhihu.com/p/123", "https://www.zhihu.com/signin?next=%2Fp%2F123",
     "login wall"),
    ("https://www.zhihu.com/question/1", "https://www.zhihu.com/account/unhuman?type=unhuman",
     "captcha"),
    ("https://www.douban.com/note/1/", "https://sec.douban.com/b?r=https%3A%2F%2Fwww.douban.com",
     "captcha"),
    ("https://mp.weixin.qq.com/s/AbC", "https://mp.weixin.qq.com/mp/wappoc_appmsgcaptcha?poc_token=1",
     "captcha"),
    ("https://blog.example/wp-admin/", "https://blog.example/wp-login.php?redirect_to=%2Fwp-admin%2F",
     "login wall"),
    ("https://shop.example/orders", "/login?redirect=/orders", "login wall"),
]


@pytest.mark.parametrize(("src", "dst", "kind"), REDIRECTS)
def test_being_sent_to_a_login_or_captcha_page_is_a_wall(src: str, dst: str, kind: str) -> None:
    wall = redirect_wall(src, dst)
    assert wall is not None
    assert wall.kind == kind
    assert dst in wall.message


# -- the classifier: look-alikes -------------------------------------------------------

NOT_WALLS = [
    # A post that talks about logging in, captchas and bans is a post.
    (200, "https://blog.example/posts/cleanup",
     page("<h1>清理推广位</h1><p>请先登录淘宝联盟后台，进入推广管理，删除不用的推广位。"
          "登录后查看全部推广位的效果报表。有时会要求输入验证码，或提示访问过于频繁。</p>"
          + LONG_POST, "如何登录淘宝联盟删除推广位")),
    # Short posts too, as long as they only mention a login.
    (200, "https://blog.example/posts/short", page("<p>登录淘宝联盟后台，删除推广位。</p>")),
    (200, "https://blog.example/posts/short2", page("<p>今天讲讲验证码识别和 captcha 的历史。</p>")),
    (200, "https://blog.example/posts/en",
     page("<p>Please log in to your Associates account and remove the old tags.</p>")),
    (200, "https://blog.example/posts/t", page("<p>短文</p>", "登录淘宝联盟的三种方法")),
    # The blog's own "log in" page, asked for by its address, is that page.
    (200, "https://blog.example/login", page("<form>请先登录。用户名 密码 验证码</form>",
                                              "登录 - 小林的博客")),
    (200, "https://blog.example/wp-login.php", page("<p>Please log in.</p>", "Log In")),
    # Scripts may say "captcha" (a comment form) and Cloudflare injects its script
    # into ordinary pages.
    (200, "https://blog.example/posts/2",
     page(LONG_POST + "<script src='/cdn-cgi/challenge-platform/scripts/jsd/main.js'></script>"
          "<script>var captchaSiteKey='x'; function sign in to continue(){}</script>")),
    # Server-rendered apps: the root holds the content.
    (200, "https://blog.example/posts/3",
     page('<div id="app"><article>' + LONG_POST + '</article></div><script src="/app.js"></script>')),
    (200, "https://blog.example/posts/4",
     page('<div id="app"></div><main>' + LONG_POST + '</main><script src="/widgets.js"></script>')),
    # An empty root without scripts is an empty page, not an app.
    (200, "https://blog.example/posts/5", page('<div id="app"></div><p>空</p>')),
    # Errors that are not walls stay plain HTTP errors.
    (404, "https://blog.example/gone", page("<h1>Not Found</h1>")),
    (500, "https://blog.example/broken", page("<h1>Internal Server Error</h1>")),
    (200, "https://blog.example/empty", ""),
]


@pytest.mark.parametrize(("status", "url", "document"), NOT_WALLS)
def test_look_alikes_are_not_walls(status: int, url: str, document: str) -> None:
    assert find_wall(status, url, document) is None


@pytest.mark.parametrize(("src", "dst"), [
    ("https://blog.example/old-post", "https://blog.example/new-post"),
    ("http://blog.example/", "https://blog.example/"),
    ("https://blog.example/login", "https://blog.example/login/"),  # the login page moved
    ("https://blog.example/p/1", "https://s.click.taobao.com/t?e=m%3D2"),
])
def test_ordinary_redirects_are_not_walls(src: str, dst: str) -> None:
    assert redirect_wall(src, dst) is None


def test_a_wall_sign_in_a_long_page_is_not_enough() -> None:
    wall_text = "<p>当前环境异常，完成验证后即可继续访问。</p>"
    assert find_wall(200, "https://x.example/a", page(wall_text)) is not None
    padded = page(wall_text + "<p>" + "字" * SHORT_PAGE + "</p>")
    assert find_wall(200, "https://x.example/a", padded) is None


def test_visible_text_leaves_out_what_a_reader_does_not_see() -> None:
    document = ("<html><head><title>标题</title><style>p{}</style></head><body><!-- 注释 -->"
                "<p>正文 &lt;b&gt;</p><script>var a = '脚本';</script><noscript>无脚本</noscript>"
                "<template>模板</template></body></html>")
    assert visible_text(document) == "正文 <b>"


# -- end to end --------------------------------------------------------------------------

LOGIN_PAGE = page("<form action='/login'>用户名 密码</form>", "登录 - 示例社区")


def test_walls_are_listed_as_not_audited_and_the_run_is_not_clean(tmp_path: Path) -> None:
    routes = {
        "/wechat": Route(body=page("<h2>环境异常</h2><p>当前环境异常，完成验证后即可继续访问。</p>")),
        "/app": Route(body=page('<div id="app"></div><script src="/app.js"></script>')),
        "/members-only": Route(302, headers={"Location": "/login?redirect=%2Fmembers-only"}),
        "/login": Route(body=LOGIN_PAGE),
        "/forbidden": Route(403, page("<h1>Forbidden</h1>")),
        "/post": Route(body=page("<p>登录淘宝联盟后台，删除推广位。</p>" + LONG_POST)),
    }
    with serve_routes(routes) as server:
        report = tmp_path / "walls.xlsx"
        urls = [server.url + path for path in ("/wechat", "/app", "/members-only", "/forbidden",
                                               "/post")]
        result = linkaudit("crawl", *urls, "-o", str(report), cwd=tmp_path)
        requested = list(server.requested)
    assert result.returncode == 3, result.stdout + result.stderr  # nothing found, not clean
    assert "/login?redirect=%2Fmembers-only" not in requested  # the wall is not crawled

    pages = {p["url"][len(server.url):]: p for p in map(json.loads, report.with_name(
        "walls.pages.jsonl").read_text("utf-8").splitlines())}
    assert pages["/wechat"]["error"].startswith("could not audit: blocked (the page says 环境异常)")
    assert pages["/app"]["error"] == RENDER_MESSAGE
    assert pages["/members-only"]["error"].startswith("could not audit: login wall (sent to a login page")
    assert pages["/forbidden"]["error"].startswith("could not audit: access refused (HTTP 403)")
    assert pages["/post"]["error"] is None
    assert pages["/post"]["audited"] is True
    for path in ("/wechat", "/app", "/members-only", "/forbidden"):
        assert pages[path]["audited"] is False or path == "/forbidden"  # as other HTTP errors
        assert f"not audited: {server.url}{path}: " in result.stderr

    wb = openpyxl.load_workbook(report, read_only=True)
    rows = wb["Could not audit"].iter_rows(values_only=True)
    header = next(rows)
    errors = {row[header.index("URL or source")]: row[header.index("Why")] for row in rows}
    wb.close()
    assert errors[server.url + "/app"] == RENDER_MESSAGE
    assert errors[server.url + "/wechat"].startswith("could not audit: blocked")
    assert server.url + "/post" not in errors
