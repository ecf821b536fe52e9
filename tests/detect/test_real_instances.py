"""Forms found on real published pages (issue 15), each claimed by the right rule, and their look-alikes.

Every positive below is shaped after a public instance (cited per case: the
repository file it was seen in); ids are kept where the instance is itself a
published affiliate link, otherwise invented. A case expects ``(network, rule
id, id)`` triples, like ``corpus/published.py``.
"""

from __future__ import annotations

import pytest

from crawler.detect import find_affiliate_links

PAGE = "https://blog.example.com/post/1"

Triple = tuple[str, str, "str | None"]


def found(html: str) -> set[Triple]:
    return {(f.network, f.rule, f.pid) for f in find_affiliate_links(html, PAGE)}


# --- 1. older hosts of the networks we claim --------------------------------------------------

JD_OLD_HOST = (
    # A 2016 blog post's book link (Markdown) and a nav page's <a>: union.click.jd.com with a dot.
    "http://union.click.jd.com/jdc?e=&p=AyIHZR5aEQISA1AYUyUCEgFVGF4UBSJDCkMFSjJLQhBaUAscSkIBR0ROVw1V"
    "C0dFFQIUB1YeWhIdS0IJRmtza2JjB08GVmFEBA18OVIFbwUtayhDDh43Vx1TFgQSBFQaaxcAEgdcH1sUByI3NGlrR2zKs"
    "ePD%2FqQexq3aztOCMhcHVB1SEwcaAGUbXhMA"
)

POSITIVES: list[tuple[str, str, set[Triple]]] = [
    # [markdown] union.click.jd.com/jdc?e=&p=… in a Raspberry Pi post's "补充" book list.
    ("jd-union-click-dotted-host-markdown",
     f"<p>[树莓派 Raspberry Pi 实战指南]({JD_OLD_HOST})</p>",
     {("jd", "jd-union-click", None)}),
    # [a-href] a site nav: <a href="http://union.click.jd.com/jdc?e=&p=…&t=…">美妆…</a>.
    ("jd-union-click-dotted-host-nav",
     '<dd><a href="http://union.click.jd.com/jdc?e=&amp;p=AiIBZRprFDJWWA1FBCVbV0IUEEULUEtXCkQPSB1JU'
     'kpJBUkcQVMFXx5dHUtCCUZrcXRhWlxYMHJhZHkGGgIWclQBEHwJZQ4eN1QrWBEAEgRVG1sRMiJmJys%3D&amp;t=W1dCF'
     'BBFC1BLVwpED0gdSVJKSQVJHEFTBV8eXR1LQglG" target="_blank">美妆</a></dd>',
     {("jd", "jd-union-click", None)}),
    # [json] a shopping-guide app's mall list ("suning : https://sucs.suning.com/visitor.htm?…").
    ("suning-sucs-visitor-json",
     '<script>var malls = {"suning": "https://sucs.suning.com/visitor.htm?userId=8083505&webSiteId=0'
     '&adInfoId=0&adBookId=0&channel=14&subUserEx=&vistURL=http://m.suning.com"};</script>',
     {("suning", "suning-legacy-click", "8083505")}),
    # [a-href] a search box's hot words: &amp;-escaped, with a site id and an ad book.
    ("suning-sucs-visitor-hotword",
     '<a href="https://sucs.suning.com/visitor.htm?userId=16017695&amp;webSiteId=503699&amp;adInfoId=0'
     '&amp;adBookId=101917&amp;channel=16&amp;vistURL=http://search.suning.com/%E8%8B%B9%E6%9E%9C/'
     'cityId=9173" name="YT_RSC_112_1">苹果</a>',
     {("suning", "suning-legacy-click", "16017695")}),
    # [onclick] window.open('http://sucs.suning.com/visitor.htm?userId=…') on a promo tile.
    ("suning-sucs-visitor-window-open",
     "<div onclick=\"window.open('http://sucs.suning.com/visitor.htm?userId=14500059&webSiteId=0"
     "&adInfoId=499&adBookId=0&channel=11&vistURL=http://sale.suning.com/cs/chaoshilydc11/index.html')\">"
     "苏宁超市粮油节</div>",
     {("suning", "suning-legacy-click", "14500059")}),
    # [script-literal] the older host, kept: union.suning.com/aas/open/vistorAd.action.
    ("suning-union-vistorad-still-found",
     '<a href="http://union.suning.com/aas/open/vistorAd.action?userId=5100054&webSiteId=0&adInfoId=00'
     '&adBookId=0&vistURL=http://www.suning.com">苏宁易购</a>',
     {("suning", "suning-legacy-click", "5100054")}),
]

