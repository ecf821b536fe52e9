"""Labelled look-alikes for the other networks: fragments that must produce NO finding at all.

Built from the shared domain reference ``affiliate-formats.md`` §3 ("Not findings", share links,
placeholders) and from what sits next to affiliate code on real pages (analytics ids,
customer share links, the networks' own portals and marketing). No fragment contains a
Taobao link either: a negative asserts that nothing at all is found.
"""

from __future__ import annotations

from .case import Case
from .networks_positive import check_cases

NEGATIVES: list[Case] = check_cases(
    [
        # --- JD (ref §3.1 note) ------------------------------------------------------------
        Case(
            id="neg-jd-share-jd-pop",
            html='<a href="https://item.jd.com/100012043978.html?utm_source=share&jd_pop=1&extension_id=abc&from=wx">京东商品</a>',
            note="[a-href] ref §3.1 note: utm_source=share / jd_pop= are ordinary shares, verbatim",
        ),
        Case(
            id="neg-jd-plain-item",
            html="<p>型号见 https://item.jd.com/100012043978.html 参数页</p>",
            note="[text] ref §3.1: a plain item.jd.com/<sku>.html",
        ),
        Case(
            id="neg-jd-app-share-utm-campaign",
            html=(
                '<a href="https://item.m.jd.com/product/100012043978.html?utm_source=iosapp&utm_medium=appshare'
                '&utm_campaign=t_335139774&utm_term=CopyURL&ad_od=share">京东</a>'
            ),
            note="[a-href] the app's own share campaign (t_<n> without the union's trailing underscore)",
        ),
        Case(
            id="neg-jd-3cn-share-short",
            html='<p>京东链接：<a href="https://3.cn/2-K9GY29">https://3.cn/2-K9GY29</a>、https://3.cn/-22AJ5rC</p>',
            note="[a-href] ref §3.1 3.cn share short host (verbatim codes): decided not a finding",
        ),
        Case(
            id="neg-jd-union-portal",
            html='<a href="https://union.jd.com/index">京东联盟官网</a> <a href="https://u.jd.com/">u.jd.com</a>',
            note="[a-href] the union's own portal and the bare short-link host",
        ),
        Case(
            id="neg-jd-union-click-root",
            html='<a href="https://union-click.jd.com/">union-click.jd.com</a>',
            note="[a-href] union-click host without jdc/jda",
        ),
        Case(
            id="neg-jd-openapp-product",
            html=(
                '<a href="openapp.jdmobile://virtual?params=%7B%22category%22%3A%22jump%22%2C%22des%22%3A'
                '%22productDetail%22%2C%22skuId%22%3A%22100012043978%22%7D">App 打开</a>'
            ),
            note="[a-href] JD app scheme opening a product, no union URL inside",
        ),
        Case(
            id="neg-jd-command-word-only",
            html="<p>京口令是京东的分享口令，复制后打开京东 App 即可识别。</p>",
            note="[text] the word 京口令 without a code",
        ),
        Case(
            id="neg-jd-token-without-jd-words",
            html="<p>激活码 ￥3DIFi3EsIAhRkW￥ 请勿外传</p>",
            note="[text] a ￥…￥ code with no JD word nearby (conservative)",
        ),
        Case(
            id="neg-jd-token-lowercase-only",
            html="<p>京东订单号 ￥abcdefghijklmn￥</p>",
            note="[text] not mixed-case, so not a 口令",
        ),
        # --- Pinduoduo (ref §3.2) ------------------------------------------------------------
        Case(
            id="neg-pdd-pid-on-other-host",
            html='<a href="https://bbs.example.com/viewthread.php?tid=9&pid=1860931_43746459">回复</a>',
            note="[a-href] a pid=<a>_<b> on an unrelated host",
        ),
        Case(
            id="neg-pdd-plain-goods",
            html='<a href="https://mobile.yangkeduo.com/goods.html?goods_id=2478116379">拼多多商品</a>',
            note="[a-href] goods page without pid or cpsSign",
        ),
        Case(
            id="neg-pdd-app-share",
            html='<a href="https://mobile.yangkeduo.com/goods2.html?goods_id=344663340973&_oak_share_snapshot_num=8&share_uin=ABCDEFGHIJKLMNOPQRSTUVWXYZ&refer_share_channel=copy_link">拼多多</a>',
            note="[a-href] ordinary app share (share_uin), no pid",
        ),
        Case(
            id="neg-pdd-short-host-not-code",
            html='<a href="https://p.pinduoduo.com/">p.pinduoduo.com</a> <a href="https://p.pinduoduo.com/abc">x</a>',
            note="[a-href] short host without an 8-character code",
        ),
        Case(
            id="neg-pdd-app-scheme-no-pid",
            html='<a href="pinduoduo://com.xunmeng.pinduoduo/goods.html?goods_id=133002461085">App</a>',
            note="[a-href] app scheme to a plain goods page",
        ),
        Case(
            id="neg-pdd-launch-url-no-pid",
            html='<a href="https://mobile.yangkeduo.com/app.html?launch_url=goods.html%3Fgoods_id%3D2478116379">App</a>',
            note="[a-href] launch_url to a page without pid",
        ),
        Case(
            id="neg-pdd-short-pid",
            html='<a href="https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=1&pid=12_34">x</a>',
            note="[a-href] pid too short to be a media_adzone pair (template/sample)",
        ),
        # --- Vipshop, Suning, Meituan, Ele.me, DiDi -------------------------------------------
        Case(
            id="neg-vip-plain-product",
            html='<a href="https://m.vip.com/product-1710613239-6919452612345678.html">唯品会商品</a>',
            note="[a-href] plain product page",
        ),
        Case(
            id="neg-vip-short-host-long-path",
            html='<a href="https://t.vip.com/help/about.html">t.vip.com help</a>',
            note="[a-href] t.vip.com path that is not a code",
        ),
        Case(
            id="neg-suning-plain-product",
            html='<a href="https://product.suning.com/0000000000/10582715530.html">苏宁商品</a>',
            note="[a-href] plain product page",
        ),
        Case(
            id="neg-meituan-plain-pages",
            html='<a href="https://www.meituan.com/meishi/12345678/">美团</a> <a href="https://runion.meituan.com/">美团联盟</a>',
            note="[a-href] a shop page and the union portal",
        ),
        Case(
            id="neg-eleme-home",
            html='<a href="https://h5.ele.me/">饿了么</a> <a href="https://s.click.ele.me/">x</a>',
            note="[a-href] Ele.me home and the bare click host",
        ),
        Case(
            id="neg-didi-share-without-union-id",
            html='<a href="https://v.didi.cn/eoQRvjW">滴滴</a>',
            note="[a-href] v.didi.cn is DiDi's general shortener: no source_id, no finding",
        ),
        # --- AliExpress ------------------------------------------------------------------------
        Case(
            id="neg-aliexpress-plain-item",
            html='<a href="https://www.aliexpress.com/item/1005004512345678.html?spm=a2g0o.productlist.0.0.1a2b3c4d&algo_pvid=5c6d7e8f-1234">AliExpress</a>',
            note="[a-href] item with search tracking (spm, algo_pvid)",
        ),
        Case(
            id="neg-aliexpress-platform-without-code",
            html='<a href="https://www.aliexpress.com/item/1005004512345678.html?aff_platform=link-c-tool">x</a>',
            note="[a-href] aff_platform alone names no link code",
        ),
        Case(
            id="neg-aliexpress-sk-other-host",
            html='<a href="https://shop.example.com/search?sk=_DC4TnYr">x</a>',
            note="[a-href] sk= on a non-AliExpress host",
        ),
        # --- Amazon (ref §3.9) -----------------------------------------------------------------
        Case(
            id="neg-amazon-ref-only",
            html='<a href="https://www.amazon.com/dp/B07FZ8S74R/ref=cm_sw_r_cp_api_i_4XKQ2M4B1Z">Amazon</a>',
            note="[a-href] ref= path segment only (customer share)",
        ),
        Case(
            id="neg-amazon-ref-underscore-jp",
            html='<a href="https://www.amazon.co.jp/dp/B07FZ8S74R?ref_=ast_sto_dp&th=1&psc=1">Amazon.co.jp</a>',
            note="[a-href] ref_= and th/psc only",
        ),
        Case(
            id="neg-amazon-linkcode-without-tag",
            html='<a href="https://www.amazon.com/dp/B07FZ8S74R?linkCode=ll1&linkId=b52fb0213a500dda92b4c952c2faa22a&language=en_US">x</a>',
            note="[a-href] linkCode/linkId without tag",
        ),
        Case(
            id="neg-amazon-tag-on-other-host",
            html='<a href="https://shop.example.com/products?tag=summer-20">Summer sale</a> <a href="https://amazon.example.com/dp/B07FZ8S74R?tag=lenslab0c-20">x</a>',
            note="[a-href] tag=<x>-20 on non-Amazon hosts (one merely starting with amazon.)",
        ),
        Case(
            id="neg-amazon-own-search-ad-tag",
            html='<a href="https://www.amazon.com/s?k=ssd&tag=googhydr-20&hvadid=580123456789&hvpos=&hvnetw=g&hvrand=1234&hydadcr=12345_1234567">ad</a>',
            note="[a-href] Amazon's own Google-ads tag (googhydr, hvadid): not a creator's",
        ),
        Case(
            id="neg-amazon-placeholder-tag",
            html='<pre>https://www.amazon.com/dp/ASIN?tag=yourtag-20\nhttps://www.amazon.com/dp/ASIN?tag=${tag}</pre>',
            note="[code] documentation placeholders",
        ),
        Case(
            id="neg-amazon-customer-share-hosts",
            html='<p>https://a.co/d/3xYz9Ab and https://amzn.eu/d/8kLmNpQ</p>',
            note="[text] a.co / amzn.eu customer share links are not Associates links",
        ),
        Case(
            id="neg-amazon-publisher-services",
            html='<script async src="https://c.amazon-adsystem.com/aax2/apstag.js"></script>',
            note="[script-src] Amazon Publisher Services header bidding, not Associates",
        ),
        Case(
            id="neg-amazon-aws-docs",
            html='<a href="https://aws.amazon.com/ec2/pricing/">EC2 pricing</a> <a href="https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html">tags</a>',
            note="[a-href] AWS pages on amazon.com",
        ),
        # --- Older and global networks ---------------------------------------------------------
        Case(
            id="neg-ebay-rover-email-tracking",
            html='<a href="https://rover.ebay.com/rover/0/e12050.m1831.l3127/7?euid=0a1b2c3d4e5f&loc=https%3A%2F%2Fwww.ebay.com%2Fitm%2F1">eBay</a>',
            note="[a-href] eBay's own e-mail tracking through rover (no campid)",
        ),
        Case(
            id="neg-ebay-plain-item",
            html='<a href="https://www.ebay.com/itm/123456789012?hash=item1cbe991234:g:abcAAOSw1234">eBay</a>',
            note="[a-href] plain item",
        ),
        Case(
            id="neg-network-corporate-sites",
            html=(
                '<a href="https://www.shareasale.com/info/">ShareASale</a> <a href="https://www.awin.com/gb/publishers">Awin</a> '
                '<a href="https://www.cj.com/">CJ</a> <a href="https://impact.com/">impact</a> '
                '<a href="https://www.skimlinks.com/">Skimlinks</a> <a href="https://www.yiqifa.com/">亿起发</a>'
            ),
            note="[a-href] the networks' own corporate pages",
        ),
        # --- single parameters of co-required pairs, share links, other networks' defaults -----
        Case(
            id="neg-didi-source-id-without-union-marker",
            html='<a href="https://v.didi.cn/eoQRvjW?source_id=100001000946181&ref_from=wxshare">滴滴</a>',
            note="[a-href] ref §3.7: source_id without ref_from=dunion is not a union link",
        ),
        Case(
            id="neg-aliexpress-sk-alone",
            html='<a href="https://www.aliexpress.com/w/wholesale-usb-hub.html?sk=_DnBZ0rd&trafficChannel=main">x</a>',
            note="[a-href] sk= with no aff_ parameter beside it",
        ),
        Case(
            id="neg-douyin-plain-item-and-share",
            html=(
                '<a href="https://haohuo.jinritemai.com/views/product/item2?id=3458623526729304782">抖音商品</a> '
                '<a href="https://v.douyin.com/iRNBho6u/">视频</a>'
            ),
            note="[a-href] ref §3.8: a plain product page and a video share",
        ),
        Case(
            id="neg-jutuike-without-apikey",
            html='<a href="https://wx.91jdj.cn/?u=myxq_28931&t=5&type=rx">x</a>',
            note="[a-href] ref §3.7 aggregator link without its apikey (a=)",
        ),
        Case(
            id="neg-vip-miniprogram-without-chantag",
            html='<a data-miniprogram-appid="wxe9714e742209d35f" data-miniprogram-path="pages/index/index?chl_type=wxk">唯品会</a>',
            note="[data-attr] Vipshop mini-program path with no tra_from/mig_code",
        ),
        Case(
            id="neg-alipay-startapp-other-page",
            html='<a href="alipays://platformapi/startapp?appId=20000067&url=https%3A%2F%2Fwww.example.com%2F">支付宝打开</a>',
            note="[a-href] an Alipay app link that is not the taoke-guide plugin",
        ),
        Case(
            id="neg-booking-default-aid-and-banggood-page",
            html=(
                '<a href="https://www.booking.com/searchresults.html?aid=304142&dest_id=-1456928">Booking</a> '
                '<a href="https://www.banggood.com/Wholesale-Drones-ca-7006.html?p=3">page 3</a>'
            ),
            note="[a-href] Booking's own default aid and a Banggood page number",
        ),
        Case(
            id="neg-path-id-hosts-without-ids",
            html=(
                '<a href="https://brand.sjv.io/">brand</a> <a href="https://prf.hn/click/">prf</a> '
                '<a href="https://www.dpbolvw.net/">cj</a> <a href="https://ad.admitad.com/">admitad</a>'
            ),
            note="[a-href] click hosts whose paths carry no ids",
        ),
        Case(
            id="neg-pipes-and-fullwidth-text-around-plain-links",
            html="<p>目录｜https://www.example.com/a?x=1|b｜完</p>",
            note="[text] share-text delimiters around a link of no network",
        ),
        # --- Ad-slot look-alikes ----------------------------------------------------------------
        Case(
            id="neg-google-analytics-ids",
            html=(
                "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-7XKQ2M4B1Z\"></script>\n"
                "<script>gtag('config', 'G-7XKQ2M4B1Z'); ga('create', 'UA-12345678-1', 'auto');</script>"
            ),
            note="[whole-page] Google Analytics UA-/G- ids are not ad code",
        ),
        Case(
            id="neg-adsense-placeholder",
            html='<pre>&lt;ins data-ad-client="ca-pub-XXXXXXXXXXXXXXXX" data-ad-slot="YYYYYYYYYY"&gt;</pre>',
            note="[code] AdSense documentation placeholder",
        ),
        Case(
            id="neg-adsense-sample-and-admob-test-ids",
            html="<pre>ca-pub-1234567890123456\nca-app-pub-3940256099942544/6300978111\nca-pub-0000000000000000</pre>",
            note="[code] Google's sample publisher id, AdMob (apps) test id, zeros",
        ),
        Case(
            id="neg-adsbygoogle-push-only",
            html="<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>",
            note="[script-literal] the push call alone names no account",
        ),
        Case(
            id="neg-baidu-tongji-and-push",
            html=(
                '<script>var _hmt = _hmt || [];(function() {var hm = document.createElement("script");'
                'hm.src = "https://hm.baidu.com/hm.js?0a1b2c3d4e5f60718293a4b5c6d7e8f9";})();</script>\n'
                '<script src="https://zz.bdstatic.com/linksubmit/push.js"></script>'
            ),
            note="[whole-page] Baidu Tongji analytics and link push are not Baidu Union",
        ),
        Case(
            id="neg-baidu-template-cpro-id",
            html='<script>var cpro_id = "u${slot}";</script>',
            note="[script-literal] template placeholder",
        ),
        Case(
            id="neg-baidu-search-link",
            html='<a href="https://www.baidu.com/s?wd=cpro_id">百度一下</a>',
            note="[a-href] Baidu search for the word",
        ),
        # --- issue 15: cloud / VPS programmes: the same hosts without a referral id -----------
        Case(
            id="neg-cloud-vendor-plain-links",
            html=(
                '<ul><li><a href="https://www.aliyun.com/product/ecs">阿里云 ECS</a></li>'
                '<li><a href="https://cloud.tencent.com/product/lighthouse">腾讯云轻量</a></li>'
                '<li><a href="https://www.huaweicloud.com/product/ecs.html">华为云</a></li>'
                '<li><a href="https://cloud.baidu.com/product/bcc.html">百度智能云</a></li></ul>'
            ),
            note="[a-href] product pages of the four vendors, no promoter id",
        ),
        Case(
            id="neg-cloud-utm-only",
            html=(
                "推荐 [腾讯云](https://cloud.tencent.com/act/pro/lighthouse2021?utm_source=blog&utm_medium=cpc)、"
                "[百度云](https://cloud.baidu.com/campaign/Annualceremony-2020/index.html?track=cp:dsp|pf:pc|kw:2191279)\n"
            ),
            note="[markdown] marketing utm_/track= codes are not a referral id",
        ),
        Case(
            id="neg-aliyun-tutorial-placeholder",
            html="<pre>https://www.aliyun.com/minisite/goods?userCode=xxxxxxxx  # 换成你的推广码</pre>",
            note="[code] a tutorial's sample userCode",
        ),
        Case(
            id="neg-vps-docs-and-panels",
            html=(
                '<a href="https://www.vultr.com/docs/">Vultr docs</a> '
                '<a href="https://docs.digitalocean.com/products/droplets/">DO</a> '
                '<a href="https://www.linode.com/docs/">Linode</a> '
                '<a href="https://bandwagonhost.com/clientarea.php">KiWiVM</a> '
                '<a href="https://my.racknerd.com/index.php?rp=/store/kvm-vps">RackNerd</a>'
            ),
            note="[a-href] docs and client areas of the VPS programmes",
        ),
        Case(
            id="neg-gdt-template-unit",
            html=(
                "<script>window.TencentGDT = window.TencentGDT || [];\n"
                "window.TencentGDT.push({ placement_id: cfg.ylhSlotId, app_id: cfg.ylhAppId, type: 'rewarded' });</script>"
            ),
            note="[script-literal] an SDK wrapper whose ids come from configuration",
        ),
    ],
    negative=True,
)
