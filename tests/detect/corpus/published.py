"""Affiliate links as creators publish them, and the look-alikes next to them (issue 3).

Each link of :data:`LINKS` is placed in the forms the platforms publish it in: a
Zhihu, CSDN, Douban or Weibo article (each behind its own redirect wrapper), a
WeChat article (links are plain text there), forum BBCode shown as posted,
Markdown source and JSON in a page script. Then come forms that each reach
one part of the engine (scheme-less and base64 wrapper targets, ``%2E``-encoded
hosts, JS-escaped tokens, mini-program paths, ad units), and look-alikes in the
same forms.

Unlike ``taobao_positive`` (which labels ``(network, kind, pid)``), a case here
expects ``(network, rule id, id)`` triples: the rule that must claim the link
and the id it must read (``None`` when the link hides it). Link formats come
from the reference (``affiliate-formats.md``, cited "ref §…") or from public
code found while checking it (cited by what it is); ids such as
``lenslab0c-20`` are invented.

A case the engine cannot handle yet names the gap in ``gap``; the test runs it
as a strict xfail, so closing the gap shows up.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from .case import PLACEMENTS

Triple = tuple[str, str, "str | None"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACEMENT = re.compile(r"^\[([a-z-]+)\]")


@dataclass(frozen=True)
class Published:
    id: str
    html: str
    expect: tuple[Triple, ...] = ()
    """``(network, rule, id)`` of every finding; empty for a look-alike."""
    page_url: str = "https://blog.example.com/post/1.html"
    note: str = ""
    """``[placement] what it covers (source)``."""
    gap: str | None = None
    """A known engine gap: why the engine gets this case wrong today."""


@dataclass(frozen=True)
class Link:
    slug: str
    url: str
    network: str
    rule: str
    pid: str | None
    source: str

    @property
    def triple(self) -> Triple:
        return (self.network, self.rule, self.pid)


LINKS: list[Link] = [
    Link("tb-short", "https://s.click.taobao.com/j6b5cCs", "taobao", "taobao-short-click", None,
         "ref §1.4 C verbatim"),
    Link("tb-coupon-pid", "https://uland.taobao.com/coupon/edetail?e=Lbc0dA9rKmma2P%2BN2ppgBymr%2B4btKdhv"
         "&pid=mm_50593678_39748344_148716480&af=1", "taobao", "taobao-coupon",
         "mm_50593678_39748344_148716480", "ref §1.4 D2 (e= cut)"),
    Link("tb-landing", "https://item.taobao.com/item.htm?id=559643833415&ali_trackid=2:mm_26826841_10856508_"
         "54376929:1518426024_367_1390232722", "taobao", "taobao-landing-trackid",
         "mm_26826841_10856508_54376929", "ref §1.3 verbatim"),
    Link("tb-ai-pid", "https://ai.taobao.com/search/index.htm?pid=mm_31205575_2237000308_114588650482&key=",
         "taobao", "taobao-pid-link", "mm_31205575_2237000308_114588650482", "ref §1.4 E1"),
    Link("eleme-short", "https://s.click.ele.me/qx45rsu", "taobao", "eleme-short-click", None, "ref §3.6"),
    Link("jd-short", "https://u.jd.com/XaEB1jq", "jd", "jd-short", None, "ref §3.1 verbatim"),
    Link("jd-jdc", "https://union-click.jd.com/jdc?d=505Twi", "jd", "jd-union-click", None,
         "ref §3.1 verbatim"),
    Link("jd-landing", "https://item.jd.com/100012043978.html?cu=true&utm_source=kong&utm_medium=jingfen"
         "&utm_campaign=t_2017764512_&utm_term=9c1f0a7e3b2d4c5e8f6a7b8c9d0e1f2a", "jd", "jd-landing",
         "2017764512", "ref §3.1 landing shape"),
    Link("pdd-landing", "https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=2478116379"
         "&pid=1860931_43746459&cpsSign=CC1860931_43746459_01cb1d6f45ae5bc9d01581525853593e&duoduo_type=2",
         "pdd", "pdd-pid-link", "1860931_43746459", "ref §3.2 verbatim"),
    Link("pdd-short", "https://p.pinduoduo.com/QajijBK5", "pdd", "pdd-short", None, "ref §3.2 verbatim"),
    Link("vip-chantag", "https://t.vip.com/zzXFmWjEg8A?chanTag=d619156f131a556c6640229727291160", "vip",
         "vip-short", "d619156f131a556c6640229727291160", "ref §3.3 verbatim"),
    Link("suning-short", "https://sugs.suning.com/HpGbzgk6", "suning", "suning-short", None, "ref §3.4"),
    Link("meituan-short", "http://dpurl.cn/4jAj4K6z", "meituan", "meituan-short", None, "ref §3.5"),
    Link("duomai-track", "https://c.duomai.com/track.php?site_id=242986&euid=&t=https://intel.jd.com/",
         "duomai", "duomai-click", "242986", "ref §3.11 verbatim"),
    Link("amazon-tag", "https://www.amazon.com/dp/1098131681?linkCode=ll1&tag=lenslab0c-20"
         "&linkId=b52fb0213a500dda92b4c952c2faa22a&language=en_US&ref_=as_li_ss_tl", "amazon", "amazon-tag",
         "lenslab0c-20", "ref §3.9 shape"),
    Link("amazon-short", "https://amzn.to/49xs30P", "amazon", "amazon-short", None, "ref §3.9 verbatim"),
    Link("amzn-com", "http://amzn.com/B00X4WHP5E?tag=lenslab0c-20", "amazon", "amazon-amzn-com",
         "lenslab0c-20", "amzn.com short domain + tag"),
    Link("amazon-storefront", "https://www.amazon.com/shop/lenslabreviews", "amazon", "amazon-storefront",
         None, "Influencer storefront"),
    Link("ali-short", "https://s.click.aliexpress.com/e/_DmJmxVD", "aliexpress", "aliexpress-short", None,
         "ref §3.10 verbatim"),
    Link("ali-deep-link", "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_ADYtvX&dl_target_url="
         "https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006861760459.html", "aliexpress",
         "aliexpress-deep-link", "_ADYtvX", "Portals deep link"),
]


# --- how each platform publishes a link ------------------------------------------------------

def _zhihu(url: str, label: str) -> tuple[str, str, str]:
    # Zhihu encodes the colon, not the slashes (ref §1.7).
    href = "https://link.zhihu.com/?target=" + quote(url, safe="/")
    return ("wrapped", "https://zhuanlan.zhihu.com/p/612345678",
            '<div class="RichText ztext Post-RichText css-1g0fqss"><p>实测下来这款最值，'
            f'<a href="{href}" class=" wrap external" target="_blank" rel="nofollow noreferrer">{label}</a>'
            "，需要的自取。</p></div>")


def _csdn(url: str, label: str) -> tuple[str, str, str]:
    href = "https://link.csdn.net/?target=" + quote(url, safe="")
    return ("wrapped", "https://blog.csdn.net/someone/article/details/123456789",
            '<div id="content_views" class="markdown_views prism-atom-one-dark"><p>配件购买：'
            f'<a href="{href}" title="{url}" target="_blank">{label}</a></p></div>')


def _douban(url: str, label: str) -> tuple[str, str, str]:
    href = "https://www.douban.com/link2/?url=" + quote(url, safe="") + "&query=&cat_id=&type=search&pos=0"
    return ("wrapped", "https://www.douban.com/note/812345678/",
            f'<div class="note"><p>链接在这：<a href="{href}" target="_blank" rel="nofollow">{label}</a></p></div>')


def _weibo(url: str, label: str) -> tuple[str, str, str]:
    href = "https://weibo.cn/sinaurl?u=" + quote(url, safe="")
    return ("wrapped", "https://weibo.com/1234567890/NabcDefGh",
            '<div class="detail_wbtext_4CRf9">好物分享 '
            f'<a target="_blank" href="{href}"><span class="surl-text">{label}</span></a></div>')


def _wechat(url: str, label: str) -> tuple[str, str, str]:
    # WeChat articles allow no outbound <a>: links are pasted as text.
    return ("text", "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv",
            '<section style="margin: 0px; padding: 0px;"><p style="line-height: 1.75em;">'
            f'<span style="font-size: 15px;">{label}（复制到浏览器打开）：{url}</span></p></section>')


def _bbcode(url: str, label: str) -> tuple[str, str, str]:
    # A forum post whose BBCode was not rendered (old Discuz! archives, quoted posts).
    return ("text", "https://bbs.example.com/thread-12345-1-1.html",
            f'<td class="t_f" id="postmessage_98765">推荐一下 [url={url}]Buy it here[/url] '
            f"[b]限时[/b] 或者 [url]{url}[/url]</td>")


def _markdown(url: str, label: str) -> tuple[str, str, str]:
    # Markdown source as a blog repository keeps it; a second link follows at once.
    return ("markdown", "https://blog.example.com/posts/2024-desk-setup.md",
            f"## 购买渠道\n\n- [{label}]({url})[^1]\n- [说明](https://blog.example.com/about)"
            f"[官网](https://www.example.org/)\n\n[^1]: 价格以页面为准\n")


def _json_script(url: str, label: str) -> tuple[str, str, str]:
    state = {"article": {"id": 8841, "title": label, "buyLink": url, "tags": ["好物", "测评"]}}
    # JSON as servers write it into a page: "/" escaped as "\/", non-ASCII as \uXXXX.
    data = json.dumps(state).replace("/", "\\/")
    return ("json", "https://blog.example.com/post/8841.html",
            f"<script>window.__INITIAL_STATE__={data};</script>")


PLATFORMS: dict[str, Callable[[str, str], tuple[str, str, str]]] = {
    "zhihu": _zhihu, "csdn": _csdn, "douban": _douban, "weibo": _weibo, "wechat": _wechat,
    "bbcode": _bbcode, "markdown": _markdown, "json": _json_script,
}

#: Combinations the engine gets wrong today: (platform, link slug) -> why.
GAPS: dict[tuple[str, str], str] = {}


def _placed() -> list[Published]:
    cases = []
    for link in LINKS:
        for name, place in PLATFORMS.items():
            placement, page_url, html = place(link.url, "点此购买")
            cases.append(Published(
                id=f"{name}-{link.slug}", html=html, expect=(link.triple,), page_url=page_url,
                note=f"[{placement}] {name} article form; {link.source}",
                gap=GAPS.get((name, link.slug)),
            ))
    return cases


def _b64(url: str) -> str:
    return base64.b64encode(url.encode()).decode()


SPECIAL: list[Published] = [
    # --- wrappers the engine had to learn (issue 3, item 1 and 4) --------------------------------
    Published(
        id="zhihu-scheme-less-target",
        html='<p><a href="https://link.zhihu.com/?target=s.click.taobao.com%2Fj6b5cCs" class=" external">'
        "淘宝</a></p>",
        expect=(("taobao", "taobao-short-click", None),),
        page_url="https://zhuanlan.zhihu.com/p/612345678",
        note="[wrapped] a target pasted without its scheme, slash encoded",
    ),
    Published(
        id="juejin-scheme-less-target-raw",
        html='<a href="https://link.juejin.cn/?target=u.jd.com/XaEB1jq" target="_blank">京东</a>',
        expect=(("jd", "jd-short", None),),
        page_url="https://juejin.cn/post/7312345678901234567",
        note="[wrapped] a scheme-less target left unencoded",
    ),
    Published(
        id="zhihu-percent-encoded-dots",
        html='<a href="https://link.zhihu.com/?target=https%3A%2F%2Fs%2Eclick%2Etaobao%2Ecom%2Fj6b5cCs">淘宝</a>',
        expect=(("taobao", "taobao-short-click", None),),
        page_url="https://zhuanlan.zhihu.com/p/612345679",
        note="[wrapped] %2E-encoded dots hide the host from a plain host search",
    ),
    Published(
        id="own-site-go-base64",
        html=f'<a href="/go.html?u={_b64("https://u.jd.com/XaEB1jq")}" rel="nofollow">京东购买</a>',
        expect=(("jd", "jd-short", None),),
        note="[a-href] a relative /go.html?u=<base64> wrapper on the creator's own site",
    ),
    Published(
        id="own-site-go-base64-urlsafe-ali",
        html=f'<a href="/out?url={_b64("https://s.click.aliexpress.com/e/_DmJmxVD").rstrip("=")}">AliExpress</a>',
        expect=(("aliexpress", "aliexpress-short", None),),
        note="[a-href] base64 without its padding",
    ),
    Published(
        id="absolute-go-base64",
        html=f'<a href="https://www.example.net/go?url={_b64("https://s.click.taobao.com/j6b5cCs")}">go</a>',
        expect=(("taobao", "taobao-short-click", None),),
        note="[a-href] a base64 wrapper on another site: no host shows until decoded",
    ),
    Published(
        id="own-site-go-percent-encoded",
        html='<a href="/go?url=https%3A%2F%2Fp.pinduoduo.com%2FQajijBK5">拼多多</a>',
        expect=(("pdd", "pdd-short", None),),
        note="[a-href] a relative /go?url=<percent-encoded> wrapper",
    ),
    Published(
        id="data-href-with-newline",
        html='<button class="buy" data-href="https://s.click.taobao.com/\nj6b5cCs">去淘宝</button>',
        expect=(("taobao", "taobao-short-click", None),),
        note="[data-attr] a template broke the data-href value over two lines",
    ),
    Published(
        id="data-url-with-tab",
        html='<div class="card" data-url="https://s.click.aliexpress.com/e/\t_DmJmxVD">速卖通</div>',
        expect=(("aliexpress", "aliexpress-short", None),),
        note="[data-attr] a tab inside a data-url value",
    ),
    Published(
        id="bbcode-img-qr",
        html="<div class=\"t_f\">扫码领券：[img]https://gqrcode.alicdn.com/img?type=hv&text=https%3A%2F%2F"
        "s.click.taobao.com%2FaMp7NXw%3Faf%3D3&h=300&w=300[/img]</div>",
        expect=(("taobao", "taobao-short-click", None),),
        note="[text] ref §1.7 QR image in BBCode [img]…[/img]",
    ),
    Published(
        id="bbcode-url-english-label",
        html="<div>[url=https://u.jd.com/XaEB1jq]JD link[/url][url=https://p.pinduoduo.com/QajijBK5]PDD[/url]</div>",
        expect=(("jd", "jd-short", None), ("pdd", "pdd-short", None)),
        note="[text] two BBCode links back to back",
    ),
    Published(
        id="markdown-two-links-adjacent",
        html="[京东](https://u.jd.com/XaEB1jq)[淘宝](https://s.click.taobao.com/j6b5cCs)",
        expect=(("jd", "jd-short", None), ("taobao", "taobao-short-click", None)),
        note="[markdown] links glued together",
    ),
    Published(
        id="markdown-link-with-parentheses",
        html="看这里 [Amazon (US)](https://www.amazon.com/dp/B00X4WHP5E?tag=lenslab0c-20)。",
        expect=(("amazon", "amazon-tag", "lenslab0c-20"),),
        note="[markdown] parentheses in the label, the link closes the bracket",
    ),
    # --- tokens in scripts and spaced tokens (item 2) --------------------------------------------
    Published(
        id="token-js-escaped-yen",
        html='<script>var shareText = "\\u3010\\u6dd8\\u5b9d\\u3011\\uffe5cqtQbS9y8gR\\uffe5 '
        '\\u6253\\u5f00\\u624b\\u6dd8";</script>',
        expect=(("taobao", "taobao-token", None),),
        note="[script-literal] ref §2.2 token with the yen escaped (\\uffe5) in a script",
    ),
    Published(
        id="token-json-escaped-euro",
        html='<script type="application/json" id="share">{"text":"\\u590d\\u5236\\u8fd9\\u6bb5\\u63cf\\u8ff0'
        '\\u20acg1IVbaMXxxK\\u20ac\\u540e\\u6253\\u5f00\\u6dd8\\u5b9d"}</script>',
        expect=(("taobao", "taobao-token", None),),
        note="[json] ref §2.3 (1) €…€ token escaped in JSON",
    ),
    Published(
        id="token-2021-escaped",
        html='<script>copy("89\\u00a5 CZ028 Z9YdVgTDJ2C\\u00a5 https:\\/\\/m.tb.cn\\/h.6o7DjAm");</script>',
        expect=(("taobao", "taobao-token-2021", None), ("taobao", "taobao-share-link", None)),
        note="[script-literal] ref §2.3 (10) 2021+ form with escaped yen and slashes",
    ),
    Published(
        id="jd-command-escaped-json",
        html='<script>var data = {"jCommand":"6.0\\u590d\\u5236\\u6574\\u6bb5\\u8bdd http:\\/\\/'
        'JhT7V5wlKygHDK\\u4eac\\u53e3\\u4ee4\\u5185\\u5bb9#J6UFE5iMn***"};</script>',
        expect=(("jd", "jd-command", None),),
        note="[json] ref §3.1 jCommand API sample, 京口令 escaped",
    ),
    Published(
        id="jd-token-escaped",
        html='<script>var t = "\\u4eac\\u4e1c \\uffe53DIFi3EsIAhRkW\\uffe5";</script>',
        expect=(("jd", "jd-token", None),),
        note="[script-literal] ref §3.1 JD app 口令, yens escaped",
    ),
    Published(
        id="token-ideographic-spaces-inside",
        html="<p>复制这段描述￥　cqtQbS9y8gR　￥后打开手机淘宝</p>",
        expect=(("taobao", "taobao-token", None),),
        note="[text] full-width spaces inside the yen signs",
    ),
    Published(
        id="token-ideographic-spaces-around",
        html="<p>淘口令：　￥8fNsbpXtbyr￥　复制后打开淘宝</p>",
        expect=(("taobao", "taobao-token", None),),
        note="[text] full-width spaces around the token",
    ),
    Published(
        id="token-wechat-share-block",
        html='<section><p>【淘宝】https://m.tb.cn/h.UtzGjbl?tk=LDvjdOEY4PB CZ3457 「ESP32S2开源四轴飞行器」</p>'
        "<p>点击链接直接打开 或者 淘宝搜索直接打开</p></section>",
        expect=(("taobao", "taobao-share-link", None),),
        page_url="https://mp.weixin.qq.com/s/QwErTyUiOpAsDfGhJkLz",
        note="[text] ref §2.3 (14) app share pasted into a WeChat article",
    ),
    # --- new rules in published forms (item 3) ---------------------------------------------------
    Published(
        id="jd-union-unit-blog-sidebar",
        html='<aside class="widget"><script type="text/javascript">var jd_union_unid="76994695",'
        'jd_ad_ids="505:6",jd_union_pid="CJykyZ+RKhCHsdskGgAgteOVrQEqAA==";var jd_width=960;var jd_height=90;'
        'var jd_union_euid="";var p="ABUFVRxeFAsTNwpfBkgyTUMIRmtKRk9aZV8E";</script><script type="text/javascript"'
        ' charset="utf-8" src="http://u.x.jd.com/static/js/auto.js"></script></aside>',
        expect=(("jd", "jd-union-ad-unit", "76994695"), ("jd", "jd-union-ad-script", None)),
        note="[script-literal] JD Union 橱窗 unit in a blog template (public site code)",
    ),
    Published(
        id="jd-union-unit-commented-out",
        html='<!-- 广告位 <script type="text/javascript">var jd_union_unid="1000010489",jd_ad_ids="507:6",'
        'jd_union_pid="CPjxgOyFKxD55evcAxoAILHlvP4BKgA=";var jd_width=728;var jd_height=90;</script> -->',
        expect=(("jd", "jd-union-ad-unit", "1000010489"),),
        note="[comment] a unit commented out but still in the page",
    ),
    Published(
        id="adsense-search-cse-script",
        html='<script async src="https://cse.google.com/cse.js?cx=partner-pub-3716042175333627:1096498938">'
        '</script><div class="gcse-search"></div>',
        expect=(("adsense", "adsense-search-partner", "ca-pub-3716042175333627"),),
        note="[script-src] AdSense for Search engine loaded by cse.js",
    ),
    Published(
        id="adsense-search-form-own-results",
        html='<form action="https://blog.example.com/search/" id="cse-search-box"><div>'
        '<input type="hidden" name="cx" value="partner-pub-9133212034577321:7798379661" />'
        '<input type="hidden" name="cof" value="FORID:10" /><input type="text" name="q" /></div></form>',
        expect=(("adsense", "adsense-search-partner", "ca-pub-9133212034577321"),),
        note="[form] a search box posting to the site's own results page",
    ),
    Published(
        id="adsense-custom-search-ads-pubid",
        html='<script>var pageOptions = { "pubId": "partner-pub-4190233654185559", "query": "hats", '
        '"styleId": "4830619732" }; _googCsa("ads", pageOptions, {"container": "afscontainer1"});</script>',
        expect=(("adsense", "adsense-search-partner", "ca-pub-4190233654185559"),),
        note="[script-literal] custom search ads (AFS) page options",
    ),
    Published(
        id="aliexpress-deep-link-telegram-post",
        html="<p>🔥 Deal: https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_DDoujiR&dl_target_url="
        "https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006861760459.html&aff_sub=tg</p>",
        expect=(("aliexpress", "aliexpress-deep-link", "_DDoujiR"),),
        note="[text] a deep link pasted into a post",
    ),
    Published(
        id="amzn-com-dp-form",
        html='<a href="https://amzn.com/dp/0596517742?tag=lenslab0c-20">JavaScript: The Good Parts</a>',
        expect=(("amazon", "amazon-amzn-com", "lenslab0c-20"),),
        note="[a-href] amzn.com/dp/<ISBN-10> with a tag",
    ),
    Published(
        id="amazon-storefront-list",
        html='<p>All my gear: <a href="https://www.amazon.com/shop/lenslabreviews/list/3KX0ABCDEF12">list</a></p>',
        expect=(("amazon", "amazon-storefront", None),),
        note="[a-href] an idea list inside a storefront",
    ),
    Published(
        id="amazon-storefront-uk-bare",
        html="<p>UK shop: amazon.co.uk/shop/lenslabreviews</p>",
        expect=(("amazon", "amazon-storefront", None),),
        note="[text] a storefront pasted without a scheme",
    ),
    Published(
        id="duomai-show-iframe-template",
        html="<div class=\"banner\"><iframe marginwidth='0' marginheight='0' hspace='0' frameborder='0' "
        "scrolling='no' src='http://c.duomai.com/show.php?site_id=70635&aid=387&lid=826149&euid=pc' "
        "width='990' height='106'></iframe></div>",
        expect=(("duomai", "duomai-ad", "70635"),),
        note="[iframe-src] Duomai banner iframe (public site template)",
    ),
    Published(
        id="pdd-mini-relative-src",
        html='<p><a data-miniprogram-appid="wx32540bd863b27570" data-miniprogram-path="pages/web/web?specialUrl=1'
        '&src=duo_coupon_landing.html%3Fgoods_id%3D244713040093%26pid%3D20434335_206807608%26cpsSign%3D'
        'CC_210518_20434335_206807608_42f6b8466c9b619e8171d8f0e054339c" href="">拼多多领券</a></p>',
        expect=(("pdd", "pdd-miniprogram-path", "20434335_206807608"),),
        page_url="https://mp.weixin.qq.com/s/ZxCvBnMaSdFgHjKlQw",
        note="[data-attr] ref §3.2 mini-program web page with a relative src",
    ),
    Published(
        id="pdd-mini-fuliquan-absolute-src",
        html='<a data-miniprogram-appid="wxa918198f16869201" data-miniprogram-path="/pages/web/web?specialUrl=1'
        "&src=https%3A%2F%2Fmobile.yangkeduo.com%2Fduo_transfer_channel.html%3FresourceType%3D39997%26pid%3D"
        '13957782_210518982%26cpsSign%3DCE_210611_13957782_210518982_e238ad1ef824d1380c5be9823e0276be">百亿补贴</a>',
        expect=(("pdd", "pdd-pid-link", "13957782_210518982"),),
        page_url="https://mp.weixin.qq.com/s/PoIuYtReWqAsDfGhJk",
        note="[data-attr] 拼多多福利券 mini-program path whose src is a whole URL",
    ),
    Published(
        id="pdd-mini-path-in-json",
        html='<script>var banners = [{"appId": "wxa918198f16869201", "path": "/pages/web/web?specialUrl=1&src='
        'duo_transfer_channel.html%3FresourceType%3D4%26pid%3D9569620_187098373%26cpsSign%3DCE_210130_9569620_'
        '187098373_40a2cf2b046fd12c0c2ed1745a91b728"}];</script>',
        expect=(("pdd", "pdd-miniprogram-path", "9569620_187098373"),),
        note="[json] a banner list's mini-program path",
    ),
    Published(
        id="pdd-mini-appid-no-pid",
        html='<a data-miniprogram-appid="wxa918198f16869201" data-miniprogram-path="pages/index/index">拼多多</a>',
        expect=(("pdd", "wechat-miniprogram-pdd", None),),
        page_url="https://mp.weixin.qq.com/s/LkJhGfDsAqWeRtYuIo",
        note="[data-attr] the 福利券 mini-program with no pid in its path",
    ),
]


NEGATIVES: list[Published] = [
    # prices and plain text next to share words (item 2)
    Published(id="neg-price-yen-decimals", html="<p>到手价￥199.00，复制链接打开淘宝下单</p>",
              note="[text] a price with a yen sign"),
    Published(id="neg-price-two-yens", html="<p>原价￥2999.00 券后￥1999.00 复制口令打开淘宝</p>",
              note="[text] two prices, the second yen closes no token"),
    Published(id="neg-price-fullwidth-spaces", html="<p>价格　￥　199　￥　包邮</p>",
              note="[text] spaces around a number between yens"),
    Published(id="neg-price-escaped-yen", html='<script>var price = "\\uffe5199.00";</script>',
              note="[script-literal] an escaped yen before a price"),
    Published(id="neg-escaped-lowercase-word", html='<script>var s = "\\uffe5helloworldx\\uffe5";</script>',
              note="[script-literal] escaped yens around an all-lower-case word"),
    Published(id="neg-escaped-cjk-json", html='<script>{"t":"\\u4e2d\\u6587\\u6807\\u9898abcdefghijk\\u6587"}</script>',
              note="[json] escaped CJK around a lower-case run (not mixed case)"),
    Published(id="neg-model-name-in-brackets", html="<p>复制链接到淘宝搜同款 (iPhone15Pro) 手机壳</p>",
              note="[text] a product model in brackets next to share words",
              gap="the weak-delimiter token rule takes an 11-character mixed-case model name in "
                  "brackets next to 淘宝/复制 for a token; real tokens look the same (0v0nbLdondC)"),
    Published(id="neg-fullwidth-digits", html="<p>￥　１９９　￥ 复制打开淘宝</p>",
              note="[text] full-width digits are not a token"),
    # platform wrappers to ordinary pages
    Published(id="neg-zhihu-plain-item", html='<a href="https://link.zhihu.com/?target=https%3A//item.taobao.com'
              '/item.htm%3Fid%3D612345678901">淘宝</a>', page_url="https://zhuanlan.zhihu.com/p/1",
              note="[wrapped] a plain item page behind Zhihu's wrapper"),
    Published(id="neg-zhihu-scheme-less-plain", html='<a href="https://link.zhihu.com/?target=item.jd.com%2F'
              '100012043978.html">京东</a>', page_url="https://zhuanlan.zhihu.com/p/2",
              note="[wrapped] a scheme-less plain JD item"),
    Published(id="neg-csdn-github", html='<a href="https://link.csdn.net/?target=https%3A%2F%2Fgithub.com%2F'
              'example%2Frepo">GitHub</a>', note="[wrapped] CSDN wrapper to a repository"),
    Published(id="neg-douban-amazon-no-tag", html='<a href="https://www.douban.com/link2/?url=https%3A%2F%2F'
              'www.amazon.com%2Fdp%2FB00X4WHP5E&query=&cat_id=&type=search&pos=0">Amazon</a>',
              note="[wrapped] an Amazon product without a tag"),
    Published(id="neg-weibo-p4p-trackid", html='<a href="https://weibo.cn/sinaurl?u=https%3A%2F%2Fitem.taobao.com'
              '%2Fitem.htm%3Fid%3D1%26ali_trackid%3D282_2f9acabf0859fa9c771007a928b5f2e9">网页链接</a>',
              note="[wrapped] ref §1.8 a 直通车 trackid behind Weibo's wrapper"),
    Published(id="neg-percent-encoded-dots-plain", html='<a href="https://link.zhihu.com/?target=https%3A%2F%2F'
              'www%2Eexample%2Ecom%2Fpost">x</a>', note="[wrapped] %2E dots of an ordinary host"),
    Published(id="neg-go-base64-plain", html=f'<a href="/go.html?u={_b64("https://www.example.org/review")}">x</a>',
              note="[a-href] a base64 wrapper to an ordinary page"),
    Published(id="neg-base64-image-data", html='<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3'
              'dy53My5vcmcvMjAwMC9zdmciLz4=">', note="[img-src] an inline SVG whose base64 spells http"),
    Published(id="neg-base64-plain-text", html="<p>token: aHR0cHM6Ly93d3cuZXhhbXBsZS5vcmcv</p>",
              note="[text] base64 of an ordinary URL in prose"),
    Published(id="neg-data-href-newline-plain", html='<div data-href="https://www.example.org/\nreview">x</div>',
              note="[data-attr] a broken data-href to an ordinary page"),
    Published(id="neg-data-text-with-url", html='<button data-clipboard-text="复制 https://item.jd.com/1.html\n'
              '打开京东">复制</button>', note="[data-attr] share text (not one URL) with a plain item"),
    # BBCode / Markdown around ordinary links
    Published(id="neg-bbcode-shop", html="<div>[url=https://shop123456.taobao.com/]店铺首页[/url]"
              "[img]https://img.alicdn.com/imgextra/i1/123/O1CN01abc.jpg[/img]</div>",
              note="[text] a shop page and a product image in BBCode"),
    Published(id="neg-markdown-plain-items", html="- [京东自营](https://item.jd.com/100012043978.html)\n"
              "- [Amazon](https://www.amazon.com/dp/B00X4WHP5E)\n- [淘宝](https://s.click.taobao.com/)\n",
              note="[markdown] plain product pages and the click host's root"),
    Published(id="neg-markdown-image", html="![](https://gw.alicdn.com/imgextra/i3/O1CN01xyz.png)(图源淘宝)",
              note="[markdown] an image followed by a parenthesis"),
    Published(id="neg-markdown-placeholder-pid", html="示例：[链接](https://ai.taobao.com/?pid=mm_0_0_0)",
              note="[markdown] ref §1.8 placeholder PID"),
    Published(id="neg-json-plain-links", html='<script>window.__S__={"url":"https:\\/\\/item.taobao.com\\/'
              'item.htm?id=1","img":"https:\\/\\/img.alicdn.com\\/a.jpg"};</script>',
              note="[json] escaped plain item and image links"),
    # new rules' neighbours
    Published(id="neg-jd-unit-template", html='<script>var jd_union_unid="${unid}",jd_ad_ids="505:6";</script>',
              note="[script-literal] an unfilled JD unit template"),
    Published(id="neg-jd-static-auto-js", html='<script src="https://static.360buyimg.com/static/js/auto.js"></script>',
              note="[script-src] a JD static script that is not the union loader"),
    Published(id="neg-cse-plain-engine", html='<script async src="https://cse.google.com/cse.js?cx='
              '012157912978810372049:-cv6ao3zqua"></script>', note="[script-src] a search engine of no AdSense account"),
    Published(id="neg-afs-sample-pubid", html='<script>var pageOptions = {"pubId": "partner-pub-0000000000000000"};'
              "</script>", note="[script-literal] a sample partner id"),
    Published(id="neg-aliexpress-deep-link-template", html="<script>var u = 'https://s.click.aliexpress.com/"
              "deep_link.htm?aff_short_key=${key}&dl_target_url=' + t;</script>",
              note="[script-literal] a deep-link builder with no key yet"),
    Published(id="neg-aliexpress-item", html='<a href="https://www.aliexpress.com/item/1005006861760459.html">'
              "AliExpress</a>", note="[a-href] a plain AliExpress item"),
    Published(id="neg-amzn-com-no-tag", html='<a href="http://amzn.com/B00X4WHP5E">amzn.com/B00X4WHP5E</a>',
              note="[a-href] amzn.com without a tag"),
    Published(id="neg-amazon-brand-store", html='<a href="https://www.amazon.com/stores/Anker/page/ABCDEF12">'
              "Anker store</a>", note="[a-href] a brand store, not an influencer storefront"),
    Published(id="neg-amazon-storefront-placeholder", html='<input placeholder="https://www.amazon.com/shop/'
              'yourstorefront">', note="[data-attr] a form's placeholder storefront"),
    Published(id="neg-duomai-home", html='<a href="https://www.duomai.com/">多麦</a>',
              note="[a-href] the network's home page"),
    Published(id="neg-pdd-mini-no-pid", html='<a data-miniprogram-appid="wx1234567890abcdef" '
              'data-miniprogram-path="pages/web/web?specialUrl=1&src=duo_transfer_channel.html%3FresourceType%3D39996">'
              "x</a>", note="[data-attr] a web page path of another mini-program, without a pid"),
    Published(id="neg-wechat-other-miniprogram", html='<a data-miniprogram-appid="wxa918198f16869202" '
              'data-miniprogram-path="pages/index">小程序</a>', note="[data-attr] an appid one digit off"),
    Published(id="neg-bbcode-brackets-in-query", html="<p>[url=https://www.example.org/search?filter[brand]=jd]"
              "搜索[/url]</p>", note="[text] brackets inside an ordinary query"),
]


def _check(cases: Iterable[Published], *, negative: bool) -> list[Published]:
    out = list(cases)
    for c in out:
        if not _ID.match(c.id):
            raise ValueError(f"id is not kebab-case: {c.id!r}")
        m = _PLACEMENT.match(c.note)
        if not m or m.group(1) not in PLACEMENTS:
            raise ValueError(f"{c.id}: note must start with a known [placement]: {c.note!r}")
        if negative == bool(c.expect):
            raise ValueError(f"{c.id}: {'a look-alike expects nothing' if negative else 'expects nothing'}")
    return out


CASES: list[Published] = _check(_placed() + SPECIAL, negative=False)
NEGATIVES = _check(NEGATIVES, negative=True)
_ids = [c.id for c in CASES + NEGATIVES]
if len(_ids) != len(set(_ids)):
    raise ValueError("published.py: an id is used twice")
