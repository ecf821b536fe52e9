"""Rules are data: every rule is exercised both ways, and bad rule files say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.detect import RuleError, default_rules, find_affiliate_links, load_rules
from tests.conftest import linkaudit
from tests.detect.corpus import cards, networks_positive
from tests.detect.corpus.taobao_positive import CASES, WRAPPED_CASES

# For each rule, look-alikes that come closest to it without being affiliate links.
LOOK_ALIKES: dict[str, list[str]] = {
    "taobao-legacy-click": [
        '<a href="http://click.taobao.example/t_8?e=7HZ5x&p=13667242">x</a>',
        "<p>旧链接格式 t_8?p=13667242 已停用</p>",
    ],
    "taobao-simba-union-redirect": [
        # A 直通车 (P4P) simba hop names no PID; placeholders are none either.
        '<a href="https://redirect.simba.taobao.com/rd?w=bd&f=https%3A%2F%2Fwww.example.com%2F&k=67a22f436b17a341">ad</a>',
        '<a href="https://redirect.simba.taobao.com/rd?c=un&p=1_2_3">x</a>',
    ],
    "taobao-landing-cps": [
        # An ordinary app share signs bxsign=tcd…; tk_cps_param elsewhere is nothing.
        '<a href="https://item.taobao.com/item.htm?id=1&ut_sk=1.x_21380790_1&sourceType=item&bxsign=tcdAbCdEf12">x</a>',
        '<a href="https://shop.example.com/?tk_cps_param=127911237">x</a>',
    ],
    "tmall-share-link": ['<a href="http://yukhj.com/">x</a>', '<a href="http://yukhj.com/about/us.html">x</a>'],
    "taobao-click": [
        '<a href="https://click.simba.taobao.com/cc_im?p=abc&s=1&k=2&e=3">ad</a>',
        '<a href="https://s.click.taobao.com/">home</a>',
    ],
    "taobao-short-click": [
        '<a href="https://s.click.taobao.com/abc">x</a>',
        '<a href="https://s.click.taobao.com/favicon.ico">x</a>',
        "<p>s.click.taobao.com 是阿里妈妈的跳转域名</p>",
    ],
    "taobao-coupon": [
        '<a href="https://uland.taobao.com/quan/detail?sellerId=1&activityId=2">券</a>',
    ],
    "taobao-landing-trackid": [
        '<a href="https://item.taobao.com/item.htm?id=1&ali_trackid=282_2f9acabf0859fa9c771007a928b5f2e9'
        '&ali_refid=a3_420434_1006&mm_sceneid=1_0_2949630009_0">ztc</a>',
        '<a href="https://detail.tmall.com/item.htm?id=1&ali_trackid=162_f3105df18d4c8dcecb71902beb9c11c8">x</a>',
    ],
    "taobao-pid-link": [
        '<a href="https://ai.taobao.com/search/index.htm?pid=mm_xxx_xxx_xxx&key=a">x</a>',
        '<a href="https://ai.taobao.com/?pid=mm_${pid}">x</a>',
        '<a href="https://bbs.example.com/viewthread.php?tid=9&pid=123">reply</a>',
    ],
    "alimama-tanx-embed": [
        '<script src="http://p.tanx.com/ex?i=${pid}"></script>',
    ],
    "alimama-ad-script": [
        '<script src="https://g.alicdn.com/alilog/mlog/aplus_v2.js"></script>',
        '<script src="./saved_files/inf.js"></script>',
    ],
    "alimama-inf-pid": ['<script>alimama_pid="${pid}"; alimama_width=300;</script>'],
    "alimama-tanx-element": ['<a id="tanx-a-${pid}" style="display:none"></a>'],
    "alimama-tkapi-config": ['<script>var o = { pid: "mm_123_456_789", appkey: "1" };</script>'],
    "taobao-token-2021": ["<p>合计 89¥ 已付款，订单号 12345678901¥</p>",
                          "<p>错误码 1ABCDEFGHIJK:// HU7679，见 http:// CZ0282</p>"],
    "taobao-token": ["<p>价格￥199，原价￥12345678901￥，口令￥helloworldx￥</p>"],
    "taobao-token-legacy": ["<p>￥AAAAAAAA￥ 与 ￥aaaaaaaa￥</p>"],
    "taobao-token-weak-delimiter": ["<p>新款手机 (iPhone15ProX) 评测</p>", "<p>(AbCdEfGhIjK) 无上下文</p>",
                                    "<p>推荐阅读《HarryPotter》一书</p>"],
    "taobao-pid": ["<pre>struct mm_struct *mm; _mm_add_epi32(a, b); mm_sceneid=1_0_2_0</pre>",
                   "<p>mm_1_2_3 mm_0_0_0 mm_123_456_789</p>"],
    "taobao-search-form": [
        '<form action="https://www.baidu.com/s"><input type="hidden" name="pid" value="mm_0_0_0"></form>',
        '<form action="https://ai.taobao.com/search/index.htm"><input name="key"></form>',
    ],
    "taobao-share-link": [
        '<a href="https://m.tb.cn/">手机淘宝</a>',
        '<a href="https://a.m.taobao.com/i612345678901.htm">商品</a>',
    ],
    "zhihu-product-card": ['<a data-draft-type="link-card" href="https://example.com/">x</a>'],
    "wechat-miniprogram-jd": ['<a data-miniprogram-appid="wx91d27dbf599dff75">x</a>'],
    "wechat-miniprogram-meituan": ['<a data-miniprogram-type="wxde8ac0a21135c07d">x</a>'],
    "wechat-miniprogram-eleme": ['<p>小程序 wxece3a9a4c82f58c9 的介绍</p>'],
    "wechat-miniprogram-pdd": ['<a data-miniprogram-appid="wx32540bd863b2757">x</a>'],
    "alimama-tkapi-anchor": [
        '<a biz-itemid="38484921637" isconvert="1" href="http://detail.tmall.com/item.htm?id=1">x</a>',
    ],
}


def fired_rules() -> set[str]:
    fired: set[str] = set()
    for case in [*CASES, *WRAPPED_CASES, *cards.CASES, *networks_positive.CASES]:
        fired.update(f.rule for f in find_affiliate_links(case.html, case.page_url))
    return fired


def test_every_rule_has_a_positive_case() -> None:
    assert set(default_rules().ids()) - fired_rules() == set()


def test_every_rule_has_a_look_alike() -> None:
    from tests.detect.test_networks import NETWORK_LOOK_ALIKES

    assert set(default_rules().ids()) - set(LOOK_ALIKES) - set(NETWORK_LOOK_ALIKES) == set()


@pytest.mark.parametrize(
    ("rule", "html"), [(rule, html) for rule, htmls in LOOK_ALIKES.items() for html in htmls]
)
def test_look_alike(rule: str, html: str) -> None:
    assert find_affiliate_links(html, "https://blog.example.com/p.html") == []


def test_host_index_picks_the_rules_that_match_the_host() -> None:
    rules = default_rules()
    hosts = {h for r in rules.url for h in r.hosts}
    probes = hosts | {"www." + h for h in hosts} | {"not" + h for h in hosts} | {"example.com", ""}
    for host in sorted(probes):
        assert rules.url_rules_for(host) == tuple(r for r in rules.url if r.matches_host(host)), host


def test_user_rules_add_detections(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[url]]\nid = "my-shortener"\nnetwork = "taobao"\nkind = "short link"\n'
        'hosts = ["go.myblog.example"]\npaths = [\'^/tb/\']\n\n'
        '[[text]]\nid = "my-code"\nnetwork = "custom"\nkind = "pid"\n'
        "pattern = 'MYAFF-(?P<pid>\\d{6})'\n",
        encoding="utf-8",
    )
    rules = load_rules([extra])
    page = '<a href="https://go.myblog.example/tb/123">x</a><p>MYAFF-123456</p>'
    found = {(f.rule, f.kind) for f in find_affiliate_links(page, "https://b.example/", rules)}
    assert found == {("my-shortener", "short link"), ("my-code", "pid")}
    assert find_affiliate_links(page, "https://b.example/") == []  # shipped rules alone


def test_user_rules_read_path_ids_extra_fields_and_required_params(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[url]]\nid = "my-network"\nnetwork = "mynet"\nkind = "click link"\n'
        'hosts = ["go.partner.example"]\n'
        "paths = ['^/r/(?P<member_id>\\d{4,})/(?P<campaign>[a-z]+)$']\n"
        'id_fields = { adzone_id = ["slot", "s"] }\n'
        'require_params = ["src=blog|src=app*", "v"]\n',
        encoding="utf-8",
    )
    rules = load_rules([extra])

    def found(url: str):
        return [(f.pid, f.member_id, f.adzone_id, f.extra)
                for f in find_affiliate_links(f'<a href="{url}">x</a>', "https://b.example/", rules)]

    assert found("https://go.partner.example/r/12345/spring?src=blog&v=2&s=top") == [
        ("12345", "12345", "top", {"campaign": "spring"})]
    assert found("https://go.partner.example/r/12345/spring?src=appios&v=2")[0][:2] == ("12345", "12345")
    # A required parameter missing, or with another value: no finding.
    assert found("https://go.partner.example/r/12345/spring?src=blog") == []
    assert found("https://go.partner.example/r/12345/spring?src=mail&v=2") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[url]]\nid='a'\nnetwork='x'\nkind='y'\nhosts=['a.com']\nid_fields={shop_id=['s']}\n",
         "unknown field"),
        ("[[url]]\nid='a'\nnetwork='x'\nkind='y'\nhosts=['a.com']\nid_fields=['s']\n",
         "id_fields must be a table"),
        ("[[url]]\nid='a'\nnetwork='x'\nkind='y'\nhosts=['a.com']\nrequire_params=['=v']\n",
         "names no parameter"),
        ("[[text]]\nid='a'\nnetwork='x'\nkind='y'\npattern='a'\nown_word=['x']\n", "unknown key"),
        ("[[url]]\nnetwork='x'\nkind='y'\nhosts=['a.com']\n", "has no 'id'"),
        ("[[url]]\nid='a'\nnetwork='x'\nkind='y'\n", "needs 'hosts'"),
        ("[[text]]\nid='a'\nnetwork='x'\nkind='y'\npattern='('\n", "not a valid regex"),
        ("[[text]]\nid='a'\nnetwork='x'\nkind='y'\npattern='a'\ncolour='red'\n", "unknown key"),
        ("[[link]]\nid='a'\n", "unknown rule table"),
        ("[[text]]\nid='taobao-pid'\nnetwork='x'\nkind='y'\npattern='a'\n", "defined twice"),
        ("[[text]]\nid='a'\nnetwork='x'\nkind='y'\npattern='a'\nconfidence='sure'\n", "confidence must be"),
        ("not toml at all [", "not a valid TOML"),
        ("[[url]]\nid='a'\nnetwork='x'\nkind='y'\nhosts=['a.com']\nid_decode='rot13'\n", "id_decode must be"),
    ],
)
def test_bad_rules_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules([path])


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rules file"):
        load_rules([tmp_path / "nope.toml"])


# -- a user's patterns are bounded: RE2 (linear time), never the empty string ---------------

#: A file whose lines make a backtracking engine try every way to split the a's.
HOSTILE_TEXT = ("a" * 40 + "!\n") * 50 + "MYAFF-123456\n"


def _user_rules(tmp_path: Path, key_value: str, table: str = "text") -> Path:
    path = tmp_path / "mine.toml"
    extra = "" if "pattern" in key_value or table != "text" else "pattern = 'MYAFF-(?P<pid>\\d{6})'\n"
    body = {"text": f"{extra}{key_value}\n",
            "url": f"hosts = ['go.myblog.example']\n{key_value}\n",
            "element": f"attr = 'data-aff'\n{key_value}\n"}[table]
    path.write_text(f"[[{table}]]\nid = 'my-rule'\nnetwork = 'custom'\nkind = 'pid'\n{body}",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)*b", "(a*)*c", "(\\w+\\s?)+!x"])
def test_catastrophic_user_patterns_run_in_linear_time(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "post.md").write_text(HOSTILE_TEXT, encoding="utf-8")
    rules = _user_rules(tmp_path, f"pattern = '{pattern}'")
    # With Python's backtracking re each line takes 2**40 steps: the timeout ends it.
    result = linkaudit("scan", "posts", "--rules", str(rules), "-o", "r.xlsx", "--jobs", "1",
                       cwd=tmp_path, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1), result.stderr


@pytest.mark.parametrize(
    ("table", "key_value", "reason"),
    [
        ("text", "pattern = ''", "can match the empty string"),
        ("text", "pattern = 'a*'", "can match the empty string"),
        ("text", "pattern = '(?=x)'", "can match the empty string"),
        ("text", "pattern = '^'", "can match the empty string"),
        ("text", "pattern = '\\b'", "can match the empty string"),
        ("text", "pattern = '(x|)'", "can match the empty string"),
        ("text", "triggers = ['x?']", "can match the empty string"),
        ("url", "paths = ['.*']", "can match the empty string"),
        ("element", "values = '$'", "can match the empty string"),
        ("text", "pattern = 'x(?=y)'", "cannot be run in linear time"),
        ("text", "pattern = '(?<!a)x'", "cannot be run in linear time"),
        ("text", "pattern = '(x)y\\1'", "cannot be run in linear time"),
        ("text", "pattern = '(?P<c>x)y(?P=c)'", "cannot be run in linear time"),
        ("text", "triggers = ['MYAFF(?!-0)']", "cannot be run in linear time"),
        ("url", "id_pattern = '(?!0)\\d+'", "cannot be run in linear time"),
    ],
)
def test_unbounded_user_patterns_are_refused_with_the_rule_and_reason(
        tmp_path: Path, table: str, key_value: str, reason: str) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "post.md").write_text(HOSTILE_TEXT, encoding="utf-8")
    rules = _user_rules(tmp_path, key_value, table)
    result = linkaudit("scan", "posts", "--rules", str(rules), "-o", "r.xlsx",
                       cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "'my-rule'" in result.stderr and reason in result.stderr, result.stderr
    assert "mine.toml" in result.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_user_patterns_are_compiled_with_re2_and_keep_their_groups(tmp_path: Path) -> None:
    rules = load_rules([_user_rules(tmp_path, "pattern = 'MYAFF-(?P<pid>\\d{6})(?:\\u00a5)?'")])
    assert type(rules.text[-1].pattern).__module__ == "re2"
    (finding,) = find_affiliate_links("<p>MYAFF-123456¥</p>", "https://b.example/", rules)
    assert (finding.rule, finding.pid) == ("my-rule", "123456")

