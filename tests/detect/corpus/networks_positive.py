"""Labelled positive cases for every network besides Taobao (issue 3): JD Union, Pinduoduo,
Vipshop, Suning, Meituan, Ele.me, DiDi, AliExpress, Amazon, older and global CPS networks,
and ad-slot code (AdSense, Baidu Union).

Built from the shared domain reference ``affiliate-formats.md`` §3 (cited as "ref §…"). Strings
marked "verbatim" are copied from the reference (cut blobs completed with invented
characters); the rest are invented variants: other ids, other hosts of the same network,
other places in the page. Ids such as ``lenslab0c-20`` or ``12045318_208891734`` are made
up for these tests.

Each expectation is a set of ``(network, kind, pid)``: the same triple found twice counts
once. ``pid`` is the id the link shows: the tag (Amazon), ``<media>_<adzone>`` (Pinduoduo),
the union id (JD), ``ca-pub-…`` (AdSense), the slot ``u…`` (Baidu); ``None`` when hidden.

:data:`UNSUPPORTED` lists forms the engine cannot read yet (see each note); they are not
run as tests.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from urllib.parse import quote

from .case import KINDS, PLACEMENTS, Case, Expect

#: Networks this corpus may expect (Ele.me is Alimama's, hence "taobao").
NETWORKS = frozenset({
    "jd", "pdd", "vip", "suning", "meituan", "taobao", "didi", "aliexpress", "amazon",
    "yiqifa", "duomai", "chanet", "dangdang", "ebay", "rakuten", "skimlinks", "impact",
    "awin", "shareasale", "partnerize", "cj", "adsense", "baidu", "jutuike", "douyin",
    "admitad", "clickbank", "pepperjam", "flipkart", "booking", "banggood",
    # Issue 15: cloud / VPS referral programmes and Tencent's 优量汇 web ads.
    "aliyun", "tencentcloud", "huaweicloud", "baiducloud", "vultr", "digitalocean", "linode",
    "bandwagonhost", "racknerd", "gdt",
})

CLICK = "click link"
SHORT = "short link"
LEGACY = "legacy click link"
PIDLINK = "pid link"
LANDING = "landing link"
ADSLOT = "ad-slot code"
TOKEN = "token"
MINI = "mini-program link"


def _base64_params(html: str) -> str:
    """The base64-decoded text of every ``url=`` parameter in ``html`` that decodes."""
    out = []
    for value in re.findall(r"[?&]url=([A-Za-z0-9+/_-]{8,}={0,2})", html):
        try:
            out.append(base64.b64decode(value + "=" * (-len(value) % 4)).decode("utf-8"))
        except ValueError:
            continue
    return "".join(out)


def jd(kind: str, pid: str | None = None) -> Expect:
    return Expect("jd", kind, pid)


def pdd(kind: str, pid: str | None = None) -> Expect:
    return Expect("pdd", kind, pid)


def amazon(kind: str, pid: str | None = None) -> Expect:
    return Expect("amazon", kind, pid)


# --- platform wrappers (ref §1.7), applied to a link as those sites publish it ---------------

def zhihu(url: str) -> str:
    """Zhihu encodes the colon but not the slashes: https%3A//…"""
    return "https://link.zhihu.com/?target=" + quote(url, safe="/")


def weibo(url: str) -> str:
    return "https://weibo.cn/sinaurl?u=" + quote(url, safe="")


def csdn(url: str) -> str:
    return "https://link.csdn.net/?target=" + quote(url, safe="")


def douban(url: str) -> str:
    return "https://www.douban.com/link2/?url=" + quote(url, safe="") + "&query=&cat_id=&type=search&pos=0"


def juejin(url: str) -> str:
    return "https://link.juejin.cn/?target=" + quote(url, safe="")


def jianshu(url: str) -> str:
    return "https://links.jianshu.com/go?to=" + quote(url, safe="")


def segmentfault(url: str) -> str:
    """SegmentFault base64-encodes the target (enc=)."""
    return "https://link.segmentfault.com/?enc=" + base64.b64encode(url.encode()).decode()


# --- JD Union (ref §3.1) -------------------------------------------------------------------

JD_JDC_E = (
    "https://union-click.jd.com/jdc?e=618%7Cpc%7C&p=JF8BAPUJK1olXDYDZBoCUBVIMzZNXhpXVhgcDwYCX"
    "hxDXHBTTkRHA1ocDBsJVEVTbT9aXjVUUUJdDAACFBtFRjdPQx5dSkJdDAACZgpHVTtmQw4ZXgcCV1ptT0oNaGdpWQx"
    "3CnwDSi1ZSi1eQhd1e1cZbQMCVV9fC0MXC2o4G1oUXgACV1xVCnsnA2w4UDUUbQQDVVxYC00SAGc4G10QWAQEVVZbC"
    "04fBl8PG1IlAF1QVFpdCkgQbTM4K2sWbQECXUpbegpFF2l6K2sWXTYBZG5fCUoTCl84xdalIgEFBlkvDxBfejJ7fBtv"
    "A9iP5E8veEsTBGsZK2slbQ"
)
JD_JDC_E_EMPTY = (
    "https://union-click.jd.com/jdc?e=&p=JF8BAM4JK1olXg4HUF5aCk8RA18IGloRXQYBVW4ZVxNJXF9RXh5UHw"
    "0cSgYYXBcIWDoXSQVJQwYBXF5dC04SAm4JGlsSQl9HCANtAXV3ej9dUD1lB2dDOBdrF1sLajtUbV9eD0seM28PHFoSX"
    "gEDVlhdOHsnM2w4RTUcWAQDVUhVAXtcMw"
)
JD_JDA = (
    "https://union-click.jd.com/jda?e=99_2|99_2|1_2_2|tagA&p=AyIPZRprFDJWWA1FBCVbV0IUEEULWldTCQ"
    "QAQB1AWQkFWxUHEwVUH1MWCxMQB0RQXx5dXEcnUwEaQFdSWhoLdVVFQ0xVHhUBFwJSGhBNWhMA&t=W1dCFBBFC1pXU"
    "wkEAEAdQFkJBVsVBxMFVB9TFgsTEAdEUF8eXVxH&a=fCg9UgoiAwwDO1BcXkQYFFlhcXNcCF8eW14OHVNRS0JRAg%3D%3D"
    "&refer=norefer"
)
JD_MITEM = (
    "https://mitem.jd.hk/product/100017184844.html?cu=true&utm_source=lianmeng__9__kong&utm_medi"
    "um=jingfen&utm_campaign=t_1001706833_&utm_term=e6cabdf3c43d4420a21225b54e5b9730&scid=aBcD3fGh"
)
JD_WQS = (
    "https://wqs.jd.com/event/promote/game11/index.shtml?cu=true&cu=true&utm_source=kong&utm_me"
    "dium=jingfen&utm_campaign=t_2011246109_&utm_term=3f8d9f58aed14a30a581d169f573ced2"
)
JD_SHOP = (
    "https://shop.m.jd.com/?shopId=710158&cu=true&utm_source=kong&utm_medium=tuiguang&utm_campa"
    "ign=t_1000192282_&utm_term=0a1b2c3d4e5f60718293a4b5c6d7e8f9"
)
JD_ITEM_UNION = (
    "https://item.jd.com/100012043978.html?cu=true&utm_source=kong&utm_medium=jingfen&utm_campa"
    "ign=t_2017764512_&utm_term=9c1f0a7e3b2d4c5e8f6a7b8c9d0e1f2a"
)
JD_OPENAPP = (
    "openapp.jdmobile://virtual?params=%7B%22category%22%3A%22jump%22%2C%22des%22%3A%22m%22%2C"
    "%22url%22%3A%22https%3A%2F%2Fu.jd.com%2FXaEB1jq%22%7D"
)
JD_COMMAND = "6.0复制整段话 http://JhT7V5wlKygHDK京口令内容#J6UFE5iMn***"