NEGATIVES: list[tuple[str, str]] = [
    # JD's own search-ad redirector on the old host (an anti-hijack list names it): not the union's.
    ("jd-sem-on-old-host", '<a href="http://union.click.jd.com/sem.php?adblock=1">x</a>'),
    # Suning's homepage ad tiles: th.suning.com/cpm/calCpmClick?sid=<slot>&tid=…&ap=<base64 of
    # "<md5>|<ad>|<tid>|<sid>|<target>|cpm|…">. The base64 repeats the slot id, not a union user.
    ("suning-own-cpm-tile",
     '<a href="http://th.suning.com/cpm/calCpmClick?sid=16155445&amp;tid=1615544520180221&amp;ap=ODQ5ND'
     'E2ODJjZWQwODJlN2Q1NWZiNDQ4MzYxNDk5YTd8MTAwMDAzNDQyfDE2MTU1NDQ1MjAxODAyMjF8MTYxNTU0NDV8aHR0cHM6L'
     'y9jdXhpYW8uc3VuaW5nLmNvbS9kbjAxNDQ2Lmh0bWx8Y3BtfDIwMTgtMDItMjEgMjE6MDU6MzR8" cpmid="300000003">'
     '电脑过大年</a>'),
    # The union's own footer link.
    ("suning-union-links-page", '<a href="http://union.suning.com/aas/links.html">友情链接</a>'),
    ("suning-sucs-visitor-without-user", '<a href="https://sucs.suning.com/visitor.htm?vistURL=http://m.suning.com">x</a>'),
]

# --- 3./4. ids inside links, and Amazon's own ad tags ---------------------------------------

POSITIVES += [
    # [a-href] a shopping-guide CMS's mall link: c.duomai.com/track.php?sid=<user><site>&aid=…
    # (the site id in sid=, not site_id=).
    ("duomai-track-sid",
     '<a href="http://c.duomai.com/track.php?sid=2561481&amp;aid=61&amp;euid=0&amp;t=http%3A%2F%2Fwww.'
     'suning.com%2F">苏宁</a>',
     {("duomai", "duomai-click", "2561481")}),
    # [a-href] the article form, kept: …track.php?site_id=242986&euid=&t=https://intel.jd.com/.
    ("duomai-track-site-id",
     '<a data-link="1" href="https://c.duomai.com/track.php?site_id=242986&euid=&t=https://intel.jd.com/"'
     ' target="_blank">英特尔</a>',
     {("duomai", "duomai-click", "242986")}),
    # A creator's tag beside the excluded shapes is still found.
    ("amazon-creator-tag-kept",
     '<a href="https://www.amazon.com/dp/B0C8LV6VNZ?tag=mh0bench-20&th=1">x</a>',
     {("amazon", "amazon-tag", "mh0bench-20")}),
]

NEGATIVES += [
    # Copied from a Google Ads click (scraping and Selenium tutorials): Amazon's own tag.
    ("amazon-own-google-ads-tag",
     '<a href="https://www.amazon.com/?tag=amazusnavi-20&hvadid=675149237887&hvpos=&hvnetw=g&hvrand='
     '16573818752733055329&hvpone=&hvptwo=&hvqmt=e&hvdev=c&hvdvcmdl=&hvlocint=&hvlocphy=9022196&hvtargid='
     'kwd-10573980">Amazon</a>'),
    # Copied from a Bing Ads click (READMEs' product links): mh0b-20 with msclkid / ref=pd_sl_.
    ("amazon-own-bing-ads-tag",
     '<a href="https://www.amazon.com/dp/B0C8LV6VNZ?tag=mh0b-20&ref=pd_sl_2z1ubaby08_e&msclkid='
     '01f71c5c545615ea9a6a760a61f934fc&th=1">Link</a> [Alexa](https://www.amazon.com/b/?ie=UTF8&node='
     '9818047011&tag=mh0b-20&hvadid=77721756043382&hvqmt=e&hvbmt=be&hvdev=c&ref=pd_sl_iwlt1gvek_e)'),
    ("amazon-own-bing-ads-tag-search",
     '<a href="https://www.amazon.com/Resistance/dp/B07MB1J43W/ref=sr_1_1_sspa?dchild=1&hvadid='
     '77653128360992&hvbmt=be&hvdev=c&hvqmt=e&keywords=ds18b20&qid=1597032649&sr=8-1-spons&tag=mh0b-20'
     '&psc=1">x</a>'),
]

