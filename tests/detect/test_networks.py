"""Every other network (issue 3): the corpus both ways, the ids each rule fills, look-alikes."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from crawler.detect import find_affiliate_links
from crawler.detect.confidence import AD_SLOT_CODE, HOST_ID_HIDDEN, ID_VISIBLE, TOKEN
from tests.detect.corpus.case import Case
from tests.detect.corpus.networks_negative import NEGATIVES
from tests.detect.corpus.networks_positive import CASES, UNSUPPORTED

PAGE = "https://blog.example.com/p.html"

# For each rule of networks.toml, look-alikes that come closest to it without being
# affiliate links (the counterpart of LOOK_ALIKES in test_rules.py).
NETWORK_LOOK_ALIKES: dict[str, list[str]] = {
    "jd-union-ad-script": [
        '<script src="https://static.360buyimg.com/static/js/auto.js"></script>',
        '<script src="https://u.x.jd.com/union/help.html"></script>',
    ],
    "jd-union-ad-unit": [
        '<script>var jd_union_unid="${unid}",jd_ad_ids="505:6";</script>',
        "<p>jd_union_unid 是京东联盟广告代码里的联盟 ID</p>",
    ],
    "pdd-miniprogram-path": [
        '<a data-miniprogram-appid="wx1234567890abcdef" data-miniprogram-path="pages/web/web?src=about.html">x</a>',
        "<p>路径 pages/web/web?specialUrl=1&src=充值链接 见文档</p>",
    ],
    "aliexpress-deep-link": [
        '<a href="https://s.click.aliexpress.com/deep_link.htm?aff_short_key=${key}&dl_target_url=x">x</a>',
        '<a href="https://www.aliexpress.com/deep_link.htm?aff_short_key=_ADYtvX">x</a>',
    ],
    "amazon-amzn-com": [
        '<a href="http://amzn.com/B00X4WHP5E">amzn.com/B00X4WHP5E</a>',
        '<a href="http://amzn.com/B00X4WHP5E?tag=googhydr-20">x</a>',
    ],
    "amazon-storefront": [
        '<a href="https://www.amazon.com/shop/yourstorefront">x</a>',
        '<a href="https://www.amazon.com/stores/page/ABCDEF12-3456">brand store</a>',
    ],
    "duomai-ad": [
        '<iframe src="https://www.duomai.com/show.php?site_id=70635"></iframe>',
        '<iframe src="http://c.duomai.com/show.php?site_id=0&aid=387"></iframe>',
    ],
    "adsense-search-partner": [
        '<input type="hidden" name="cx" value="012157912978810372049:-cv6ao3zqua">',
        '<script src="https://cse.google.com/cse.js?cx=partner-pub-XXXXXXXXXXXXXXXX:abc"></script>',
    ],
    "jd-union-click": [
        '<a href="https://union-click.jd.com/">x</a>',
        '<a href="https://union-click.jd.com/jdc/help.html">x</a>',
    ],
    "jd-short": [
        '<a href="https://u.jd.com/">x</a>',
        '<a href="https://u.jd.com/abc">x</a>',
        "<p>mu.jd.com/XaEB1jq</p>",
    ],
    "jd-legacy-click": [
        '<a href="http://click.union.jd.com/">京东联盟</a>',
        '<a href="http://www.jd.com/JdClick/?unionId=1888">x</a>',
    ],
    "jd-landing": [
        '<a href="https://item.m.jd.com/product/1.html?utm_campaign=t_335139774&utm_term=CopyURL">x</a>',
        '<a href="https://item.jd.com/1.html?utm_source=share&jd_pop=1">x</a>',
        '<a href="https://www.example.com/?utm_campaign=t_1001706833_">x</a>',
    ],
    "pdd-short": [
        '<a href="https://p.pinduoduo.com/QajijBK">x</a>',
        '<a href="https://p.pinduoduo.com/pages/help">x</a>',
    ],
    "pdd-pid-link": [
        '<a href="https://mobile.yangkeduo.com/goods.html?goods_id=1&pid=12_34">x</a>',
        '<a href="https://bbs.example.com/t?pid=1860931_43746459">x</a>',
        '<a href="https://mobile.yangkeduo.com/goods.html?goods_id=1&cpsSign=">x</a>',
    ],
    "pdd-launch-url": [
        '<a href="https://mobile.yangkeduo.com/app.html?launch_url=goods.html%3Fgoods_id%3D1">x</a>',
        '<a href="https://www.example.com/app.html?launch_url=x.html%3Fpid%3D1860931_43746459">x</a>',
    ],
    "vip-short": [
        '<a href="https://t.vip.com/">x</a>',
        '<a href="https://t.vip.com/Ab1">x</a>',
    ],
    "vip-click": ['<a href="https://click.union.vip.com/index.php">x</a>'],
    "suning-short": ['<a href="https://sugs.suning.com/HpGbzg">x</a>'],
    "suning-click": ['<a href="https://sugs.suning.com/outstation.html">x</a>'],
    "suning-legacy-click": [
        '<a href="http://union.suning.com/aas/open/login.action?userId=1343832">x</a>',
    ],
    "meituan-click": [
        '<a href="https://runion.meituan.com/">x</a>',
        '<a href="https://runion.meituan.com/generateLink?key=abc">x</a>',
    ],
    "meituan-cps-page": ['<a href="https://act.meituan.com/clover/page/other/share?utmSource=56020">x</a>'],
    "meituan-short": ['<a href="http://dpurl.cn/">x</a>', '<a href="http://dpurl.cn/abc">x</a>'],
    "eleme-short-click": [
        '<a href="https://s.click.ele.me/">x</a>',
        '<a href="https://h5.ele.me/qx45rsu">x</a>',
    ],
    "didi-union": [
        '<a href="https://v.didi.cn/eoQRvjW">x</a>',
        '<a href="https://v.didi.cn/eoQRvjW?source_id=abc">x</a>',
        # source_id without the union marker: one parameter is not enough.
        '<a href="https://v.didi.cn/eoQRvjW?source_id=100001000946181">x</a>',
        '<a href="https://v.didi.cn/eoQRvjW?source_id=100001000946181&ref_from=share">x</a>',
    ],
    "jutuike-click": [
        '<a href="https://wx.91jdj.cn/?u=myxq_28931&t=5">x</a>',
        '<a href="https://www.91jdj.cn/help.html">x</a>',
    ],
    "douyin-landing": [
        '<a href="https://haohuo.jinritemai.com/views/product/item2?id=3458623526729304782">x</a>',
        '<a href="https://haohuo.jinritemai.com/views/product/item2?id=1&origin_id=99514375927_1">x</a>',
        '<a href="https://v.douyin.com/iRNBho6u/">x</a>',
    ],
    "eleme-alipay-taoke-guide": [
        '<a href="alipays://platformapi/startapp?appId=20000067&url=https%3A%2F%2Fh5.ele.me%2F">x</a>',
        "<p>taoke-guide 是支付宝里的淘客插件</p>",
    ],
    "vip-miniprogram-chantag": [
        '<a data-miniprogram-path="pages/index/index?tra_from=adp%3AC01V4mpu06pdygk0&chl_type=wxk">x</a>',
        "<p>mig_code 是唯品会小程序的参数</p>",
    ],
    "aliexpress-short": [
        '<a href="https://s.click.aliexpress.com/">x</a>',
        '<a href="https://s.click.aliexpress.com/deep_link.htm?dl_target_url=x">x</a>',
    ],
    "aliexpress-legacy-click": ['<a href="http://s.aliexpress.com/uEfEJfQz">x</a>'],
    "aliexpress-landing": [
        '<a href="https://www.aliexpress.com/item/1.html?aff_platform=portals-tool">x</a>',
        '<a href="https://www.aliexpress.com/item/1.html?spm=a2g0o.detail.0.0">x</a>',
        # sk alone is a common parameter name: an aff_ parameter must come with it.
        '<a href="https://www.aliexpress.com/w/wholesale-usb.html?sk=_DnBZ0rd">x</a>',
    ],
    "amazon-short": [
        '<a href="https://amzn.to/">x</a>',
        '<a href="https://amzn.eu/d/8kLmNpQ">x</a>',
        '<a href="https://a.co/d/3xYz9Ab">x</a>',
    ],
    "amazon-ad-click": ['<a href="https://aax-us-east.amazon-adsystem.com/e/dtb/bid">x</a>'],
    "amazon-ad-widget": [
        '<script src="https://c.amazon-adsystem.com/aax2/apstag.js"></script>',
        '<script src="https://c.amazon-adsystem.com/aax2/amzn_ads.js"></script>',
    ],
    "amazon-tag": [
        '<a href="https://www.amazon.com/dp/B07FZ8S74R?ref_=ast_sto_dp">x</a>',
        '<a href="https://www.amazon.com/s?k=ssd&tag=googhydr-20&hvadid=1">x</a>',
        '<a href="https://www.amazon.com/dp/B07FZ8S74R?tag=yourtag-20">x</a>',
        '<a href="https://shop.example.com/p?tag=summer-20">x</a>',
    ],
    "amazon-path-tag": [
        '<a href="http://www.amazon.com/exec/obidos/ASIN/0596007124/">x</a>',
        '<a href="http://www.example.com/exec/obidos/ASIN/0596007124/bikeshed05-20">x</a>',
        "<p>http://www.notamazon.com/exec/obidos/ASIN/0596007124/bikeshed05-20</p>",
    ],
    "amazon-widget-tag": [
        '<script>amzn_assoc_tracking_id = "";</script>',
        '<script>amzn_assoc_placement = "adunit0";</script>',
    ],
    "yiqifa-click": ['<a href="https://p.yiqifa.com/">x</a>', '<a href="https://www.yiqifa.com/c?w=253302">x</a>'],
    "duomai-click": ['<a href="https://www.duomai.com/track.php?site_id=242986">x</a>'],
    "chanet-click": ['<a href="http://www.chanet.com.cn/click.cgi?a=1">x</a>'],
    "dangdang-click": ['<a href="http://product.dangdang.com/transfer.php?from=P-317615">x</a>'],
    "ebay-click": ['<a href="https://rover.ebay.com/rover/0/e12050.m1831.l3127/7?euid=abc">x</a>'],
    "ebay-pid-link": [
        '<a href="https://www.ebay.com/itm/123456789012">x</a>',
        '<a href="https://www.ebay.com/itm/1?campid=12">x</a>',
    ],
    "rakuten-click": ['<a href="https://www.linksynergy.com/">x</a>'],
    "skimlinks-click": ['<a href="https://www.redirectingat.com/?id=123456X1234567">x</a>'],
    "impact-click": [
        '<a href="https://www.7eer.net/about">x</a>', '<a href="https://brand.sjv.io/">x</a>',
        '<a href="https://brand.sjv.io/c/abc/def/ghi">x</a>',
    ],
    "awin-click": ['<a href="https://www.awin1.com/">x</a>', '<a href="https://ui.awin.com/cread.php?awinaffid=345678">x</a>'],
    "shareasale-click": ['<a href="https://www.shareasale.com/info/">x</a>'],
    "partnerize-click": [
        '<a href="https://prf.hn/">x</a>', '<a href="https://apple.pvxt.net/">x</a>',
        '<a href="https://prf.hn/click/">x</a>',
    ],
    "cj-click": ['<a href="https://www.cj.com/click-1234567-12345678">x</a>', '<a href="https://www.anrdoezrs.net/">x</a>'],
    "admitad-click": [
        '<a href="https://ad.admitad.com/">x</a>',
        '<a href="https://www.admitad.com/en/webmaster/">x</a>',
    ],
    "clickbank-hop": ['<a href="https://www.clickbank.com/">x</a>', '<a href="https://accounts.clickbank.com/signup/">x</a>'],
    "pepperjam-click": ['<a href="https://www.pepperjam.com/">x</a>', '<a href="https://www.pntra.com/">x</a>'],
    "flipkart-affid": [
        '<a href="https://www.flipkart.com/apple-iphone-15/p/itm6ac6485515ae4?pid=MOBGTAGPTB3VS24W">x</a>',
        '<a href="https://shop.example.com/p?affid=lenslabin">x</a>',
    ],
    "booking-aid": [
        '<a href="https://www.booking.com/hotel/fr/le-petit-paris.html">x</a>',
        '<a href="https://www.booking.com/index.html?aid=304142">x</a>',
    ],
    "banggood-p": [
        '<a href="https://www.banggood.com/Wholesale-Drones-ca-7006.html?p=2">x</a>',
        '<a href="https://www.banggood.com/help.html?p=faq">x</a>',
    ],
    "jd-command": ["<p>京口令内容#说明：复制后打开京东</p>", "<p>http://example京口令内容#abc</p>"],
    "jd-token": ["<p>京东 ￥ABCDEFGHIJKLMN￥</p>", "<p>京东 价格 ￥1299.00￥</p>",
                 "<p>京东 ￥abcdefghijk￥ 与 💰12345678901💰</p>"],
    "adsense-script": [
        '<a href="https://pagead2.googlesyndication.com/">x</a>',
        '<script src="https://www.googletagservices.com/tag/js/gpt.js"></script>',
    ],
    "adsense-unit": [
        '<pre>google_ad_client = "ca-pub-1234567890123456"; google_ad_slot = "1234567890";</pre>',
        '<pre>data-ad-client="ca-pub-XXXXXXXXXXXXXXXX" data-ad-slot="YYYYYYYYYY"</pre>',
    ],
    "adsense-client": [
        "<p>ca-app-pub-3940256099942544/6300978111</p>",
        "<p>ca-pub-123456789012345 (15 digits) ca-pub-0000000000000000</p>",
        "<script>ga('create', 'UA-12345678-1', 'auto');</script>",
    ],
    "adsense-legacy-client": ['<script>google_ad_client = "pub-XXXXXXXXXXXXXXXX";</script>'],
    "baidu-union-script": [
        '<script src="https://hm.baidu.com/hm.js?0a1b2c3d4e5f"></script>',
        '<script src="https://cpro.baidustatic.com/cpro/logo.png"></script>',
    ],
    "baidu-union-pos": ['<a href="https://www.baidu.com/s?wd=pos&di=u4567890">x</a>'],
    "baidu-union-slot": [
        '<script>var cpro_id = "u${slot}";</script>',
        "<p>cpro_id 是百度联盟代码位 ID</p>",
    ],
    # --- issue 15: cloud / VPS referral programmes, Tencent 优量汇 ---------------------------
    "aliyun-usercode": [
        '<a href="https://www.aliyun.com/minisite/goods">阿里云</a>',
        '<a href="https://www.aliyun.com/minisite/goods?userCode=xxxxxxxx">把 userCode 换成你的</a>',
        '<a href="https://www.aliyun.com/product/ecs?utm_source=blog&utm_medium=referral">x</a>',
        '<a href="https://gitee.com/x/y?userCode=k3v9xq2m">x</a>',
    ],
    "qcloud-cps": [
        '<a href="https://cloud.tencent.com/act/partner/cps">腾讯云推广奖励</a>',
        '<a href="https://cloud.tencent.com/act/cps/redirect?redirect=1077">x</a>',
        '<a href="https://cloud.tencent.com/act/cps/redirect?redirect=1077&cps_key=${cps_key}">x</a>',
    ],
    "qcloud-cps-short": [
        '<a href="https://curl.qcloud.com/">x</a>',
        '<a href="https://curl.qcloud.com/help/faq.html">x</a>',
    ],
    "huaweicloud-fromacct": [
        '<a href="https://activity.huaweicloud.com/discount_area_v5/index.html?utm_source=blog&utm_medium=cps">x</a>',
        '<a href="https://www.huaweicloud.com/product/obs.html?fromacct=your-account-id">x</a>',
        '<a href="https://mirrors.huaweicloud.com/python/3.11.5/">华为云镜像</a>',
    ],
    "baiducloud-ambassador": [
        '<a href="https://cloud.baidu.com/campaign/ambassador/index.html">云推广大使</a>',
        '<a href="https://cloud.baidu.com/campaign/PromotionActivity/index.html?track=navigationA">x</a>',
        '<a href="https://cloud.baidu.com/campaign/2022developer/index.html?track=18708feb6fc4c4db36171b5d7d99f1509444b5c5">x</a>',
    ],
    "vultr-ref": [
        '<a href="https://www.vultr.com/pricing/">Vultr</a>',
        '<a href="https://www.vultr.com/?ref=YOURCODE">x</a>',
        '<a href="https://docs.vultr.com/?ref=nav">x</a>',
    ],
    "digitalocean-short": [
        '<a href="https://m.do.co/">x</a>',
        '<a href="https://m.do.co/c/your-code">x</a>',
    ],
    "digitalocean-refcode": [
        '<a href="https://www.digitalocean.com/community/tutorials/initial-server-setup">x</a>',
        '<a href="https://www.digitalocean.com/?utm_source=newsletter&utm_medium=email">x</a>',
    ],
    "linode-referral": [
        '<a href="https://www.linode.com/docs/guides/">Linode docs</a>',
        '<a href="https://www.linode.com/?r=1">x</a>',
    ],
    "bandwagonhost-aff": [
        '<a href="https://bandwagonhost.com/clientarea.php">KiWiVM</a>',
        '<a href="https://bandwagonhost.com/aff.php?aff=YOUR_ID">x</a>',
        '<a href="https://www.dmit.io/aff.php?aff=23544">another WHMCS shop</a>',
    ],
    "racknerd-aff": [
        '<a href="https://my.racknerd.com/cart.php?a=add&pid=879">x</a>',
        '<a href="https://my.racknerd.com/aff.php">x</a>',
    ],
    "gdt-web-sdk": [
        '<script src="https://qzs.gdtimg.com/union/res/union_sdk/page/logo.png"></script>',
        '<script src="https://qzs.qq.com/qzone/v8/engine/main.js"></script>',
    ],
    "gdt-placement": [
        "<script>window.TencentGDT.push({placement_id: data.consumerSlotId, app_id: data.appid});</script>",
        "<p>TencentGDT.push 里的 placement_id 是广告位 ID</p>",
    ],
}


def found(case: Case) -> set[tuple[str, str, str | None]]:
    return {(f.network, f.kind, f.pid) for f in find_affiliate_links(case.html, case.page_url)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_positive(case: Case) -> None:
    assert found(case) == set(case.expect)


@pytest.mark.parametrize("case", NEGATIVES, ids=lambda c: c.id)
def test_look_alike_is_not_a_finding(case: Case) -> None:
    assert found(case) == set()


# --- which ids each kind of rule fills ------------------------------------------------------


def only(case_id: str, rule: str | None = None):
    case = next(c for c in CASES if c.id == case_id)
    findings = [f for f in find_affiliate_links(case.html, case.page_url)
                if rule is None or f.rule == rule]
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize(
    ("case_id", "ids", "confidence"),
    [
        # (pid, member_id, site_id, adzone_id)
        ("jd-legacy-360buy-noscript-refresh", ("16282", "16282", "14491863", None), ID_VISIBLE),
        ("jd-legacy-site-id", ("16282", "16282", "14491863", None), ID_VISIBLE),
        ("jd-legacy-jdclick-amp-siteid", ("52", "52", "tx_qsdingbudaohang_index", None), ID_VISIBLE),
        ("meituan-runion-click", ("cd23768d09c339d1641b2738df39aa67",
                                  "cd23768d09c339d1641b2738df39aa67", None, "juhe"), ID_VISIBLE),
        ("suning-legacy-visitor-ad-amp-comment", ("115611", "115611", "2187", None), ID_VISIBLE),
        ("impact-7eer", ("1234567", "1234567", None, None), ID_VISIBLE),
        ("cj-anrdoezrs-click", ("1234567", None, "1234567", None), ID_VISIBLE),
        ("partnerize-prf-camref", ("1100l3pCm", None, None, None), ID_VISIBLE),
        ("douyin-landing-origin-id", ("99514375927", "99514375927", None, None), ID_VISIBLE),
        ("vip-miniprogram-tra-from-chantag", ("d619156f131a556c6640229727291160", None, None,
                                              "d619156f131a556c6640229727291160"), ID_VISIBLE),
        ("eleme-alipay-taoke-guide", (None, None, None, None), HOST_ID_HIDDEN),
        ("jd-token-eleven-in-jd-share-text", (None, None, None, None), TOKEN),
        ("jd-landing-mitem-jd-hk", ("1001706833", "1001706833", None, None), ID_VISIBLE),
        ("jd-u-short-a-href", (None, None, None, None), HOST_ID_HIDDEN),
        ("pdd-coupon-landing-custom-params",
         ("20434335_206807608", "20434335", None, "206807608"), ID_VISIBLE),
        ("pdd-launch-url-encoded", ("1860931_43746459", "1860931", None, "43746459"), ID_VISIBLE),
        ("vip-short-chantag", ("d619156f131a556c6640229727291160", None, None,
                               "d619156f131a556c6640229727291160"), ID_VISIBLE),
        ("suning-legacy-visitor-ad", ("1343832", "1343832", None, None), ID_VISIBLE),
        ("meituan-adunion-cps-page", ("56020", "56020", None, None), ID_VISIBLE),
        ("didi-union-short", ("100001000946181", "100001000946181", None, None), ID_VISIBLE),
        ("aliexpress-landing-best-portals", ("_DC4TnYr", None, None, None), ID_VISIBLE),
        ("amazon-tag-ca-sitestripe", ("eiv-20", None, None, None), ID_VISIBLE),
        ("yiqifa-c-website-id", ("253302", None, "253302", None), ID_VISIBLE),
        ("dangdang-union-transfer", ("P-317615", "P-317615", None, None), ID_VISIBLE),
        ("adsense-unit-shown-as-code", ("ca-pub-5920184736251047", "ca-pub-5920184736251047",
                                        None, "1029384756"), AD_SLOT_CODE),
        ("baidu-pos-iframe", ("u4567890", None, None, "u4567890"), AD_SLOT_CODE),
        ("jd-command-api-sample", (None, None, None, None), TOKEN),
    ],
)
def test_ids_and_confidence(case_id: str, ids: tuple, confidence: str) -> None:
    f = only(case_id)
    assert (f.pid, f.member_id, f.site_id, f.adzone_id) == ids
    assert f.confidence == confidence


def test_legacy_adsense_client_is_read_as_ca_pub_with_its_slot() -> None:
    f = only("adsense-legacy-show-ads", "adsense-unit")
    assert (f.pid, f.adzone_id) == ("ca-pub-7612094358201746", "2815930746")


def test_extra_params_keep_the_sub_ids() -> None:
    assert only("jd-legacy-jdclick-blog").extra == {"t": "4"}
    assert only("aliexpress-landing-best-portals").extra["aff_platform"] == "portals-tool"
    # Named path groups that are not id fields are kept too.
    assert only("impact-7eer").extra == {"ad_id": "123456", "program_id": "7890", "subId1": "post17"}
    assert only("partnerize-prf-camref").extra == {"pubref": "post17"}


def test_a_site_id_of_zero_is_no_site() -> None:
    assert only("suning-legacy-visitor-ad").site_id is None  # webSiteId=0


@pytest.mark.parametrize(
    ("case_id", "link"),
    [
        # The |s inside jda's query belong to it; the | after it is share text.
        ("jd-jda-share-text-pipe", "https://union-click.jd.com/jda?e=99_2|99_2|1_2_2|tagA&p="
         "AyIPZRprFDJWWA1FBCVbV0IUEEULWldTCQ&t=W1dCFBBFC1pXUwkEAEAdQFkJBVsV"),
        ("jd-landing-fullwidth-bar-ends-link", "https://item.jd.com/100012043978.html?cu=true&"
         "utm_campaign=t_1001706833_&utm_term=abc"),
        ("jd-short-ideographic-space", "https://u.jd.com/r1sVR9U"),
    ],
)
def test_links_in_share_text_end_where_the_text_starts(case_id: str, link: str) -> None:
    f = only(case_id)
    assert (f.link, f.unwrapped) == (link, None)


def test_pipes_inside_a_query_are_kept_in_an_attribute() -> None:
    html = ('<iframe src="https://union-click.jd.com/jda?e=99_2|99_2|1_2_2|tagA&p=AyIPZRprFDJW">'
            "</iframe>")
    [f] = find_affiliate_links(html, PAGE)
    assert f.unwrapped is None  # the whole value is the affiliate URL, not a cut-off part of it


def test_wrapped_links_report_the_wrapper_and_the_affiliate_url() -> None:
    f = only("pdd-wrapped-zhihu-landing")
    assert f.link.startswith("https://link.zhihu.com/")
    assert f.unwrapped.startswith("https://mobile.yangkeduo.com/duo_coupon_landing.html?")
    assert f.location == "a[href]"


# --- rules are data: every rule of networks.toml both ways ---------------------------------------


def network_rule_ids() -> list[str]:
    text = resources.files("crawler.detect").joinpath("networks.toml").read_text(encoding="utf-8")
    return [rule["id"] for table in tomllib.loads(text).values() for rule in table]


def test_every_network_rule_has_a_positive_case() -> None:
    fired = {f.rule for case in CASES for f in find_affiliate_links(case.html, case.page_url)}
    assert set(network_rule_ids()) - fired == set()


def test_every_network_rule_has_a_look_alike() -> None:
    assert set(network_rule_ids()) ^ set(NETWORK_LOOK_ALIKES) == set()


@pytest.mark.parametrize(
    ("rule", "html"),
    [(rule, html) for rule, htmls in NETWORK_LOOK_ALIKES.items() for html in htmls],
)
def test_look_alike(rule: str, html: str) -> None:
    assert find_affiliate_links(html, PAGE) == []


# --- what the engine cannot read yet (see UNSUPPORTED in the corpus) -------------------------------


def unsupported(case_id: str):
    case = next(c for c in UNSUPPORTED if c.id == case_id)
    return find_affiliate_links(case.html, case.page_url)


# Was an engine gap: attribute values were scanned without their element's other attributes.
def test_live_adsense_unit_reports_its_slot() -> None:
    assert [f.adzone_id for f in unsupported("unsupported-adsense-ins-slot-as-adzone")] == ["7391046285"]


# --- engine gaps closed (issue 3) ------------------------------------------------------------------


def test_jd_legacy_click_reports_its_site_id() -> None:
    f = only("jd-legacy-site-id")
    assert (f.member_id, f.site_id, f.extra) == ("16282", "14491863", {})


def test_eleven_character_token_in_jd_share_text_is_jd() -> None:
    assert [(f.network, f.kind) for f in find("jd-token-eleven-in-jd-share-text")] == [("jd", "token")]


def test_token_with_both_networks_words_stays_taobao() -> None:
    html = "<p>京东没货，淘宝有：￥cqtQbS9y8gR￥ 打开手淘即可</p>"
    assert [(f.network, f.rule) for f in find_affiliate_links(html, PAGE)] == [("taobao", "taobao-token")]


def test_bare_simba_pid_is_reported_with_its_prefix() -> None:
    [f] = find_affiliate_links('<a href="http://redirect.simba.taobao.com/rd?c=un&p=131955459_'
                               '43834449_111744850258">x</a>', PAGE)
    assert (f.rule, f.pid, f.member_id, f.site_id, f.adzone_id) == (
        "taobao-simba-union-redirect", "mm_131955459_43834449_111744850258",
        "131955459", "43834449", "111744850258")


# Was an engine bug: Unicode case folding made a non-ASCII class exclude s and k.
def test_scheme_less_link_with_s_in_its_path_is_found() -> None:
    assert [(f.network, f.kind) for f in find("bare-link-with-s-or-k-in-path")] == [("jd", "short link")]


# Was an engine gap: no trigger matched a base64 wrapper before it was decoded.
def test_base64_wrapped_link_is_found() -> None:
    assert [(f.network, f.kind) for f in find("base64-wrapper-without-trigger")] \
        == [("aliexpress", "short link")]


def find(case_id: str):
    case = next(c for c in CASES if c.id == case_id)
    return find_affiliate_links(case.html, case.page_url)


def test_adsense_slot_comes_only_from_the_units_own_attribute() -> None:
    html = ('<ins class="adsbygoogle" data-ad-client="ca-pub-4839201756382910"></ins>'
            '<div data-ad-slot="1234567890"></div>')
    assert [(f.pid, f.adzone_id) for f in find_affiliate_links(html, PAGE)] == [
        ("ca-pub-4839201756382910", None)]