JD_CASES = [
    Case(
        id="jd-jdc-d-a-href",
        html='<p>京东自营，<a href="https://union-click.jd.com/jdc?d=505Twi" target="_blank">点此购买</a></p>',
        expect=(jd(CLICK),),
        note="[a-href] ref §3.1 jdc?d= verbatim",
    ),
    Case(
        id="jd-jdc-d-wechat-message-xml",
        html=(
            "<pre><code>&lt;url&gt;https://union-click.jd.com/jdc?d=7Zvxc4&amp;amp;come=appmessage"
            "&lt;/url&gt;</code></pre>"
        ),
        expect=(jd(CLICK),),
        note="[code] ref §3.1 jdc?d=7Zvxc4&amp;come=appmessage inside WeChat message XML, shown as code",
    ),
    Case(
        id="jd-jdc-e-clickurl-json",
        html=f'<script>var promo = {{"code": 200, "data": {{"clickURL": "{JD_JDC_E}"}}}};</script>',
        expect=(jd(CLICK),),
        note="[json] ref §3.1 jdc?e=618%7Cpc%7C&p=… verbatim (clickURL)",
    ),
    Case(
        id="jd-jdc-e-empty-keyword-template",
        html=f"<script>\nconst search = (w) => '{JD_JDC_E_EMPTY}&keyword=' + encodeURIComponent(w);\n</script>",
        expect=(jd(CLICK),),
        note="[script-literal] ref §3.1 jdc?e=&p=…&keyword=${encoded} verbatim",
    ),
    Case(
        id="jd-jda-hidden-iframe",
        html=f'<iframe src="{JD_JDA}" width="0" height="0" frameborder="0" style="display:none"></iframe>',
        expect=(jd(CLICK),),
        note="[iframe-src] ref §4 hidden 0x0 iframe loading union-click.jd.com/jda (cookie stuffing); "
        "e=99_2|… verbatim, p/t/a invented",
    ),
    Case(
        id="jd-jdc-window-open",
        html="<button onclick=\"window.open('https://union-click.jd.com/jdc?d=ftKbOO')\">去京东</button>",
        expect=(jd(CLICK),),
        note="[window-open] ref §4 jdc?d=ftKbOO",
    ),
    Case(
        id="jd-u-short-a-href",
        html='<a href="https://u.jd.com/jgxB39" rel="nofollow">京东同款</a>',
        expect=(jd(SHORT),),
        note="[a-href] ref §3.1 u.jd.com/jgxB39 verbatim",
    ),
    Case(
        id="jd-u-short-bare-in-prose",
        html="<p>京东 PLUS 会员价：u.jd.com/jgxB39 手慢无</p>",
        expect=(jd(SHORT),),
        note="[text] ref §3.1 u.jd.com/jgxB39 verbatim, pasted without a scheme",
    ),
    Case(
        id="jd-u-short-markdown",
        html="## 购买\n\n- [京东自营](https://u.jd.com/XaEB1jq)\n- 淘宝：自行搜索\n",
        expect=(jd(SHORT),),
        note="[markdown] ref §3.1 u.jd.com/XaEB1jq verbatim in Markdown source",
    ),
    Case(
        id="jd-u-short-yaml-front-matter",
        html='---\ntitle: "显示器挂灯测评"\naffiliate:\n  - name: "京东"\n    url: "https://u.jd.com/0ivOeC8"\n---\n',
        expect=(jd(SHORT),),
        note="[yaml] ref §3.1 u.jd.com/0ivOeC8 verbatim in front matter",
    ),
    Case(
        id="jd-u-short-comment",
        html="<div class=\"buy\">\n<!-- 京东链接已下架 <a href='https://u.jd.com/2QW75xW'>京东</a> -->\n</div>",
        expect=(jd(SHORT),),
        note="[comment] ref §3.1 u.jd.com/2QW75xW verbatim, commented out",
    ),
    Case(
        id="jd-miniprogram-spreadurl-plain",
        html=(
            '<a data-miniprogram-appid="wx91d27dbf599dff74" '
            'data-miniprogram-path="pages/union/proxy/proxy?spreadUrl=https://u.jd.com/2QW75xW">'
            "点击跳转小程序</a>"
        ),
        expect=(jd(SHORT),),
        note="[data-attr] ref §3.1 JD mini-program path with a plain spreadUrl (the u.jd.com link "
        "is reported, the card rule stays quiet)",
    ),
    Case(
        id="jd-miniprogram-spreadurl-encoded-jdc",
        html=(
            '<a data-miniprogram-appid="wx91d27dbf599dff74" data-miniprogram-path="pages/union/proxy/'
            'proxy?spreadUrl=https%3A%2F%2Funion-click.jd.com%2Fjdc%3Fd%3DKp3x9Q">小程序</a>'
        ),
        expect=(jd(CLICK),),
        note="[data-attr] ref §3.1 spreadUrl=<encoded union-click URL>; invented code",
    ),
    Case(
        id="jd-miniprogram-page-path-json",
        html='<script>var card = {"appid":"wx91d27dbf599dff74","page_path":"pages/union/proxy/proxy?spreadUrl=https://u.jd.com/2QW75xW"};</script>',
        expect=(jd(SHORT),),
        note="[json] ref §3.1 \"page_path\":\"pages/union/proxy/proxy?spreadUrl=https://u.jd.com/2QW75xW\" verbatim",
    ),
    Case(
        id="jd-openapp-params-json-url",
        html=f'<a href="{JD_OPENAPP}">京东 App 打开</a>',
        expect=(jd(SHORT),),
        note="[a-href] ref §3.1 openapp.jdmobile://virtual?params=<URL-encoded JSON with url>",
    ),
    Case(
        id="jd-openapp-params-raw-json-script",
        html=(
            "<script>location.href = 'openapp.jdmobile://virtual?params=' + JSON.stringify("
            '{"category":"jump","des":"m","url":"https://union-click.jd.com/jdc?d=Xk3pQ9"});</script>'
        ),
        expect=(jd(CLICK),),
        note="[location-href] ref §3.1 app scheme built in JS from a raw JSON object",
    ),
    Case(
        id="jd-legacy-jdclick-blog",
        html='<p>推荐在<a href="http://click.union.jd.com/JdClick/?unionId=1888&t=4&to=http://www.jd.com/product/779351.html">京东</a>购买</p>',
        expect=(jd(LEGACY, "1888"),),
        note="[a-href] ref §3.1 JdClick/?unionId=1888&t=4&to=… verbatim",
    ),
    Case(
        id="jd-legacy-jdclick-amp-siteid",
        html='<a href="http://click.union.jd.com/JdClick/?unionId=52&amp;siteid=tx_qsdingbudaohang_index&amp;to=http://www.jd.com">京东商城</a>',
        expect=(jd(LEGACY, "52"),),
        note="[a-href-amp] ref §3.1 unionId=52&amp;siteid=… verbatim (nav site)",
    ),
    Case(
        id="jd-legacy-360buy-noscript-refresh",
        html=(
            '<html><head><noscript><meta http-equiv="refresh" content="0;url=http://click.union.360buy.com/'
            'JdClick/?unionId=16282&siteId=14491863&to=http://www.360buy.com/"></noscript></head>'
            "<body>正在跳转到京东…</body></html>"
        ),
        expect=(jd(LEGACY, "16282"),),
        note="[meta-refresh] ref §3.1 / §5 click.union.360buy.com in <noscript> meta refresh verbatim",
    ),
    Case(
        id="jd-legacy-jdclick-text",
        html="<p>旧文：http://click.union.jd.com/JdClick/?unionId=11406&t=4&to=http://item.jd.com/1234567.html</p>",
        expect=(jd(LEGACY, "11406"),),
        note="[text] ref §3.1 unionId=11406 verbatim, plain text",
    ),
    Case(
        id="jd-landing-mitem-jd-hk",
        html=f'<a href="{JD_MITEM}">京东国际</a>',
        expect=(jd(LANDING, "1001706833"),),
        note="[a-href] ref §3.1 mitem.jd.hk … utm_campaign=t_1001706833_ verbatim (scid completed)",
    ),
    Case(
        id="jd-landing-wqs-event",
        html=f'<a href="{JD_WQS}">双十一主会场</a>',
        expect=(jd(LANDING, "2011246109"),),
        note="[a-href] ref §3.1 wqs.jd.com … t_2011246109_ verbatim",
    ),
    Case(
        id="jd-landing-shop-m-data-href",
        html=f'<div class="card" data-href="{JD_SHOP}">旗舰店</div>',
        expect=(jd(LANDING, "1000192282"),),
        note="[data-attr] ref §3.1 shop.m.jd.com … t_1000192282_ verbatim (utm_term completed)",
    ),
    Case(
        id="jd-landing-item-markdown",
        html=f"[京东购买链接]({JD_ITEM_UNION})\n",
        expect=(jd(LANDING, "2017764512"),),
        note="[markdown] invented: union landing URL copied from the browser bar into Markdown",
    ),
    Case(
        id="jd-landing-next-to-short-link",
        html=(
            "<p>活动页：https://pro.m.jd.com/mall/active/4P9a2T9osR9JvtzHVaYTPvsecRtg/index.html?"
            "unionActId=31165&d=0ivOeC8&s=&cu=true&utm_source=kong&utm_medium=jingfen&utm_campaign="
            "t_1003272801_&utm_term=5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e<br>短链：https://u.jd.com/0ivOeC8</p>"
        ),
        expect=(jd(LANDING, "1003272801"), jd(SHORT)),
        note="[text] ref §3.1 pro.m.jd.com … t_1003272801_ next to https://u.jd.com/0ivOeC8 verbatim",
    ),
    Case(
        id="jd-wrapped-zhihu-short",
        html=f'<a href="{zhihu("https://u.jd.com/XaEB1jq")}" class="external">u.jd.com/XaEB1jq</a>',
        expect=(jd(SHORT),),
        note="[wrapped] link.zhihu.com/?target=https%3A//u.jd.com/…",
    ),
    Case(
        id="jd-wrapped-weibo-jdc-e",
        html=f'<a href="{weibo(JD_JDC_E_EMPTY)}">网页链接</a>',
        expect=(jd(CLICK),),
        note="[wrapped] weibo.cn/sinaurl?u=<fully encoded jdc?e=&p=…>",
    ),
    Case(
        id="jd-wrapped-csdn-landing",
        html=f'<a href="{csdn(JD_ITEM_UNION)}" rel="nofollow">京东</a>',
        expect=(jd(LANDING, "2017764512"),),
        note="[wrapped] link.csdn.net/?target=<encoded landing URL with utm_campaign=t_…_>",
    ),
    Case(
        id="jd-wrapped-juejin-legacy",
        html=f'<a href="{juejin("http://click.union.jd.com/JdClick/?unionId=1888&t=4&to=http://www.jd.com/")}">京东</a>',
        expect=(jd(LEGACY, "1888"),),
        note="[wrapped] link.juejin.cn/?target=<encoded JdClick>",
    ),
    Case(
        id="jd-command-api-sample",
        html=f"<p>{JD_COMMAND}</p>",
        expect=(jd(TOKEN),),
        note="[text] ref §3.1 京口令 (jCommand) API sample verbatim",
    ),
    Case(
        id="jd-command-json",
        html=f'<script>var r = {{"shortURL": "https://u.jd.com/XaEB1jq", "jCommand": "{JD_COMMAND}"}};</script>',
        expect=(jd(TOKEN), jd(SHORT)),
        note="[json] ref §3.1 promotion API response: shortURL + jCommand",
    ),
    Case(
        id="jd-token-yen-percent",
        html="<p>复制整段话 ￥VBY2G6XMu8Dy7S% 打开京东APP即可领取</p>",
        expect=(jd(TOKEN),),
        note="[text] 京东口令 ￥…% form (string seen in a public script, gh code search); JD word nearby",
    ),
    Case(
        id="jd-token-clipboard",
        html='<button class="copy" data-clipboard-text="￥3DIFi3EsIAhRkW￥ 复制后打开京东">复制口令</button>',
        expect=(jd(TOKEN),),
        note="[data-attr] 京东口令 ￥…￥ (14 chars) in data-clipboard-text",
    ),
]

# --- Pinduoduo 多多进宝 (ref §3.2) -------------------------------------------------------------

PDD_LANDING = (
    "https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=2478116379&pid=1860931_43746459"
    "&cpsSign=CC1860931_43746459_01cb1d6f45ae5bc9d01581525853593e&duoduo_type=2"
)
PDD_CUSTOM = (
    "https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=244713040093&pid=20434335_206807608"
    "&goods_sign=Y9H2mpBGVklU8LcTwvfZAiQpGnpkFLvf_JQh6J0oGX4&customParameters=%7B%22uid%22%3A%2220434335"
    "%22%2C%22brokerId%22%3A%22default%22%7D&cpsSign=CC_210518_20434335_206807608_42f6b8466c9b619e8171d8"
    "f0e054339c&duoduo_type=2"
)
PDD_ZS = (
    "https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=344663340973&pid=1860931_197796447"
    "&goods_sign=E9P2mqBGVklU8LcTwvfZAiQpGnpkFLvf_J2a3b4c5d&zs_duo_id=25436963&cpsSign=CC_220511_1860931"
    "_197796447_5a031f10071b56bebb28fcc1a4fdcfdb&_x_ddjb_act=%7B%22st%22%3A%221%22%7D&duoduo_type="
)
PDD_LAUNCH = (
    "https://mobile.yangkeduo.com/app.html?launch_url=duo_coupon_landing.html%3Fgoods_id%3D2478116379"
    "%26pid%3D1860931_43746459%26cpsSign%3DCC1860931_43746459_01cb1d6f45ae5bc9d01581525853593e%26duoduo_type%3D2"
)
PDD_APP = (
    "pinduoduo://com.xunmeng.pinduoduo/duo_coupon_landing.html?goods_id=133002461085&pid=10320141_139864283"
    "&cpsSign=CC_200817_10320141_139864283_27a9689746404f915b1c98f2c20cc05d&duoduo_type=2"
    "&_p_launch_id=3a4b5c6d"
)

PDD_CASES = [
    Case(
        id="pdd-short-a-href",
        html='<a href="https://p.pinduoduo.com/QajijBK5">拼多多百亿补贴</a>',
        expect=(pdd(SHORT),),
        note="[a-href] ref §3.2 p.pinduoduo.com/QajijBK5 verbatim",
    ),
    Case(
        id="pdd-short-api-json",
        html=(
            '<script>var u = {"short_url": "https://p.pinduoduo.com/d3ViqZQt", '
            '"mobile_short_url": "https://p.pinduoduo.com/HXPmFuSx", '
            '"we_app_web_view_short_url": "https://p.pinduoduo.com/DzKmcClj"};</script>'
        ),
        expect=(pdd(SHORT),),
        note="[json] ref §3.2 short_url / mobile_short_url / we_app_web_view_short_url verbatim",
    ),
    Case(
        id="pdd-short-comment",
        html="<!-- 拼多多：https://p.pinduoduo.com/1PBmFAaX -->\n<p>已售罄</p>",
        expect=(pdd(SHORT),),
        note="[comment] ref §3.2 p.pinduoduo.com/1PBmFAaX verbatim",
    ),
    Case(
        id="pdd-short-bare-text",
        html="<p>拼单链接 p.pinduoduo.com/Ab3dEf9h ，两人成团</p>",
        expect=(pdd(SHORT),),
        note="[text] invented code, scheme-less in prose",
    ),
    Case(
        id="pdd-coupon-landing",
        html=f'<a href="{PDD_LANDING}">领券</a>',
        expect=(pdd(PIDLINK, "1860931_43746459"),),
        note="[a-href] ref §3.2 duo_coupon_landing pid=1860931_43746459 + cpsSign=CC… verbatim",
    ),
    Case(
        id="pdd-coupon-landing-custom-params",
        html=f'<a href="{PDD_CUSTOM}">券后 9.9</a>',
        expect=(pdd(PIDLINK, "20434335_206807608"),),
        note="[a-href] ref §3.2 customParameters + dated cpsSign=CC_210518_… verbatim",
    ),
    Case(
        id="pdd-coupon-landing-zs-duo-id",
        html=f"<script>var goods = {{ buy: '{PDD_ZS}' }};</script>",
        expect=(pdd(PIDLINK, "1860931_197796447"),),
        note="[script-literal] ref §3.2 zs_duo_id (招商) verbatim (goods_sign completed)",
    ),
    Case(
        id="pdd-launch-url-encoded",
        html=f'<a href="{PDD_LAUNCH}">打开拼多多</a>',
        expect=(pdd(PIDLINK, "1860931_43746459"),),
        note="[a-href] ref §3.2 app.html?launch_url=<encoded landing with pid> verbatim",
    ),
    Case(
        id="pdd-app-scheme",
        html=f'<a href="{PDD_APP}">App 内打开</a>',
        expect=(pdd(PIDLINK, "10320141_139864283"),),
        note="[a-href] ref §3.2 pinduoduo://com.xunmeng.pinduoduo/duo_coupon_landing.html?…pid= verbatim",
    ),
    Case(
        id="pdd-attendance-cpssign-cm",
        html=(
            '<a href="https://mobile.yangkeduo.com/attendance.html?_pdd_fs=1&pid=15084399_190061839'
            "&customParameters=%7B%22uid%22%3A%2215084399%22%7D&cpsSign=CM_241018_15084399_190061839_"
            'b438df9c820addc6fb2973e378c574f7&duoduo_type=2&campaign=ddjb&cid=launch_">签到领现金</a>'
        ),
        expect=(pdd(PIDLINK, "15084399_190061839"),),
        note="[a-href] ref §3.2 /attendance.html … cpsSign=CM_241018_… verbatim ids",
    ),
    Case(
        id="pdd-collection-cpssign-cip",
        html=(
            "<script>\nconst links = [\n  'https://mobile.yangkeduo.com/duo_collection.html?__page=dis&pid="
            "200005_851937&customParameters=%7B%22sid%22%3A%22a%22%7D&authDuoId=200005&cpsSign=CIP_251116_"
            "200005_851937_3c1f9e0a7b2d4c6e8f0a1b3c5d7e9f21&duoduo_type=2',\n];\n</script>"
        ),
        expect=(pdd(PIDLINK, "200005_851937"),),
        note="[script-literal] ref §3.2 duo_collection … cpsSign=CIP_251116_… (hash invented)",
    ),
    Case(
        id="pdd-mall-coupon-cpssign-only",
        html=(
            '<a href="https://mobile.yangkeduo.com/duo_mall_coupon.html?mall_id=8234567&cpsSign=CW_230101_'
            '12045318_208891734_9f8e7d6c5b4a39281706f5e4d3c2b1a0&duoduo_type=2">店铺券</a>'
        ),
        expect=(pdd(PIDLINK, "12045318_208891734"),),
        note="[a-href] ref §3.2 duo_mall_coupon with cpsSign=CW… and no pid= param (pid read from cpsSign)",
    ),
    Case(
        id="pdd-red-packet-window-open",
        html=(
            "<a href=\"#\" onclick=\"window.open('https://mobile.yangkeduo.com/duo_red_packet.html?pid="
            "12045318_208891734&cpsSign=CR_230615_12045318_208891734_0a1b2c3d4e5f60718293a4b5c6d7e8f9"
            "&duoduo_type=2')\">领红包</a>"
        ),
        expect=(pdd(PIDLINK, "12045318_208891734"),),
        note="[window-open] ref §3.2 duo_red_packet.html?pid=…&cpsSign=CR…; invented ids",
    ),
    Case(
        id="pdd-theme-escaped-json",
        html=(
            '<script>{"url":"https:\\/\\/mobile.yangkeduo.com\\/duo_theme_activity.html?themeId=8123'
            "\\u0026pid=8944230_125518088\\u0026cpsSign=CT_220301_8944230_125518088_1f2e3d4c5b6a79880716"
            'a5b4c3d2e1f0\\u0026duoduo_type=2"}</script>'
        ),
        expect=(pdd(PIDLINK, "8944230_125518088"),),
        note="[json] ref §3.2 duo_theme_activity CT, JSON \\/ and \\u0026 escapes; pid from ref list",
    ),
    Case(
        id="pdd-transfer-channel-amp",
        html=(
            '<a href="https://mobile.pinduoduo.com/duo_transfer_channel.html?resourceType=39996&amp;pid='
            "41675195_295492064&amp;cpsSign=CE_240607_41675195_295492064_7d6c5b4a3928170f6e5d4c3b2a190807"
            '&amp;duoduo_type=2">百亿补贴频道</a>'
        ),
        expect=(pdd(PIDLINK, "41675195_295492064"),),
        note="[a-href-amp] ref §3.2 duo_transfer_channel CE on pinduoduo.com, &amp; separators",
    ),
    Case(
        id="pdd-wrapped-douban-short",
        html=f'<a href="{douban("https://p.pinduoduo.com/QajijBK5")}">拼多多</a>',
        expect=(pdd(SHORT),),
        note="[wrapped] douban.com/link2/?url=<encoded p.pinduoduo.com>",
    ),
    Case(
        id="pdd-wrapped-zhihu-landing",
        html=f'<a href="{zhihu(PDD_LANDING)}">领券</a>',
        expect=(pdd(PIDLINK, "1860931_43746459"),),
        note="[wrapped] link.zhihu.com half-encoded duo_coupon_landing",
    ),
]