# --- 4. placeholders and bare prefixes in link-building code ----------------------------------

NEGATIVES += [
    # Placeholder PIDs as docs and templates print them (a config README, a form's hint,
    # an .env sample, a PHP comment, an SDK demo).
    ("taobao-placeholder-counting-run",
     '<input placeholder="请输入推广位PID（如：mm_12345678_12345678_12345678）">'
     "<pre>pid: mm_123456789_123456789_123456789\nNEXT_PUBLIC_TAOBAO_PID=mm_123456789_12345678_1234567890\n"
     "AFFILIATE_PID = 'mm_123456789_1234567_12345678'</pre>"),
    ("taobao-placeholder-member-and-zeros",
     "<p>获取 PID（格式类似 `mm_12345678_0_0`）</p><!-- s8.taobao.com/search?q=关键词&pid=mm_11111111_0_0 -->"
     "<p>mm_123456_0_0</p>"),
    ("taobao-placeholder-zeros-other-shapes",
     "<script>var Pid_Link = \"mm_00000000_00000000_00000000\"; tk.init({pid: 'mm_00000000_11111111_22222222'});"
     "</script><a href=\"https://uland.taobao.com/sem/tbsearch?keyword=x&refpid=mm_00000000_0000000_00000000\">x</a>"),
    # A bare affiliate prefix in link-building script: the code is appended at run time.
    ("bare-prefixes-in-link-building-script",
     "<script>var u = 'https://s.click.taobao.com/' + code;"
     " var j = \"https://union-click.jd.com/jdc?d=\" + d;"
     " var k = 'http://union.click.jd.com/jdc?e=&p=' + blob;"
     " var p = 'https://p.pinduoduo.com/' + c; var v = 'https://t.vip.com/' + c;</script>"),
    ("bare-prefix-in-python",
     "<pre>url = \"https://union-click.jd.com/jdc?d=\" + short_code\n"
     "link = f\"https://s.click.taobao.com/{code}\"</pre>"),
]

POSITIVES += [
    # A real-looking PID beside them is kept (only counting runs or repeats in every segment skip).
    ("taobao-pid-beside-placeholders",
     "<p>mm_12345678_0_0 和 mm_56050984_11110270_55994110</p>",
     {("taobao", "taobao-pid", "mm_56050984_11110270_55994110")}),
]


# --- 2. 2023+ 淘口令 layouts ------------------------------------------------------------------

#: (case id, html, the 11-character token the finding must carry in extra["token"]).
TOKENS: list[tuple[str, str, str]] = [
    # A bot's sample reply: "淘口令: 67¥ CZ007 4Kdcff41EEE¥" (format code inside ¥…¥).
    ("token-yen-format-code", "<p>店铺: Nike官方旗舰店 淘口令: 67¥ CZ007 4Kdcff41EEE¥...</p>", "4Kdcff41EEE"),
    # A parser's test input: "1復制( CZ3457 WCRJWdrj9qo)打开tao寳抢购/".
    ("token-bracket-format-code-paren", "<p>1復制( CZ3457 WCRJWdrj9qo)打开tao寳抢购/</p>", "WCRJWdrj9qo"),
    # A share-text template: "1fu致.( CZ3457 vmUFdZekxVO/🍑𝙩a𝙤宝/".
    ("token-bracket-format-code-slash", "<p>1fu致.( CZ3457 vmUFdZekxVO/🍑𝙩a𝙤宝/</p>", "vmUFdZekxVO"),
    # Full-width bracket, as Chinese keyboards type it.
    ("token-fullwidth-bracket", "<p>2复制（ HU7679 Xq8Lm2Pd9Tz）打开淘宝</p>", "Xq8Lm2Pd9Tz"),
    # The classic form keeps working and carries its token too.
    ("token-classic", "<p>復·制这段描述￥anzcbFYCKxj￥后咑閞👉淘♂寳♀👈</p>", "anzcbFYCKxj"),
]