# --- Vipshop, Suning, Meituan, Ele.me, DiDi (ref §3.3–3.7) -------------------------------------

MEITUAN_RUNION = (
    "https://runion.meituan.com/url?key=cd23768d09c339d1641b2738df39aa67&url=https%3A%2F%2Fi.meituan.com"
    "%2Fawp%2Fhfe%2Fblock%2Fa945391288b790d558b7%2F78716%2Findex.html%3Fappkey%3Dcd23768d09c339d1641b2738"
    "df39aa67%3Ajuhe&sid=juhe"
)
MEITUAN_ADUNION = (
    "https://act.meituan.com/clover/page/adunioncps/share_coupon_new?utmSource=56020&utmMedium="
    "3D52DEF4438AE63F0FBF09E13E5B1B8E&promotionId=20172&activity=OwMkGzn6oK"
)

CN_CASES = [
    Case(
        id="vip-short-six",
        html='<a href="https://t.vip.com/Z7bY32">唯品会特卖</a>',
        expect=(Expect("vip", SHORT),),
        note="[a-href] ref §3.3 t.vip.com/Z7bY32 verbatim",
    ),
    Case(
        id="vip-short-chantag",
        html='<a href="https://t.vip.com/zzXFmWjEg8A?chanTag=d619156f131a556c6640229727291160">唯品会</a>',
        expect=(Expect("vip", SHORT, "d619156f131a556c6640229727291160"),),
        note="[a-href] ref §3.3 t.vip.com/<11>?chanTag=<推广位> verbatim",
    ),
    Case(
        id="vip-short-eleven-text",
        html="<p>唯品会链接：https://t.vip.com/MhW6RosYXqA（复制到浏览器打开）</p>",
        expect=(Expect("vip", SHORT),),
        note="[text] ref §3.3 t.vip.com/MhW6RosYXqA verbatim, CJK punctuation after",
    ),
    Case(
        id="vip-short-default-pid",
        html='<a href="https://t.vip.com/Qm4nRx7Tz2K?chanTag=default_pid">唯品会</a>',
        expect=(Expect("vip", SHORT),),
        note="[a-href] ref §3.3 chanTag=default_pid means no 推广位: short link, id hidden",
    ),
    Case(
        id="vip-click-code",
        html='<a href="https://click.union.vip.com/redirect.php?code=JbiZivD">唯品会</a>',
        expect=(Expect("vip", CLICK),),
        note="[a-href] ref §3.3 click.union.vip.com/redirect.php?code= verbatim",
    ),
    Case(
        id="vip-click-base64-url",
        html=(
            '<iframe src="http://click.union.vip.com/redirect.php?url=eyJ1Y29kZSI6InF4MGIyYzhtIiwic2No'
            'ZW1lY29kZSI6ImZkYzloZDR4In0=" width="1" height="1"></iframe>'
        ),
        expect=(Expect("vip", CLICK, "qx0b2c8m"),),
        note="[iframe-src] ref §3.3 redirect.php?url=<base64 JSON> (invented JSON); the ucode inside is the id (issue 15)",
    ),
    Case(
        id="vip-app-scheme-webview",
        html='<a href="vipshop://showWebview?url=https%3A%2F%2Ft.vip.com%2FZ7bY32">App 打开</a>',
        expect=(Expect("vip", SHORT),),
        note="[a-href] ref §5 vipshop://showWebview?url=<encoded t.vip.com>",
    ),
    Case(
        id="suning-short-a-href",
        html='<a href="https://sugs.suning.com/HpGbzgk6">苏宁易购</a>',
        expect=(Expect("suning", SHORT),),
        note="[a-href] ref §3.4 sugs.suning.com/HpGbzgk6 verbatim",
    ),
    Case(
        id="suning-short-json",
        html='<script>var s = {"shortUrl": "https://sugs.suning.com/ukrdRpZU", "backup": "https://sugs.suning.com/NmcwkpLx"};</script>',
        expect=(Expect("suning", SHORT),),
        note="[json] ref §3.4 ukrdRpZU / NmcwkpLx verbatim",
    ),
    Case(
        id="suning-outstation",
        html='<a href="https://sugs.suning.com/outstation.htm?p=Aa9kX2mLqZ0vB7cD3eF5gH8jK1nP4rS6tU">苏宁</a>',
        expect=(Expect("suning", CLICK),),
        note="[a-href] ref §3.4 sugs.suning.com/outstation.htm?p=<opaque>; invented p",
    ),
    Case(
        id="suning-legacy-visitor-ad",
        html=(
            '<a href="http://union.suning.com/aas/open/vistorAd.action?userId=1343832&webSiteId=0&adInfoId=0'
            '&adBookId=0&subUserEx=blog&vistURL=http://www.suning.com/">苏宁电器</a>'
        ),
        expect=(Expect("suning", LEGACY, "1343832"),),
        note="[a-href] ref §3.4 vistorAd.action?userId=1343832 verbatim id",
    ),
    Case(
        id="suning-legacy-visitor-ad-amp-comment",
        html=(
            "<!-- <a href=\"http://union.suning.com/aas/open/vistorAd.action?userId=115611&amp;webSiteId=2187"
            '&amp;adInfoId=4&amp;adBookId=0&amp;vistURL=http%3A%2F%2Fproduct.suning.com%2F1.html">x</a> -->'
        ),
        expect=(Expect("suning", LEGACY, "115611"),),
        note="[comment] ref §3.4 userId=115611 verbatim id, &amp; in a comment",
    ),
    Case(
        id="meituan-runion-click",
        html=f'<a href="{MEITUAN_RUNION}">美团外卖红包</a>',
        expect=(Expect("meituan", CLICK, "cd23768d09c339d1641b2738df39aa67"),),
        note="[a-href] ref §3.5 runion.meituan.com/url?key=…&url=…&sid=juhe verbatim",
    ),
    Case(
        id="meituan-miniprogram-weburl-double-encoded",
        html=(
            '<a data-miniprogram-appid="wxde8ac0a21135c07d" data-miniprogram-path="/index/pages/h5/h5?weburl='
            + quote(quote(MEITUAN_RUNION, safe=""), safe="")
            + '&lch=cps:waimai:5:cd23768d09c339d1641b2738df39aa67:juhe">领外卖红包</a>'
        ),
        expect=(Expect("meituan", CLICK, "cd23768d09c339d1641b2738df39aa67"),),
        note="[data-attr] ref §3.5 mini-program h5?weburl=<double-encoded runion URL>",
    ),
    Case(
        id="meituan-adunion-cps-page",
        html=f'<a href="{MEITUAN_ADUNION}">美团神券</a>',
        expect=(Expect("meituan", PIDLINK, "56020"),),
        note="[a-href] ref §3.5 act.meituan.com/clover/page/adunioncps/… utmSource=56020 verbatim",
    ),
    Case(
        id="meituan-adunion-act12-json",
        html=(
            '<script>var cfg = {"jump": "https://act12.meituan.com/clover/page/adunioncps/share_coupon_new'
            '?utmSource=61234&utmMedium=A1B2C3D4E5F60718293A4B5C6D7E8F90&promotionId=20188&activity=Hs8kQ2pLmN"};</script>'
        ),
        expect=(Expect("meituan", PIDLINK, "61234"),),
        note="[json] ref §3.5 act12.meituan.com variant; invented ids",
    ),
    Case(
        id="meituan-dpurl-short",
        html='<p>外卖红包：<a href="http://dpurl.cn/4jAj4K6z">dpurl.cn/4jAj4K6z</a></p>',
        expect=(Expect("meituan", SHORT),),
        note="[a-href] ref §3.5 dpurl.cn/4jAj4K6z verbatim (anchor text repeats it)",
    ),
    Case(
        id="meituan-imeituan-app-dpurl",
        html='<a href="imeituan://www.meituan.com/web?url=http%3A%2F%2Fdpurl.cn%2FJliuGdzz">美团 App</a>',
        expect=(Expect("meituan", SHORT),),
        note="[a-href] ref §3.5 imeituan://www.meituan.com/web?url=<dpurl> verbatim code",
    ),
    Case(
        id="meituan-dpurl-script-array",
        html="<script>const hb = ['http://dpurl.cn/Hfpmwk9z', 'http://dpurl.cn/DiVQiocz'];</script>",
        expect=(Expect("meituan", SHORT),),
        note="[script-literal] ref §3.5 Hfpmwk9z / DiVQiocz verbatim",
    ),
    Case(
        id="eleme-short-click",
        html='<a href="https://s.click.ele.me/qx45rsu">饿了么红包</a>',
        expect=(Expect("taobao", SHORT),),
        note="[a-href] ref §3.6 s.click.ele.me/qx45rsu verbatim (Alimama, so network taobao)",
    ),
    Case(
        id="eleme-miniprogram-scene",
        html=(
            '<a data-miniprogram-appid="wxece3a9a4c82f58c9" '
            'data-miniprogram-path="pages/sharePid/web/index?scene=https://s.click.ele.me/wR9ecuu">饿了么</a>'
        ),
        expect=(Expect("taobao", SHORT),),
        note="[data-attr] ref §3.6 mini-program pages/sharePid/web/index?scene=<s.click.ele.me> verbatim",
    ),
    Case(
        id="eleme-short-text",
        html="<p>每天领：s.click.ele.me/wR9ecuu</p>",
        expect=(Expect("taobao", SHORT),),
        note="[text] ref §3.6 s.click.ele.me/wR9ecuu verbatim, scheme-less",
    ),
    Case(
        id="didi-union-short",
        html='<a href="https://v.didi.cn/eoQRvjW?source_id=100001000946181&ref_from=dunion">滴滴打车券</a>',
        expect=(Expect("didi", SHORT, "100001000946181"),),
        note="[a-href] ref §3.7 v.didi.cn/<code>?source_id=…&ref_from=dunion verbatim",
    ),
    Case(
        id="didi-union-vv-json",
        html='<script>var d = {"url": "https://vv.didi.cn/OajYPJe?source_id=100001002233445&ref_from=dunion"};</script>',
        expect=(Expect("didi", SHORT, "100001002233445"),),
        note="[json] ref §3.7 vv.didi.cn/OajYPJe verbatim code; invented source_id",
    ),
]

# --- AliExpress (ref §3.10) ----------------------------------------------------------------------

ALI_BEST = (
    "https://best.aliexpress.com/?lan=en&aff_fcid=9872e151f8664fad9910fe05d1ed73e4-1662142118003-01336-"
    "_DC4TnYr&tt=CPS_NORMAL&aff_fsk=_DC4TnYr&aff_platform=portals-tool&sk=_DC4TnYr&aff_trace_key=9872e1"
    "51f8664fad9910fe05d1ed73e4-1662142118003-01336-_DC4TnYr&terminal_id=3f8c776975fd455ba956809c02d71a9e"
)

ALI_CASES = [
    Case(
        id="aliexpress-short-a-href",
        html='<a href="https://s.click.aliexpress.com/e/_DmJmxVD">AliExpress</a>',
        expect=(Expect("aliexpress", SHORT),),
        note="[a-href] ref §3.10 s.click.aliexpress.com/e/_DmJmxVD verbatim",
    ),
    Case(
        id="aliexpress-short-old-text",
        html="<p>Buy it here: http://s.click.aliexpress.com/e/blaegsBQ (ships in 2 weeks)</p>",
        expect=(Expect("aliexpress", SHORT),),
        note="[text] ref §3.10 old code blaegsBQ verbatim",
    ),
    Case(
        id="aliexpress-short-yaml-sourcelink",
        html='sourcelink:\n  - "https://s.click.aliexpress.com/e/_c2JpSWfB"\n  - "https://s.click.aliexpress.com/e/_DnBZ0rd"\n',
        expect=(Expect("aliexpress", SHORT),),
        note="[yaml] ref §3.10 / §5 sourcelink list verbatim codes",
    ),
    Case(
        id="aliexpress-landing-best-portals",
        html=f'<a href="{ALI_BEST}">AliExpress deals</a>',
        expect=(Expect("aliexpress", LANDING, "_DC4TnYr"),),
        note="[a-href] ref §3.10 aff_fcid/aff_fsk/sk/aff_trace_key landing verbatim (terminal_id completed)",
    ),
    Case(
        id="aliexpress-landing-item-aff-fsk",
        html=(
            '<a href="https://www.aliexpress.com/item/1005004512345678.html?aff_fsk=_c2JpSWfB&amp;'
            'aff_platform=api-new-product-query&amp;sk=_c2JpSWfB&amp;tt=MG">USB-C hub</a>'
        ),
        expect=(Expect("aliexpress", LANDING, "_c2JpSWfB"),),
        note="[a-href-amp] ref §3.10 item page with aff_fsk + aff_platform; invented item",
    ),
    Case(
        id="aliexpress-landing-sk-share-component",
        html="<script>location.href = 'https://m.aliexpress.com/item/1005001234567890.html?sk=_DnBZ0rd&aff_platform=shareComponent-detail';</script>",
        expect=(Expect("aliexpress", LANDING, "_DnBZ0rd"),),
        note="[location-href] ref §3.10 sk=<code> with aff_platform=shareComponent-detail",
    ),
    Case(
        id="aliexpress-landing-ru",
        html='<a href="https://aliexpress.ru/item/1005003456789012.html?aff_fcid=0a1b2c3d4e5f60718293a4b5c6d7e8f9-1700000000123-04567-_Ak9LmQ2&aff_platform=portals-tool">Товар</a>',
        expect=(Expect("aliexpress", LANDING, "_Ak9LmQ2"),),
        note="[a-href] invented aliexpress.ru landing with aff_fcid",
    ),
    Case(
        id="aliexpress-legacy-af",
        html='<a href="http://s.aliexpress.com/uEfEJfQz?af=1862593&cv=47843&cn=mp3&dp=blog">AliExpress</a>',
        expect=(Expect("aliexpress", LEGACY, "1862593"),),
        note="[a-href] ref §3.10 older s.aliexpress.com/*?af= pattern; invented values",
    ),
]

# --- Amazon Associates (ref §3.9) ----------------------------------------------------------------

AMZ_K8S = (
    "https://www.amazon.com/Kubernetes-Patterns-Reusable-Designing-Applications/dp/1098131681?keywords="
    "Kubernetes+Patterns&qid=1685557696&s=books&sr=1-1&ufe=app_do%3Aamzn1.fos.006c50ae-5d4c-4777-9bc0-"
    "4513d670b6bc&linkCode=ll1&tag=miethe-20&linkId=b52fb0213a500dda92b4c952c2faa22a&language=en_US&ref_=as_li_ss_tl"
)
AMZ_CA = (
    "https://www.amazon.ca/dp/B0BJMGW6V3?th=1&linkCode=sl1&tag=eiv-20&linkId=8afc66082d293ecb6a1ec62a8ed8af7d"
    "&language=en_CA&ref_=as_li_ss_tl"
)
AMZ_JP = (
    "https://www.amazon.co.jp/dp/B08L5M9BTJ?&linkCode=ll1&tag=libetech-22&linkId=582a2d41c42b5f02b9450cbb29d3807a"
    "&language=ja_JP&ref_=as_li_ss_tl"
)
AMZ_OLD = (
    "https://www.amazon.com/Samsung-Class-Micro-Adapter-MB-MP32DA/dp/B00WR4IJBE/ref=as_li_ss_tl?ie=UTF8&qid="
    "1467843453&sr=8-5&keywords=samsung+evo++microsd&linkCode=ll1&tag=mmjjg-20&linkId=bc986cc99177f24ca4b05bca3322ad89"
)
AMZ_WIDGET = (
    "//ws-na.amazon-adsystem.com/widgets/q?ServiceVersion=20070822&OneJS=1&Operation=GetAdHtml&MarketPlace=US"
    "&source=ss&ref=as_ss_li_til&ad_type=product_link&tracking_id=lenslab0c-20&language=en_US&marketplace=amazon"
    "&region=US&placement=B07FZ8S74R&asins=B07FZ8S74R&linkId=4d7e2a1f9c3b8e6d5a0f1c2b3e4d5a6f&show_border=true"
    "&link_opens_in_new_window=true"
)
# One tag per store, to check every store host (invented tags).
AMZ_STORES = {
    "amazon.com.br": "lenslabbr-20", "amazon.com.mx": "lenslabmx-20", "amazon.co.uk": "lenslabuk-21",
    "amazon.ie": "lenslabie-21", "amazon.de": "lenslabde-21", "amazon.fr": "lenslabfr-21",
    "amazon.it": "lenslabit-21", "amazon.es": "lenslabes-21", "amazon.nl": "lenslabnl-21",
    "amazon.se": "lenslabse-21", "amazon.pl": "lenslabpl-21", "amazon.com.be": "lenslabbe-21",
    "amazon.com.tr": "lenslabtr-21", "amazon.ae": "lenslabae-21", "amazon.sa": "lenslabsa-21",
    "amazon.eg": "lenslabeg-21", "amazon.in": "lenslabin-21", "amazon.sg": "lenslabsg-22",
    "amazon.com.au": "lenslabau-22", "amazon.cn": "lenslabcn-23", "amazon.co.za": "lenslabza-21",
}

AMAZON_CASES = [
    Case(
        id="amazon-tag-books-disclosure",
        html=f'<p>I recommend <a href="{AMZ_K8S}">Kubernetes Patterns</a>.</p>\n<p><em>*This post contains affiliate links.</em></p>',
        expect=(amazon(PIDLINK, "miethe-20"),),
        note="[a-href] ref §3.9 amazon.com … tag=miethe-20 verbatim, with disclosure",
    ),
    Case(
        id="amazon-tag-ca-sitestripe",
        html=f'<a href="{AMZ_CA}">Canada</a>',
        expect=(amazon(PIDLINK, "eiv-20"),),
        note="[a-href] ref §3.9 amazon.ca expansion of amzn.to/49xs30P verbatim",
    ),
    Case(
        id="amazon-tag-jp-markdown",
        html=f"* [Amazon で見る]({AMZ_JP})\n",
        expect=(amazon(PIDLINK, "libetech-22"),),
        note="[markdown] ref §3.9 tag=libetech-22 (-22 = JP) verbatim tail, ASIN invented",
    ),
    Case(
        id="amazon-tag-old-ref-path",
        html=f"<script>var buy = '{AMZ_OLD}';</script>",
        expect=(amazon(PIDLINK, "mmjjg-20"),),
        note="[script-literal] ref §3.9 /ref=as_li_ss_tl?…&tag=mmjjg-20 verbatim",
    ),
    Case(
        id="amazon-tag-yaml-front-matter",
        html=(
            "---\ntitle: Zigbee hub\nbuy:\n  - https://www.amazon.de/dp/B09B9SWXRP?&linkCode=ur2&linkId="
            "f8f98039c8a5393630e52926f92c9a9a&tag=haade0a-21\n---\n"
        ),
        expect=(amazon(PIDLINK, "haade0a-21"),),
        note="[yaml] ref §3.9 …&linkCode=ur2&linkId=…&tag=haade0a-21 in YAML front matter verbatim tail",
    ),
    Case(
        id="amazon-tag-every-store",
        html="<ul>\n"
        + "".join(
            f'<li><a href="https://www.{host}/dp/B07FZ8S74R?tag={tag}&linkCode=ll1">{host}</a></li>\n'
            for host, tag in AMZ_STORES.items()
        )
        + "</ul>",
        expect=tuple(amazon(PIDLINK, tag) for tag in AMZ_STORES.values()),
        note="[whole-page] one invented tag per Amazon store host (each host of the rule)",
    ),
    Case(
        id="amazon-tag-smile-amp-ascsubtag",
        html='<a href="https://smile.amazon.com/gp/product/B07FZ8S74R/?ie=UTF8&amp;tag=bikeshed05-20&amp;ascsubtag=post-17">Smile</a>',
        expect=(amazon(PIDLINK, "bikeshed05-20"),),
        note="[a-href-amp] invented: smile.amazon.com subdomain, &amp;, ascsubtag",
    ),
    Case(
        id="amazon-tag-onclick-location",
        html="<button onclick=\"location.href='https://www.amazon.co.uk/s?k=gpu&tag=kitchenuk-21'\">Search Amazon</button>",
        expect=(amazon(PIDLINK, "kitchenuk-21"),),
        note="[onclick] invented: search page link with a tag",
    ),
    Case(
        id="amazon-tag-bare-in-text",
        html="<p>Link: amazon.com/dp/B0BJMGW6V3?tag=lenslab0c-20</p>",
        expect=(amazon(PIDLINK, "lenslab0c-20"),),
        note="[text] invented: scheme-less Amazon link in prose",
    ),
    Case(
        id="amazon-short-amzn-to",
        html='<a href="https://amzn.to/49xs30P">Amazon</a>',
        expect=(amazon(SHORT),),
        note="[a-href] ref §3.9 amzn.to/49xs30P verbatim",
    ),
    Case(
        id="amazon-short-amzn-to-bare-text",
        html="<p>Check price: amzn.to/3xYzAbC (paid link)</p>",
        expect=(amazon(SHORT),),
        note="[text] invented amzn.to code pasted without scheme",
    ),
    Case(
        id="amazon-wrapped-geniuslink",
        html=(
            '<a href="https://buy.geni.us/Proxy.ashx?TSID=3088&GR_URL='
            + quote("https://www.amazon.com/dp/B0BJMGW6V3?tag=eiv-20&linkCode=sl1", safe="")
            + '">Buy</a>'
        ),
        expect=(amazon(PIDLINK, "eiv-20"),),
        note="[wrapped] ref §3.9 buy.geni.us/Proxy.ashx?…&GR_URL=<encoded amazon URL with tag>",
    ),
    Case(
        id="amazon-wrapped-jianshu",
        html=f'<a href="{jianshu("https://amzn.to/49xs30P")}">亚马逊</a>',
        expect=(amazon(SHORT),),
        note="[wrapped] links.jianshu.com/go?to=<encoded amzn.to>",
    ),
    Case(
        id="amazon-adsystem-x-c-with-tag",
        html=(
            '<a href="https://aax-us-east.amazon-adsystem.com/x/c/QkF3Zm9yX2V4YW1wbGU/https://www.amazon.com/'
            'dp/B07FZ8S74R?tag=lenslab0c-20&linkCode=osi">Product</a>'
        ),
        expect=(amazon(PIDLINK, "lenslab0c-20"),),
        note="[wrapped] ref §3.9 <region>.amazon-adsystem.com/x/c/<id>/<URL>: the tagged store URL inside",
    ),
    Case(
        id="amazon-adsystem-x-c-no-tag",
        html='<a href="https://aax-eu.amazon-adsystem.com/x/c/Qm9va3NfZXhhbXBsZQ/https://www.amazon.de/dp/B09B9SWXRP">Produkt</a>',
        expect=(amazon(CLICK),),
        note="[a-href] ref §3.9 /x/c/ wrapper alone: click link, id hidden",
    ),
    Case(
        id="amazon-widget-iframe-tracking-id",
        html=f'<iframe style="width:120px;height:240px;" marginwidth="0" scrolling="no" frameborder="0" src="{AMZ_WIDGET}"></iframe>',
        expect=(amazon(ADSLOT, "lenslab0c-20"),),
        note="[iframe-src] invented SiteStripe product-link iframe (widgets/q …tracking_id=)",
    ),
    Case(
        id="amazon-widget-rcm-e-cm",
        html='<iframe src="//rcm-na.amazon-adsystem.com/e/cm?t=bikeshed05-20&o=1&p=8&l=as1&asins=B07FZ8S74R&ref=tf_til&fc1=000000&IS2=1&lt1=_blank" width="120" height="240"></iframe>',
        expect=(amazon(ADSLOT, "bikeshed05-20"),),
        note="[iframe-src] invented old rcm-na.amazon-adsystem.com/e/cm?t=<tag> iframe",
    ),
    Case(
        id="amazon-widget-ir-pixel",
        html='<img src="//ir-na.amazon-adsystem.com/e/ir?t=bikeshed05-20&l=am2&o=1&a=B07FZ8S74R" width="1" height="1" border="0" alt="" style="border:none !important; margin:0px !important;" />',
        expect=(amazon(ADSLOT, "bikeshed05-20"),),
        note="[img-src] invented Associates impression pixel e/ir?t=<tag>",
    ),
    Case(
        id="amazon-native-ads-script",
        html=(
            '<script type="text/javascript">\namzn_assoc_placement = "adunit0";\namzn_assoc_search_bar = "true";\n'
            'amzn_assoc_tracking_id = "kitchenjp-20";\namzn_assoc_ad_mode = "manual";\namzn_assoc_ad_type = "smart";\n'
            'amzn_assoc_marketplace = "amazon";\namzn_assoc_region = "US";\n</script>\n'
            '<script src="//z-na.amazon-adsystem.com/widgets/onejs?MarketPlace=US"></script>'
        ),
        expect=(amazon(ADSLOT, "kitchenjp-20"), amazon(ADSLOT)),
        note="[whole-page] invented native shopping ads: amzn_assoc_tracking_id + onejs loader",
    ),
    Case(
        id="amazon-omakase-ad-tag",
        html='<script type="text/javascript"><!--\namazon_ad_tag = "bikeshed05-20"; amazon_ad_width = "728"; amazon_ad_height = "90";//--></script>',
        expect=(amazon(ADSLOT, "bikeshed05-20"),),
        note="[script-literal] invented older Omakase snippet amazon_ad_tag = \"…\"",
    ),
    Case(
        id="amazon-obidos-path-tag",
        html='<a href="http://www.amazon.com/exec/obidos/ASIN/0596007124/bikeshed05-20">Head First Design Patterns</a>',
        expect=(amazon(PIDLINK, "bikeshed05-20"),),
        note="[a-href] invented pre-2008 /exec/obidos/ASIN/<asin>/<tag> link",
    ),
    Case(
        id="amazon-obidos-redirect-home",
        html="<!-- http://www.amazon.co.uk/exec/obidos/redirect-home/kitchenuk-21 -->",
        expect=(amazon(PIDLINK, "kitchenuk-21"),),
        note="[comment] invented /exec/obidos/redirect-home/<tag> store link in a comment",
    ),
]