NEGATIVES += [
    # Prices and flight numbers that share the symbols or the format code's shape.
    ("token-prices-not-tokens", "<p>券后 ¥ 8.9 优惠前 ¥ 89 到手 ￥ 12.00 ￥ 满300减30</p>"),
    ("token-flight-number-in-brackets",
     "<p>航班（ CZ3457 ）准点；订单( CZ3457 12345678901) 编号( HU7679 ABCDEFGHIJK)</p>"),
]


# --- 3. an id inside a base64 wrapper parameter -------------------------------------------------

POSITIVES += [
    # A CPS network's test fixture: redirect.php?url=<base64 of {"ucode":"a06fb409","schemecode":…}>.
    ("vip-redirect-base64-ucode",
     '<a href="http://click.union.vip.com/redirect.php?url=eyJ1Y29kZSI6ImEwNmZiNDA5Iiwic2NoZW1lY29kZSI6'
     'ImQxMmhkaTVsIn0=&amp;desturl=http://www.vip.com&amp;chan=88624880736">唯品会</a>',
     {("vip", "vip-click", "a06fb409")}),
    # A shopping-guide app's mall list: the ucode last, after an escaped desturl.
    ("vip-redirect-base64-ucode-last",
     '<script>var vip = "http://click.union.vip.com/redirect.php?url=eyJzY2hlbWVjb2RlIjoiMmY0MXpnaGEiLCJk'
     'ZXN0dXJsIjoiaHR0cDpcL1wvbS52aXAuY29tIiwidWNvZGUiOiJzZzA5dGhhZyJ9&chan=";</script>',
     {("vip", "vip-click", "sg09thag")}),
    # URL-encoded padding and no padding at all.
    ("vip-redirect-base64-encoded-padding",
     '<a href="https://click.union.vip.com/redirect.php?url=eyJ1Y29kZSI6ImEwNmZiNDA5Iiwic2NoZW1lY29kZSI6'
     'ImQxMmhkaTVsIn0%3D">a</a> <a href="https://click.union.vip.com/redirect.php?url=eyJ1Y29kZSI6ImIxN2'
     'djNTFhIn0">b</a>',
     {("vip", "vip-click", "a06fb409"), ("vip", "vip-click", "b17gc51a")}),
    # A code link shows no id: still a Vipshop click link, id hidden.
    ("vip-redirect-code-id-hidden",
     '<a href="https://click.union.vip.com/redirect.php?code=JbiZivD">唯品会</a>',
     {("vip", "vip-click", None)}),
    # base64 JSON without a ucode: the link, no id.
    ("vip-redirect-base64-without-ucode",
     '<a href="https://click.union.vip.com/redirect.php?url=eyJzY2hlbWVjb2RlIjoiZDEyaGRpNWwifQ==">x</a>',
     {("vip", "vip-click", None)}),
]



@pytest.mark.parametrize(("html", "expect"), [pytest.param(h, e, id=i) for i, h, e in POSITIVES])
def test_real_instance_is_found_by_its_rule(html: str, expect: set[Triple]) -> None:
    assert found(html) == expect


@pytest.mark.parametrize("html", [pytest.param(h, id=i) for i, h in NEGATIVES])
def test_real_look_alike_is_not_a_finding(html: str) -> None:
    assert found(html) == set()


@pytest.mark.parametrize(("html", "token"), [pytest.param(h, t, id=i) for i, h, t in TOKENS])
def test_token_finding_carries_its_token(html: str, token: str) -> None:
    tokens = [f for f in find_affiliate_links(html, PAGE) if f.kind == "token"]
    assert [(f.network, f.extra.get("token")) for f in tokens] == [("taobao", token)]