# --- Older Chinese CPS networks and global networks (ref §3.11) --------------------------------

OTHER_CASES = [
    Case(
        id="yiqifa-c-website-id",
        html='<a href="https://p.yiqifa.com/c?s=6d9eafeb&w=253302&c=5528&i=13362&l=0&e=win8-1&t=https://www.uzai.com">众信旅游</a>',
        expect=(Expect("yiqifa", CLICK, "253302"),),
        note="[a-href] ref §3.11 p.yiqifa.com/c?…&w=253302 verbatim",
    ),
    Case(
        id="yiqifa-n-opaque-meta-refresh",
        html=(
            '<meta http-equiv="refresh" content="0; url=http://p.yiqifa.com/n?k=2mLErnyS6ZLErI6HWN3LrnRSWNjSrI6H'
            '2mLErntmWZLErI6H&e=blog&t=http://www.vancl.com/">'
        ),
        expect=(Expect("yiqifa", CLICK),),
        note="[meta-refresh] ref §3.11 /n?k=<opaque>&e=<euid>&t=<target>; invented k",
    ),
    Case(
        id="duomai-track-data-link",
        html='<p>到 <a data-link="1" href="https://c.duomai.com/track.php?site_id=242986&euid=&t=https://intel.jd.com/">英特尔京东自营店</a> 看看</p>',
        expect=(Expect("duomai", CLICK, "242986"),),
        note="[a-href] ref §3.11 c.duomai.com/track.php?site_id=242986 verbatim",
    ),
    Case(
        id="duomai-track-encoded-target",
        html='<a href="https://c.duomai.com/track.php?site_id=121938&aid=84&euid=&t=http%3A%2F%2Fwww.dangdang.com%2F">当当</a>',
        expect=(Expect("duomai", CLICK, "121938"),),
        note="[a-href] ref §3.11 track.php?site_id=121938&aid=84&…&t=<encoded> verbatim ids",
    ),
    Case(
        id="chanet-click-cgi",
        html='<a href="http://count.chanet.com.cn/click.cgi?a=480126&d=365147&u=&e=&url=http%3A%2F%2Fwww.lefeng.com%2F">乐蜂网</a>',
        expect=(Expect("chanet", CLICK),),
        note="[a-href] ref §3.11 count.chanet.com.cn/click.cgi?…; invented params",
    ),
    Case(
        id="dangdang-union-transfer",
        html='<a href="http://union.dangdang.com/transfer.php?from=P-317615&ad_type=10&sys_id=1&backurl=http%3A%2F%2Fproduct.dangdang.com%2F23761145.html">当当买书</a>',
        expect=(Expect("dangdang", CLICK, "P-317615"),),
        note="[a-href] ref §3.11 union.dangdang.com/transfer.php?from=P-317615 verbatim",
    ),
    Case(
        id="ebay-rover-campid",
        html='<a href="https://rover.ebay.com/rover/1/711-53200-19255-0/1?icep_id=114&ipn=icep&toolid=20004&campid=5338123456&mpre=https%3A%2F%2Fwww.ebay.com%2Fitm%2F123456789012">eBay</a>',
        expect=(Expect("ebay", CLICK, "5338123456"),),
        note="[a-href] ref §3.11 rover.ebay.com/*?campid=; invented campid",
    ),
    Case(
        id="ebay-item-campid",
        html='<a href="https://www.ebay.co.uk/itm/234567890123?mkcid=1&mkrid=710-53481-19255-0&siteid=3&campid=5338765432&customid=blog&toolid=10001&mkevt=1">eBay UK</a>',
        expect=(Expect("ebay", PIDLINK, "5338765432"),),
        note="[a-href] invented: Partner Network store link with mkcid=1 … campid=",
    ),
    Case(
        id="rakuten-linksynergy-deeplink",
        html='<a href="https://click.linksynergy.com/deeplink?id=Xq7Vb3LmNpA&mid=24701&murl=https%3A%2F%2Fwww.example-store.com%2Fp%2F1">Store</a>',
        expect=(Expect("rakuten", CLICK, "Xq7Vb3LmNpA"),),
        note="[a-href] ref §3.11 click.linksynergy.com; invented id",
    ),
    Case(
        id="skimlinks-redirectingat",
        html='<a href="https://go.redirectingat.com/?id=123456X1234567&xs=1&url=https%3A%2F%2Fwww.example-store.com%2Fp%2F1&xcust=post17">Store</a>',
        expect=(Expect("skimlinks", CLICK, "123456X1234567"),),
        note="[a-href] ref §3.11 go.redirectingat.com; invented id",
    ),
    Case(
        id="impact-7eer",
        html='<a href="https://example-brand.7eer.net/c/1234567/123456/7890?subId1=post17">Brand</a>',
        expect=(Expect("impact", CLICK, "1234567"),),
        note="[a-href] ref §3.11 7eer.net/c/<partner>/<ad>/<program>; invented ids read from the path",
    ),
    Case(
        id="impact-sjv-text",
        html="<p>Deal: https://brand.sjv.io/c/2345678/987654/12345</p>",
        expect=(Expect("impact", CLICK, "2345678"),),
        note="[text] invented Impact sjv.io link in prose",
    ),
    Case(
        id="awin-cread",
        html='<a href="https://www.awin1.com/cread.php?awinmid=1234&awinaffid=345678&clickref=post17&p=https%3A%2F%2Fwww.example-store.com%2F">Store</a>',
        expect=(Expect("awin", CLICK, "345678"),),
        note="[a-href] ref §3.11 awin1.com … awinaffid=; invented ids",
    ),
    Case(
        id="shareasale-r-cfm",
        html='<a href="https://www.shareasale.com/r.cfm?b=123456&u=1234567&m=45678&urllink=&afftrack=">Store</a>',
        expect=(Expect("shareasale", CLICK, "1234567"),),
        note="[a-href] ref §3.11 shareasale.com/r.cfm?…u=; invented ids",
    ),
    Case(
        id="partnerize-apple-pvxt",
        html='<p>在 <a href="https://apple.pvxt.net/c/1251234/435400/7639?u=https%3A%2F%2Fwww.apple.com%2Fcn%2Fmusic%2F">Apple Music</a> 试听</p>',
        expect=(Expect("partnerize", CLICK, "1251234"),),
        note="[a-href] ref §3.11 apple.pvxt.net/c/<publisher>/… verbatim (u= target completed)",
    ),
    Case(
        id="partnerize-prf-camref",
        html=(
            '<a href="https://prf.hn/click/camref:1100l3pCm/pubref:post17/destination:'
            'https%3A%2F%2Fwww.example-store.com%2Fp%2F1">Store</a>'
        ),
        expect=(Expect("partnerize", CLICK, "1100l3pCm"),),
        note="[a-href] ref §3.11 prf.hn/click/camref:<ref>; invented camref and pubref",
    ),
    Case(
        id="cj-anrdoezrs-click",
        html='<a href="https://www.anrdoezrs.net/click-1234567-12345678?url=https%3A%2F%2Fwww.example-store.com%2F">Store</a>',
        expect=(Expect("cj", CLICK, "1234567"),),
        note="[a-href] ref §3.11 CJ click domains /click-<PID>-<ad>; invented ids",
    ),
    Case(
        id="cj-links-dlg-wrapped-weibo",
        html=f'<a href="{weibo("https://www.jdoqocy.com/links/1234567/type/dlg/https://www.example-store.com/p/1")}">网页链接</a>',
        expect=(Expect("cj", CLICK, "1234567"),),
        note="[wrapped] invented CJ deep link (/links/<pid>/type/dlg/<url>) behind weibo.cn/sinaurl",
    ),
]

# --- Ad-slot code: AdSense, Baidu Union ------------------------------------------------------------

PUB = "ca-pub-4839201756382910"

ADSLOT_CASES = [
    Case(
        id="adsense-auto-ads-script-client",
        html=f'<head><script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client={PUB}" crossorigin="anonymous"></script></head>',
        expect=(Expect("adsense", ADSLOT, PUB),),
        note="[script-src] invented: current AdSense loader with ?client=ca-pub-…",
    ),
    Case(
        id="adsense-ins-unit",
        html=(
            '<script async src="//pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>\n'
            f'<ins class="adsbygoogle" style="display:block" data-ad-client="{PUB}" data-ad-slot="7391046285" '
            'data-ad-format="auto" data-full-width-responsive="true"></ins>\n'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>"
        ),
        expect=(Expect("adsense", ADSLOT, PUB), Expect("adsense", ADSLOT)),
        note="[whole-page] invented classic responsive unit: loader (no id) + <ins data-ad-client>",
    ),
    Case(
        id="adsense-legacy-show-ads",
        html=(
            '<script type="text/javascript"><!--\ngoogle_ad_client = "pub-7612094358201746";\n/* 468x60, 08-3-12 */\n'
            'google_ad_slot = "2815930746";\ngoogle_ad_width = 468;\ngoogle_ad_height = 60;\n//-->\n</script>\n'
            '<script type="text/javascript" src="http://pagead2.googlesyndication.com/pagead/show_ads.js"></script>'
        ),
        expect=(Expect("adsense", ADSLOT, "ca-pub-7612094358201746"), Expect("adsense", ADSLOT)),
        note="[whole-page] invented pre-2010 unit: google_ad_client = \"pub-…\" (read as ca-pub-…) + show_ads.js",
    ),
    Case(
        id="adsense-legacy-format-colors",
        html=(
            '<script type="text/javascript"><!--\ngoogle_ad_client = "pub-3051846279130568";\n'
            'google_ad_width = 728;\ngoogle_ad_height = 90;\ngoogle_ad_format = "728x90_as";\n'
            'google_ad_type = "text_image";\ngoogle_color_border = "FFFFFF";\n//--></script>'
        ),
        expect=(Expect("adsense", ADSLOT, "ca-pub-3051846279130568"),),
        note="[script-literal] invented pre-2007 unit (format and colours, no ad slot yet)",
    ),
    Case(
        id="adsense-unit-shown-as-code",
        html=(
            "<pre><code>&lt;ins class=&quot;adsbygoogle&quot;\n     data-ad-client=&quot;ca-pub-5920184736251047&quot;\n"
            "     data-ad-slot=&quot;1029384756&quot;&gt;&lt;/ins&gt;</code></pre>"
        ),
        expect=(Expect("adsense", ADSLOT, "ca-pub-5920184736251047"),),
        note="[code] invented: a post showing the creator's own unit as escaped code",
    ),
    Case(
        id="adsense-client-in-script-variable",
        html=f'<script>\nwindow.siteConfig = {{ adClient: "{PUB}", analytics: "G-7XKQ2M4B1Z" }};\n</script>',
        expect=(Expect("adsense", ADSLOT, PUB),),
        note="[script-literal] invented theme config holding the publisher id (GA id beside it is not a finding)",
    ),
    Case(
        id="adsense-doubleclick-iframe",
        html=f'<iframe id="aswift_0" src="https://googleads.g.doubleclick.net/pagead/ads?client={PUB}&output=html&h=280&slotname=7391046285&adk=1234567890&w=336"></iframe>',
        expect=(Expect("adsense", ADSLOT, PUB),),
        note="[iframe-src] invented: the rendered ad iframe a saved page keeps",
    ),
    Case(
        id="adsense-unit-commented-out",
        html=f'<!-- <ins class="adsbygoogle" data-ad-slot="7391046285" data-ad-client="{PUB}"></ins> -->',
        expect=(Expect("adsense", ADSLOT, PUB),),
        note="[comment] invented: a unit commented out (slot before client)",
    ),
    Case(
        id="adsense-json-theme-config",
        html=f'<script type="application/json" id="theme">{{"ads": {{"client": "{PUB}", "slot": "7391046285"}}}}</script>',
        expect=(Expect("adsense", ADSLOT, PUB),),
        note="[json] invented static-site theme config",
    ),
    Case(
        id="baidu-cpro-id-classic",
        html=(
            '<script type="text/javascript">var cpro_id = "u2345678";</script>\n'
            '<script type="text/javascript" src="http://cpro.baidustatic.com/cpro/ui/c.js"></script>'
        ),
        expect=(Expect("baidu", ADSLOT, "u2345678"), Expect("baidu", ADSLOT)),
        note="[whole-page] invented classic Baidu Union unit: cpro_id + c.js loader",
    ),
    Case(
        id="baidu-slotbydup-cm",
        html=(
            '<script type="text/javascript">\n    (window.slotbydup = window.slotbydup || []).push({\n'
            '        id: "u3456789",\n        container: "_mspvd8xbxx",\n        async: true\n    });\n</script>\n'
            '<script type="text/javascript" src="//cpro.baidustatic.com/cpro/ui/cm.js" async="async" defer="defer"></script>'
        ),
        expect=(Expect("baidu", ADSLOT, "u3456789"), Expect("baidu", ADSLOT)),
        note="[whole-page] invented slotbydup unit + cm.js loader",
    ),
    Case(
        id="baidu-slotbydup-dup-ds",
        html=(
            "<script src=\"//dup.baidustatic.com/js/ds.js\"></script>\n"
            "<script>(window.slotbydup=window.slotbydup||[]).push({id:'u6321645',container:'ad_sidebar',size:'300,250',display:'inlay-fix'});</script>"
        ),
        expect=(Expect("baidu", ADSLOT, "u6321645"), Expect("baidu", ADSLOT)),
        note="[whole-page] invented dup.baidustatic.com/js/ds.js + slotbydup",
    ),
    Case(
        id="baidu-pos-iframe",
        html='<iframe src="https://pos.baidu.com/s?hei=250&wid=300&di=u4567890&ltu=https%3A%2F%2Fblog.example.com%2F&psi=3f2a" width="300" height="250"></iframe>',
        expect=(Expect("baidu", ADSLOT, "u4567890"),),
        note="[iframe-src] invented: rendered Baidu ad iframe pos.baidu.com/s?…&di=u…",
    ),
    Case(
        id="baidu-clb-fillslot",
        html='<script type="text/javascript" src="http://cbjs.baidu.com/js/m.js"></script>\n<script type="text/javascript">BAIDU_CLB_fillSlot("938461");</script>',
        expect=(Expect("baidu", ADSLOT, "938461"), Expect("baidu", ADSLOT)),
        note="[whole-page] invented old 百度联盟 CLB code (m.js + BAIDU_CLB_fillSlot)",
    ),
]

_PLACEMENT = re.compile(r"^\[([a-z-]+)\]")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_cases(cases: Iterable[Case], *, negative: bool = False) -> list[Case]:
    """Validate a list (unique kebab-case ids, known networks/kinds/placements, pids in the html).

    :func:`tests.detect.corpus.case.check` is Taobao's (it insists on ``mm_`` PIDs); this is
    the same contract for the other networks.
    """
    out = list(cases)
    seen: set[str] = set()
    for c in out:
        if not _ID.match(c.id) or c.id in seen:
            raise ValueError(f"id is not kebab-case or is used twice: {c.id!r}")
        seen.add(c.id)
        m = _PLACEMENT.match(c.note)
        if not m or m.group(1) not in PLACEMENTS:
            raise ValueError(f"{c.id}: note must start with a known [placement]: {c.note!r}")
        if negative and c.expect:
            raise ValueError(f"{c.id}: a negative case expects no finding")
        if not negative and not c.expect:
            raise ValueError(f"{c.id}: a positive case needs at least one Expect")
        for e in c.expect:
            if e.network not in NETWORKS or e.kind not in KINDS:
                raise ValueError(f"{c.id}: bad expectation {e!r}")
            # AdSense's old "pub-…" is reported as "ca-pub-…".
            # Vipshop's redirect.php?url=<base64 JSON> names its ucode only inside the base64.
            if e.pid is not None and e.pid.removeprefix("ca-") not in c.html + _base64_params(c.html):
                raise ValueError(f"{c.id}: expected pid {e.pid!r} does not occur in the html")
    return out


WRAPPED_CASES = [
    Case(
        id="wrapped-zhihu-vip-chantag",
        html=f'<a href="{zhihu("https://t.vip.com/zzXFmWjEg8A?chanTag=d619156f131a556c6640229727291160")}">唯品会</a>',
        expect=(Expect("vip", SHORT, "d619156f131a556c6640229727291160"),),
        note="[wrapped] link.zhihu.com half-encoded t.vip.com?chanTag=",
    ),
    Case(
        id="wrapped-csdn-meituan-runion",
        html=f'<a href="{csdn(MEITUAN_RUNION)}">美团</a>',
        expect=(Expect("meituan", CLICK, "cd23768d09c339d1641b2738df39aa67"),),
        note="[wrapped] link.csdn.net around runion (which wraps i.meituan.com in turn)",
    ),
    Case(
        id="wrapped-douban-suning-short",
        html=f'<a href="{douban("https://sugs.suning.com/HpGbzgk6")}">苏宁</a>',
        expect=(Expect("suning", SHORT),),
        note="[wrapped] douban.com/link2/?url=<encoded sugs.suning.com>",
    ),
    Case(
        id="wrapped-weibo-aliexpress-landing",
        html=f'<a href="{weibo(ALI_BEST)}">网页链接</a>',
        expect=(Expect("aliexpress", LANDING, "_DC4TnYr"),),
        note="[wrapped] weibo.cn/sinaurl?u=<encoded AliExpress landing>",
    ),
    Case(
        id="wrapped-csdn-amazon-tag",
        html=f'<a href="{csdn(AMZ_K8S)}" rel="nofollow">Amazon</a>',
        expect=(amazon(PIDLINK, "miethe-20"),),
        note="[wrapped] link.csdn.net/?target=<encoded amazon.com … tag=>",
    ),
    Case(
        id="wrapped-juejin-dpurl",
        html=f'<a href="{juejin("http://dpurl.cn/JliuGdzz")}">美团</a>',
        expect=(Expect("meituan", SHORT),),
        note="[wrapped] link.juejin.cn/?target=<encoded dpurl.cn>",
    ),
    Case(
        id="wrapped-zhihu-eleme",
        html=f'<p>外卖红包：<a href="{zhihu("https://s.click.ele.me/qx45rsu")}">s.click.ele.me/qx45rsu</a></p>',
        expect=(Expect("taobao", SHORT),),
        note="[wrapped] link.zhihu.com around s.click.ele.me; anchor text repeats the link",
    ),
    Case(
        id="wrapped-weibo-didi",
        html=f'<a href="{weibo("https://v.didi.cn/eoQRvjW?source_id=100001000946181&ref_from=dunion")}">滴滴</a>',
        expect=(Expect("didi", SHORT, "100001000946181"),),
        note="[wrapped] weibo.cn/sinaurl?u=<encoded v.didi.cn union link>",
    ),
    Case(
        id="wrapped-jianshu-pdd-app-html-double-encoded",
        html=f'<a href="{jianshu(PDD_LAUNCH)}">拼多多</a>',
        expect=(pdd(PIDLINK, "1860931_43746459"),),
        note="[wrapped] links.jianshu.com/go?to=<app.html?launch_url=…> (pid now double-encoded)",
    ),
]

# --- engine gaps closed and formats the first rule set missed (issue 3) ----------------------------

JD_JDA_SHARE = (
    "https://union-click.jd.com/jda?e=99_2|99_2|1_2_2|tagA&p=AyIPZRprFDJWWA1FBCVbV0IUEEULWldTCQ"
    "&t=W1dCFBBFC1pXUwkEAEAdQFkJBVsV"
)
DOUYIN_ITEM = (
    "https://haohuo.jinritemai.com/views/product/item2?id=3458623526729304782&origin_type=3002070010"
    "&origin_id=99514375927_3458623526729304782&alkey=1128_99514375927_0_3458623526729304782_010"
    "&sec_author_id=MS4wLjABAAAA2I9NdgAKZrz9e0tLm1csyDMNqLESPDm34TdYYqXe8-I&c_biz_combo=8"
)
VIP_MINI_PATH = (
    "pages/goodsDetail/goodsDetail?brandId=1710613239&tra_from=adp%3AC01V4mpu06pdygk0%3A%3Amig_code"
    "%3Ad619156f131a556c6640229727291160%3A%3A&chl_type=wxk"
)
ELEME_ALIPAY = (
    "alipays://platformapi/startapp?appId=2021001110676437&page=plugin-private%3A%2F%2F2021004134685665"
    "%2Fpages%2Ftaoke-guide%2Findex%3Fscene%3D081e3131d0934040854434b14c747068"
)

GAP_CASES = [
    # ids from a second parameter (id_fields)
    Case(
        id="jd-legacy-site-id",
        html='<a href="http://click.union.360buy.com/JdClick/?unionId=16282&siteId=14491863&to=http://www.360buy.com/">京东</a>',
        expect=(jd(LEGACY, "16282"),),
        note="[a-href] ref §3.1 unionId + siteId verbatim: the site id fills site_id",
    ),
    # URL ends in share text
    Case(
        id="jd-jda-share-text-pipe",
        html=f"<p>【京东】好物推荐 {JD_JDA_SHARE}|复制到浏览器打开</p>",
        expect=(jd(CLICK),),
        note="[text] ref §3.1 jda?e=99_2|99_2|1_2_2|tagA: the |s inside the query belong to the link, "
        "the | after it ends it (p/t invented)",
    ),
    Case(
        id="jd-landing-fullwidth-bar-ends-link",
        html="<p>京东自营 https://item.jd.com/100012043978.html?cu=true&utm_campaign=t_1001706833_&utm_term=abc｜点击购买</p>",
        expect=(jd(LANDING, "1001706833"),),
        note="[text] a full-width ｜ after the query ends the link (union id ref §3.1)",
    ),
    Case(
        id="jd-short-ideographic-space",
        html="<p>京东：https://u.jd.com/r1sVR9U\u3000手慢无</p>",
        expect=(jd(SHORT),),
        note="[text] ref §3.1 u.jd.com/r1sVR9U verbatim, followed by an ideographic space",
    ),
    # tokens two networks share (yield_words / own_words)
    Case(
        id="jd-token-eleven-in-jd-share-text",
        html="<p>【京东】复制整段话 ￥AbCdEf12345￥ 打开京东APP</p>",
        expect=(jd(TOKEN),),
        note="[text] an 11-character 口令 in Taobao's shape with JD words around it (and no Taobao word)",
    ),
    Case(
        id="jd-token-eleven-emoji-clipboard",
        html='<button data-clipboard-text="💰Xy7Kp2Lm9Qa💰 复制后打开京东App">复制口令</button>',
        expect=(jd(TOKEN),),
        note="[data-attr] an 11-character 口令 between emoji next to 京东",
    ),
    Case(
        id="taobao-token-beside-jd-link-in-another-paragraph",
        html="<p>蒙牛牛奶 ￥xutOgMtfvNU￥/ CZ0001</p>\n<p>https://u.jd.com/XaEB1jq</p>",
        expect=(Expect("taobao", TOKEN), jd(SHORT)),
        note="[whole-page] ref §2.3 #13 token and JD link, in two paragraphs: each string is judged "
        "by its own words",
    ),
    # ids in URL paths
    Case(
        id="impact-pxf-path-ids-encoded-target",
        html='<a href="https://brand.pxf.io/c/3456789/1234567/12345?u=https%3A%2F%2Fwww.example-store.com%2Fp%2F1">Brand</a>',
        expect=(Expect("impact", CLICK, "3456789"),),
        note="[a-href] invented Impact pxf.io vanity host: partner id read from the path",
    ),
    Case(
        id="cj-dpbolvw-click-text",
        html="<p>Shop: https://www.dpbolvw.net/click-8765432-13579246</p>",
        expect=(Expect("cj", CLICK, "8765432"),),
        note="[text] invented CJ link in prose; PID from the path",
    ),
    # co-required parameters (require_params)
    Case(
        id="aliexpress-landing-sk-with-aff-fcid",
        html=(
            '<a href="https://www.aliexpress.us/item/3256804512345678.html?sk=_mKqN2x9&aff_fcid='
            '0a1b2c3d4e5f60718293a4b5c6d7e8f9-1700000000123-04567-_mKqN2x9">AliExpress US</a>'
        ),
        expect=(Expect("aliexpress", LANDING, "_mKqN2x9"),),
        note="[a-href] invented aliexpress.us landing: aff_fcid beside sk",
    ),
    # Vipshop, Ele.me, DiDi aggregator, Douyin (ref §3.3, §3.6–3.8)
    Case(
        id="vip-miniprogram-tra-from-chantag",
        html=(
            f'<a data-miniprogram-appid="wxe9714e742209d35f" data-miniprogram-path="{VIP_MINI_PATH}">'
            "唯品会小程序</a>"
        ),
        expect=(Expect("vip", MINI, "d619156f131a556c6640229727291160"),),
        note="[data-attr] ref §3.3 mini-program tra_from=adp%3A…%3A%3Amig_code%3A<chanTag> verbatim",
    ),
    Case(
        id="vip-miniprogram-tra-from-json-decoded",
        html='<script>var mp = {"path": "pages/index/index?tra_from=adp:C01V4mpu06pdygk0::mig_code:a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6:&chl_type=wxk"};</script>',
        expect=(Expect("vip", MINI, "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"),),
        note="[json] the same path decoded (invented chanTag)",
    ),
    Case(
        id="eleme-alipay-taoke-guide",
        html=f'<a href="{ELEME_ALIPAY}">饿了么红包</a>',
        expect=(Expect("taobao", MINI),),
        note="[a-href] ref §3.6 alipays://platformapi/startapp?…taoke-guide…scene= verbatim",
    ),
    Case(
        id="jutuike-aggregator-click",
        html='<a href="https://wx.91jdj.cn/?a=25ee321ae0f7f9be&u=myxq_28931&t=5&type=rx">外卖红包</a>',
        expect=(Expect("jutuike", CLICK, "myxq_28931"),),
        note="[a-href] ref §3.7 聚推客-type aggregator verbatim (apikey a, user u)",
    ),
    Case(
        id="douyin-landing-origin-id",
        html=f'<a href="{DOUYIN_ITEM}">抖音同款</a>',
        expect=(Expect("douyin", LANDING, "99514375927"),),
        note="[a-href] ref §3.8 item2 … origin_type + origin_id=<author>_<item> verbatim",
    ),
    Case(
        id="douyin-colonel-detail-url-json",
        html='<script>var g = {"detail_url": "https://haohuo.jinritemai.com/views/product/item2?id=3521469173828420190&origin_colonel_buyin_id=7012345678901234567&activity_id=100"};</script>',
        expect=(Expect("douyin", LANDING, "7012345678901234567"),),
        note="[json] ref §3.8 团长 origin_colonel_buyin_id in detail_url (invented ids)",
    ),
    Case(
        id="douyin-landing-wrapped-weibo",
        html=f'<a href="{weibo(DOUYIN_ITEM)}">网页链接</a>',
        expect=(Expect("douyin", LANDING, "99514375927"),),
        note="[wrapped] weibo.cn/sinaurl?u=<encoded Douyin landing>",
    ),
    # global networks of the reference's list (ref §3.11 "Global list")
    Case(
        id="admitad-g-click",
        html='<a href="https://ad.admitad.com/g/1e8d114494b7e165239416525dc3e8/?ulp=https%3A%2F%2Fwww.example-store.com%2Fp%2F1&subid=post17">Store</a>',
        expect=(Expect("admitad", CLICK),),
        note="[a-href] ref §3.11 admitad (ad.admitad.com/g/); invented hash",
    ),
    Case(
        id="clickbank-hop-affiliate",
        html='<a href="https://hop.clickbank.net/?affiliate=lenslab&vendor=fitbook&tid=post17">Guide</a>',
        expect=(Expect("clickbank", CLICK, "lenslab"),),
        note="[a-href] ref §3.11 Clickbank hop link; invented nickname",
    ),
    Case(
        id="clickbank-hop-host-form",
        html="<p>Get it: http://lenslab.fitbook.hop.clickbank.net/</p>",
        expect=(Expect("clickbank", CLICK),),
        note="[text] older <affiliate>.<vendor>.hop.clickbank.net form (id in the host, not read)",
    ),
    Case(
        id="pepperjam-pntra-click",
        html='<a href="https://www.pntra.com/t/TUJGRklGR0pGTUlOQUdIQE1KRklJ?url=https%3A%2F%2Fwww.example-store.com%2F">Store</a>',
        expect=(Expect("pepperjam", CLICK),),
        note="[a-href] ref §3.11 Pepperjam tracking domain /t/<code>; invented code",
    ),
    Case(
        id="flipkart-affid",
        html='<a href="https://www.flipkart.com/apple-iphone-15/p/itm6ac6485515ae4?pid=MOBGTAGPTB3VS24W&affid=lenslabin&affExtParam1=post17">Flipkart</a>',
        expect=(Expect("flipkart", PIDLINK, "lenslabin"),),
        note="[a-href] ref §3.11 Flipkart affid=; invented id",
    ),
    Case(
        id="booking-aid-label",
        html='<a href="https://www.booking.com/hotel/fr/le-petit-paris.html?aid=1234567&label=post17">Hotel</a>',
        expect=(Expect("booking", PIDLINK, "1234567"),),
        note="[a-href] ref §3.11 Booking aid=; invented partner id",
    ),
    Case(
        id="banggood-p-code",
        html="<p>Drone deal: https://www.banggood.com/Wholesale-Drones-ca-7006.html?p=QW0310291358201409BH</p>",
        expect=(Expect("banggood", PIDLINK, "QW0310291358201409BH"),),
        note="[text] ref §3.11 Banggood p=; invented code",
    ),
    # engine bugs fixed earlier, kept as positives
    Case(
        id="bare-link-with-s-or-k-in-path",
        html="<p>京东 PLUS 会员价：u.jd.com/r1sVR9U 手慢无</p>",
        expect=(jd(SHORT),),
        note="[text] ref §3.1 u.jd.com/r1sVR9U verbatim, scheme-less (was cut at 'r1' by Unicode "
        "case folding of the path class)",
    ),
    Case(
        id="base64-wrapper-without-trigger",
        html=f'<a href="{segmentfault("https://s.click.aliexpress.com/e/_DmJmxVD")}">速卖通</a>',
        expect=(Expect("aliexpress", SHORT),),
        note="[wrapped] link.segmentfault.com/?enc=<base64>: no host shows before decoding",
    ),
]

# Rules added for issue 3's second pass; publication forms of them are in published.py.
JD_AD_P = "ABUFVRxeFAsTNwpfBkgyTUMIRmtKRk9aZV8ETVxNNwpfBkgyYXNXRkVqUm9nB186ZX9zUFdEM2cCRAtZK1kSAhEFUB1YHTIUAF0TXhIKFjdlRB9IXyJMOxprSkZPWmUbXhAEFAVcHFgSBhoPZRo%3D"
RULES2_CASES = [
    Case(
        id="jd-union-banner-unit",
        html=(
            '<div class="ad"><script type="text/javascript">var jd_union_unid="1000349370",'
            'jd_ad_ids="506:6",jd_union_pid="CJfCycDhKxC6vYDdAxoAILC+mdcDKgA=";var jd_width=760;'
            f'var jd_height=90;var jd_union_euid="";var p="{JD_AD_P}";</script>'
            '<script type="text/javascript" charset="utf-8" src="//u.x.jd.com/static/js/auto.js">'
            "</script></div>"
        ),
        expect=(jd(ADSLOT, "1000349370"), jd(ADSLOT)),
        note="[script-literal] JD Union 橱窗/banner unit as sites paste it (gh-index:25595741561, "
        "gh-index:33614276): jd_union_unid and the u.x.jd.com/static/js/auto.js loader (as "
        "Alimama's inf.js units: the unit and its loader)",
    ),
    Case(
        id="jd-union-ad-loader-alone",
        html='<script type="text/javascript" charset="utf-8" src="http://u-x.jd.com/static/js/auto.js"></script>',
        expect=(jd(ADSLOT),),
        note="[script-src] the loader whose unit script was removed: still JD Union ad code",
    ),
    Case(
        id="pdd-miniprogram-relative-src",
        html=(
            '<a data-miniprogram-appid="wx32540bd863b27570" data-miniprogram-path="pages/web/web?'
            "specialUrl=1&src=duo_coupon_landing.html%3Fgoods_id%3D2478116379%26pid%3D1860931_43746459"
            '%26cpsSign%3DCC1860931_43746459_01cb1d6f45ae5bc9d01581525853593e">拼多多</a>'
        ),
        expect=(pdd(MINI, "1860931_43746459"),),
        note="[data-attr] ref §3.2 WeChat app wx32540bd863b27570 pages/web/web?specialUrl=1&src=…, "
        "src relative (launch_url style), pid read inside",
    ),
    Case(
        id="aliexpress-deep-link-js",
        html=(
            "<script>\nvar redir = 'https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_ADYtvX"
            "&dl_target_url=https://www.aliexpress.com/item/1005006861760459.html';\n</script>"
        ),
        expect=(Expect("aliexpress", CLICK, "_ADYtvX"),),
        note="[script-literal] Portals deep link (gh-index:17567238 shape), key as the id",
    ),
    Case(
        id="amazon-amzn-com-tag",
        html='<p>Buy it: <a href="http://amzn.com/B00X4WHP5E?tag=lenslab0c-20">amzn.com/B00X4WHP5E</a></p>',
        expect=(amazon(PIDLINK, "lenslab0c-20"),),
        note="[a-href] amzn.com short domain with an ASIN and an Associates tag",
    ),
    Case(
        id="amazon-storefront-link",
        html='<a href="https://www.amazon.com/shop/lenslabreviews?ref=ac_inf_hm_vp">My Amazon storefront</a>',
        expect=(amazon("storefront"),),
        note="[a-href] Amazon Influencer storefront amazon.com/shop/<handle>",
    ),
    Case(
        id="duomai-show-iframe",
        html=(
            "<iframe marginwidth='0' marginheight='0' frameborder='0' scrolling='no' src='http://c.duomai.com/"
            "show.php?site_id=70635&aid=387&lid=826149&euid=pcindex' width='990' height='106'></iframe>"
        ),
        expect=(Expect("duomai", ADSLOT, "70635"),),
        note="[iframe-src] Duomai banner iframe show.php (gh-index:25595741561), site_id the id",
    ),
    Case(
        id="adsense-for-search-box",
        html=(
            '<form action="https://www.google.com/cse" id="cse-search-box"><div>'
            '<input type="hidden" name="cx" value="partner-pub-7638076456673025:8482957247" />'
            '<input type="hidden" name="ie" value="UTF-8" /><input type="text" name="q" size="31" />'
            "</div></form>"
        ),
        expect=(Expect("adsense", ADSLOT, "ca-pub-7638076456673025"),),
        note="[form] AdSense for Search box: cx=partner-pub-…:<engine> (gh-index:36431203154)",
    ),
]

# --- Issue 15: cloud, VPS and hosting referral programmes; Tencent 优量汇 web ads ------------
# Shapes as creators publish them in READMEs, blog posts and site footers (gh-index ids cited
# where a form was seen); the ids themselves are invented.

QCLOUD_KEY = "4c2f9a0e7b1d3e5f6a8b9c0d1e2f3a4b"
HUAWEI_ACCT = "3f6c1b2a-9d8e-4f7a-b6c5-d4e3f2a1b0c9"
BAIDU_AMB = "8e1d2c3b4a5f60718293a4b5c6d7e8f9"
LINODE_R = "0a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4"

PROGRAMME_CASES = [
    Case(
        id="aliyun-minisite-goods-markdown",
        html="推荐配置：[阿里云高性能服务器，1核1g最低89](https://www.aliyun.com/minisite/goods?userCode=k3v9xq2m)\n",
        expect=(Expect("aliyun", PIDLINK, "k3v9xq2m"),),
        note="[markdown] 云大使 minisite/goods?userCode= in a README (gh-index:1250678283 shape)",
    ),
    Case(
        id="aliyun-activity-selection-a-href",
        html=(
            '<a href="https://www.aliyun.com/daily-act/ecs/activity_selection?userCode=k3v9xq2m" '
            'target="_blank">阿里云优惠券：点我领取</a>'
        ),
        expect=(Expect("aliyun", PIDLINK, "k3v9xq2m"),),
        note="[a-href] daily-act/ecs/activity_selection?userCode= (gh-index:53118395943 shape)",
    ),
    Case(
        id="aliyun-sharetouser-footer",
        html=(
            '<p>服务器：<a href="https://promotion.aliyun.com/ntms/act/ambassador/sharetouser.html'
            '?userCode=50qwe7ty&amp;utm_source=50qwe7ty" rel="nofollow">阿里云</a></p>'
        ),
        expect=(Expect("aliyun", PIDLINK, "50qwe7ty"),),
        note="[a-href-amp] promotion.aliyun.com ambassador page, utm_source repeating the code "
        "(gh-index:1465016329 shape)",
    ),
    Case(
        id="aliyun-usercode-js-config",
        html='<script>\nconst L = { ali: "https://cn.aliyun.com/minisite/goods?userCode=t4yv8hci" };\n</script>',
        expect=(Expect("aliyun", PIDLINK, "t4yv8hci"),),
        note="[script-literal] a bot's link table on cn.aliyun.com (gh-index:58421338197 shape)",
    ),
    Case(
        id="qcloud-cps-redirect-a-href",
        html=(
            f'<a href="https://cloud.tencent.com/act/cps/redirect?redirect=2446&cps_key={QCLOUD_KEY}'
            '&from=console" target="_blank">PESCMS用户也可以考虑使用腾讯云</a>'
        ),
        expect=(Expect("tencentcloud", CLICK, QCLOUD_KEY),),
        note="[a-href] act/cps/redirect?redirect=&cps_key=&from=console (gh-index:21793623789 shape)",
    ),
    Case(
        id="qcloud-cps-redirect-badge-markdown",
        html=(
            "[![](https://img.shields.io/badge/AD-Tencent%20Kubernetes%20Engine-blue.svg)]"
            f"(https://cloud.tencent.com/act/cps/redirect?redirect=10058&cps_key={QCLOUD_KEY})\n"
        ),
        expect=(Expect("tencentcloud", CLICK, QCLOUD_KEY),),
        note="[markdown] an AD badge linking the CPS redirect (gh-index:6232946394 shape)",
    ),
    Case(
        id="qcloud-curl-short-markdown",
        html="* 腾讯云秒杀场：[点我进入](https://curl.qcloud.com/4yEoRq7u)。\n* 腾讯云优惠券：[点我领取](https://curl.qcloud.com/5J4nAg8D)。\n",
        expect=(Expect("tencentcloud", SHORT),),
        note="[markdown] curl.qcloud.com promoter short links (gh-index:5130648019 shape)",
    ),
    Case(
        id="qcloud-curl-short-script-comment",
        html="<script>\n// 用户从作者推广链接 https://curl.qcloud.com/9j4S4hUg 购买同款实例\n</script>",
        expect=(Expect("tencentcloud", SHORT),),
        note="[script-literal] a deploy script naming the author's promoter link (gh-index:58633791003 shape)",
    ),
    Case(
        id="huaweicloud-fromacct-markdown",
        html=(
            "> 国内常见云平台：[华为云](https://activity.huaweicloud.com/discount_area_v5/index.html"
            f"?fromacct={HUAWEI_ACCT}&utm_source=bGVpZmVuZ3lhbmc==&utm_medium=cps&utm_campaign=201905)\n"
        ),
        expect=(Expect("huaweicloud", PIDLINK, HUAWEI_ACCT),),
        note="[markdown] activity.huaweicloud.com …?fromacct=<uuid>&utm_medium=cps (gh-index:1465016329 shape)",
    ),
    Case(
        id="huaweicloud-fromacct-product-a-href",
        html=(
            f'<a href="https://www.huaweicloud.com/product/obs.html?fromacct={HUAWEI_ACCT}'
            '&utm_source=bmV0MjAy=&utm_medium=cps&utm_campaign=201905" rel="noreferrer" '
            'target="_blank" class="btn btn-default btn-xs">开通地址</a>'
        ),
        expect=(Expect("huaweicloud", PIDLINK, HUAWEI_ACCT),),
        note="[a-href] a product page with fromacct in a settings screen (gh-index:17478716722 shape)",
    ),
    Case(
        id="baiducloud-ambassador-markdown",
        html=(
            "4. 百度云: [2核2G1M云服务器首年仅59元](https://cloud.baidu.com/campaign/ambassador-product/"
            f"index.html?ambassadorId={BAIDU_AMB}#knowledge-bcc);\n"
        ),
        expect=(Expect("baiducloud", PIDLINK, BAIDU_AMB),),
        note="[markdown] 推广大使 ambassador-product?ambassadorId= (gh-index:54294883337 shape)",
    ),
    Case(
        id="baiducloud-ambassador-js-table",
        html=(
            "<script>\nconst plans = [{ platform: '百度·千帆', link: 'https://cloud.baidu.com/campaign/"
            f"ambassador-product/index.html?ambassadorId={BAIDU_AMB}#knowledge-model' }}];\n</script>"
        ),
        expect=(Expect("baiducloud", PIDLINK, BAIDU_AMB),),
        note="[script-literal] a price table's link (gh-index:53113560569 shape)",
    ),
    Case(
        id="vultr-ref-markdown",
        html="推荐[Vultr](https://www.vultr.com/?ref=8123456-6G)、Vultr为推广链接，新用户注册有赠送\n",
        expect=(Expect("vultr", PIDLINK, "8123456-6G"),),
        note="[markdown] vultr.com/?ref=<n>-6G promotional variant (gh-index:45106542842 shape)",
    ),
    Case(
        id="vultr-ref-a-href",
        html='<a href="https://www.vultr.com/?ref=7654321" rel="sponsored">Vultr</a>',
        expect=(Expect("vultr", PIDLINK, "7654321"),),
        note="[a-href] plain affiliate ref (gh-index:17100275108 shape)",
    ),
    Case(
        id="digitalocean-mdoco-markdown",
        html="- 💧 **[DigitalOcean](https://m.do.co/c/0a9b8c7d6e5f)** — $200 免费额度\n",
        expect=(Expect("digitalocean", SHORT, "0a9b8c7d6e5f"),),
        note="[markdown] m.do.co/c/<12 hex> referral (gh-index:33391351683 shape)",
    ),
    Case(
        id="digitalocean-refcode-a-href",
        html='<a href="https://www.digitalocean.com/?refcode=1a2b3c4d5e6f&utm_campaign=Referral_Invite">DO</a>',
        expect=(Expect("digitalocean", PIDLINK, "1a2b3c4d5e6f"),),
        note="[a-href] digitalocean.com/?refcode= (gh-index:29530404 shape)",
    ),
    Case(
        id="linode-referral-table",
        html=f"| Japan | $5 | 1GB | Paypal | [Linode](https://www.linode.com/?r={LINODE_R}) |\n",
        expect=(Expect("linode", PIDLINK, LINODE_R),),
        note="[markdown] linode.com/?r=<40 hex> in a provider table (gh-index:41998211289 shape)",
    ),
    Case(
        id="linode-referral-a-title",
        html=(
            '<a title="This link has my referral code" '
            f'href="https://www.linode.com/?r={LINODE_R}">Linode</a>'
        ),
        expect=(Expect("linode", PIDLINK, LINODE_R),),
        note="[a-href] (gh-index:2101237029 shape)",
    ),
    Case(
        id="bandwagonhost-aff-markdown",
        html="- VPS：搬瓦工 [通过我的购买链接购买](https://bandwagonhost.com/aff.php?aff=46123)\n",
        expect=(Expect("bandwagonhost", CLICK, "46123"),),
        note="[markdown] WHMCS aff.php?aff= (gh-index:10609052023 shape)",
    ),
    Case(
        id="bandwagonhost-aff-plan-js",
        html="<script>\nconst affiliateBase = 'https://bandwagonhost.com/aff.php?aff=13725&pid=87';\n</script>",
        expect=(Expect("bandwagonhost", CLICK, "13725"),),
        note="[script-literal] aff with a plan id (gh-index:56085401820 shape)",
    ),
    Case(
        id="racknerd-aff-table",
        html="| 1核 | 1GB | 20GB | [racknerd购买](https://my.racknerd.com/aff.php?aff=9876&pid=879) |\n",
        expect=(Expect("racknerd", CLICK, "9876"),),
        note="[markdown] my.racknerd.com/aff.php?aff=&pid= (gh-index:4586180647 shape)",
    ),
    Case(
        id="racknerd-aff-a-href",
        html='<a href="https://my.racknerd.com/aff.php?aff=18521" target="_blank" rel="noopener noreferrer">RackNerd</a>',
        expect=(Expect("racknerd", CLICK, "18521"),),
        note="[a-href] (gh-index:1270172229 shape)",
    ),
    Case(
        id="gdt-unjs-loader-and-unit",
        html=(
            '<script src="https://qzs.gdtimg.com/union/res/union_sdk/page/unjs/unjs.min.js"></script>\n'
            "<script>\nwindow.TencentGDT = window.TencentGDT || [];\nwindow.TencentGDT.push({\n"
            "  placement_id: '7031413334386162', // 广告位id\n  app_id: '1110344123',\n"
            "  type: 'native',\n  count: 1\n});\n</script>"
        ),
        expect=(Expect("gdt", ADSLOT), Expect("gdt", ADSLOT, "7031413334386162")),
        note="[script-src] 优量汇 H5 SDK loader and a unit (gh-index:38786679085 shape)",
    ),
    Case(
        id="gdt-legacy-posid-interstitial",
        html=(
            '<script>var TencentGDT=TencentGDT||[];TencentGDT.push({posid:"1070707009505555",'
            'appid:"1103442220",type:"interstitial",showmask:true});</script>\n'
            '<script src="//qzs.qq.com/qzone/biz/res/i.js" async></script>'
        ),
        expect=(Expect("gdt", ADSLOT), Expect("gdt", ADSLOT, "1070707009505555")),
        note="[script-literal] 广点通 older posid/appid unit and the i.js loader (gh-index:47642003690 shape)",
    ),
]

CASES: list[Case] = check_cases(
    JD_CASES + PDD_CASES + CN_CASES + ALI_CASES + AMAZON_CASES + OTHER_CASES + ADSLOT_CASES
    + WRAPPED_CASES + GAP_CASES + RULES2_CASES + PROGRAMME_CASES
)

#: Forms the engine cannot read yet; kept as data for when it can (not run as tests).
UNSUPPORTED: list[Case] = check_cases([
    Case(
        id="unsupported-adsense-ins-slot-as-adzone",
        html=f'<ins class="adsbygoogle" data-ad-client="{PUB}" data-ad-slot="7391046285"></ins>',
        expect=(Expect("adsense", ADSLOT, PUB),),
        note="[data-attr] found, but adzone_id should be 7391046285: attribute values are scanned "
        "one by one without their names, so data-ad-slot=\"…\" on a live <ins> is not seen",
    ),
])
