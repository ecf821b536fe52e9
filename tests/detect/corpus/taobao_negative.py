"""Labelled look-alikes: fragments that must produce NO affiliate finding at all.

Built from the shared domain reference ``affiliate-formats.md`` §0.1 item 5, §1.3 "Not
affiliate", §1.8 and §2.4 (cited as "ref §…").  Ordinary 淘宝 app shares
(``m.tb.cn/h.…?tk=…`` / ``e.tb.cn/h.…?tk=…``, ``bxsign=tcd…``) are deliberately left
out of this list and of the positives: a later issue decides them.  No fragment here
contains another network's affiliate link (JD, PDD, AliExpress …), because a negative
asserts that nothing at all is found.
"""

from __future__ import annotations

from .case import Case, check

NEGATIVES: list[Case] = check(
    [
        # --- 直通车 / P4P search ads (ref §1.3 "Not affiliate", §1.8) -------------------------
        Case(
            id="neg-p4p-ztc-detail-tmall",
            html=(
                '<a href="https://detail.tmall.com/item.htm?id=625471932288&ali_refid=a3_420434_'
                "1006%3A1666080105%3AH%3AhN3r5ccTtWxkAWhs6jV6Gw%3D%3D%3Ab8f1e0c2d3a4&ali_trackid="
                '282_2f9acabf0859fa9c771007a928b5f2e9&mm_sceneid=1_0_2949630009_0&xxc=ad_ztc">'
                "推广商品</a>"
            ),
            note="[a-href] ref §1.3: 直通车 click (ali_trackid=282_<32hex>, ali_refid, mm_sceneid, xxc=ad_ztc)",
        ),
        Case(
            id="neg-p4p-trackid-162-text",
            html="<p>https://item.taobao.com/item.htm?id=693481122339&ali_refid=a3_430585_1006:1122334455:N:MqXyZ5TbRk0wAaBb:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d&ali_trackid=162_f3105df18d4c8dcecb71902beb9c11c8</p>",
            note="[text] ref §1.3 ali_trackid=162_<32hex> with ali_refid=a3_…",
        ),
        Case(
            id="neg-p4p-trackid-only-amp",
            html='<a href="https://detail.tmall.com/item.htm?id=612233445566&amp;ali_trackid=282_2f9acabf0859fa9c771007a928b5f2e9&amp;spm=a230r.1.14.1">同款</a>',
            note="[a-href-amp] ref §1.3: a 3-digit ali_trackid type is not an affiliate (type 2) click",
        ),
        Case(
            id="neg-simba-cc-im",
            html='<a href="https://click.simba.taobao.com/cc_im?p=%BC%FC%C5%CC&s=1245689302&k=529&e=W%2Bq1hG4xZ0t8mNkqP2rL7sVdYeFa3bC6uJ9oIw%3D%3D">键盘</a>',
            note="[a-href] ref §1.3 / §1.8 click.simba.taobao.com/cc_im P4P search result",
        ),
        Case(
            id="neg-mm-sceneid-alone",
            html="<p>调试日志：mm_sceneid=1_0_2949630009_0 xxc=ad_ztc</p>",
            note="[text] ref §1.3: mm_sceneid never matches mm_<digits>",
        ),
        # --- ordinary item links with search tracking (ref §1.8) -----------------------------
        Case(
            id="neg-item-search-tracking-spm-ns",
            html='<a href="https://item.taobao.com/item.htm?spm=a230r.1.14.16.7a3c5e2fXYZabc&id=652378491234&ns=1&abbucket=11#detail">宝贝</a>',
            note="[a-href] ref §1.8 spm/ns/abbucket on a plain item link",
        ),
        Case(
            id="neg-detail-tmall-pricetid-utparam",
            html='<a href="https://detail.tmall.com/item.htm?id=672114453321&priceTId=2147820517150287123456789e1b2c&utparam=%7B%22aplus_abtest%22%3A%2231ab2c3d%22%7D&xxc=taobaoSearch&mi_id=0000abcdEFGH1234">天猫</a>',
            note="[a-href] ref §1.8 priceTId/utparam/xxc=taobaoSearch/mi_id",
        ),
        Case(
            id="neg-plain-item-taobao",
            html='<p>原价购买：<a href="https://item.taobao.com/item.htm?id=559643833415">淘宝</a></p>',
            note="[a-href] plain item link, no affiliate id",
        ),
        Case(
            id="neg-plain-detail-tmall-text",
            html="<p>https://detail.tmall.com/item.htm?id=18263930351</p>",
            note="[text] plain Tmall item URL",
        ),
        Case(
            id="neg-a-m-taobao-item",
            html='<a href="https://a.m.taobao.com/i652378491234.htm">手机淘宝</a>',
            note="[a-href] ref §1.5 a.m.taobao.com/i<id>.htm is a plain mobile item page",
        ),
        Case(
            id="neg-homepages",
            html='<nav><a href="https://www.taobao.com/">淘宝网</a> <a href="https://www.tmall.com/">天猫</a> <a href="https://s.taobao.com/search?q=%E9%94%AE%E7%9B%98">搜键盘</a></nav>',
            note="[a-href] Taobao/Tmall homepages and a plain search",
        ),
        Case(
            id="neg-alimama-dashboard",
            html='<p>登录 <a href="https://pub.alimama.com/">阿里妈妈推广者后台</a> 查看收益，或访问 https://www.alimama.com/index.htm</p>',
            note="[a-href] *.alimama.com without a PID",
        ),
        Case(
            id="neg-ai-taobao-without-pid",
            html='<a href="https://ai.taobao.com/search/index.htm?key=%E9%9B%A8%E4%BC%9E">爱淘宝搜索</a>',
            note="[a-href] pid-link host with no pid",
        ),
        Case(
            id="neg-mo-union-without-pid",
            html='<a href="https://mo.m.taobao.com/union/1111_ys_rexiao">双11</a>',
            note="[a-href] campaign page with no pid",
        ),
        Case(
            id="neg-uland-quan-detail",
            html='<a href="https://uland.taobao.com/quan/detail?sellerId=2200657474123&activityId=5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e">店铺优惠券</a>',
            note="[a-href] ref §1.2 uland quan/detail: coupon page only, no PID",
        ),
        Case(
            id="neg-uland-root",
            html="<p>官方领券页面 https://uland.taobao.com/ 已改版</p>",
            note="[text] uland host without coupon/edetail",
        ),
        # --- s.click.taobao.com without a link path -------------------------------------------
        Case(
            id="neg-s-click-host-mentioned",
            html="<p>广告拦截规则里加上 s.click.taobao.com 就能屏蔽淘宝客跳转。</p>",
            note="[text] host name without a path",
        ),
        Case(
            id="neg-s-click-adblock-and-hosts",
            html="<pre>||s.click.taobao.com^\n0.0.0.0 s.click.taobao.com\n</pre>",
            note="[text] adblock rule and hosts-file line",
        ),
        Case(
            id="neg-s-click-short-path-abc",
            html='<a href="https://s.click.taobao.com/abc">坏链接</a>',
            note="[a-href] path is 3 characters, not a 7-character short code",
        ),
        Case(
            id="neg-s-click-root",
            html='<a href="https://s.click.taobao.com/">s.click.taobao.com</a>',
            note="[a-href] root path",
        ),
        Case(
            id="neg-s-click-favicon",
            html='<link rel="icon" href="https://s.click.taobao.com/favicon.ico">',
            note="[a-href] 'favicon' is 7 letters but the path is favicon.ico, not a short code",
        ),
        # --- look-alike hosts (decide by host suffix) -----------------------------------------
        Case(
            id="neg-lookalike-host-suffix",
            html='<a href="https://s.click.taobao.com.evil.example/t?e=x">phish</a>',
            note="[a-href] host is s.click.taobao.com.evil.example (suffix evil.example)",
        ),
        Case(
            id="neg-notaobao-domain",
            html='<a href="https://s.click.notaobao.com/t?e=m%3D2%26s%3Dabc">not taobao</a> <a href="https://notaobao.com/coupon/edetail?e=abc">x</a>',
            note="[a-href] notaobao.com is not taobao.com",
        ),
        Case(
            id="neg-lookalike-uland-subdomain-of-other",
            html='<a href="https://uland.taobao.com.example.net/coupon/edetail?e=abc&af=1">券</a>',
            note="[a-href] host suffix example.net",
        ),
        # --- placeholders and templates (ref §1.8) --------------------------------------------
        Case(
            id="neg-placeholder-mm-0-0-0-doc",
            html="<p>示例：pid=mm_0_0_0，请替换为你自己的推广位。</p>",
            note="[text] ref §1.8 placeholder mm_0_0_0",
        ),
        Case(
            id="neg-placeholder-xxx-doc",
            html="<p>PID 格式为 mm_xxx_xxx_xxx，三段分别是会员、媒体、推广位。</p>",
            note="[text] ref §1.8 mm_xxx_xxx_xxx",
        ),
        Case(
            id="neg-placeholder-1-2-3-sdk-comment",
            html='// 推广位ID，同时也是pid=mm_1_2_3中的“3”这段数字\nAdzoneId int64 `json:"adzone_id"`\n',
            note="[code] ref §1.1 opentaobao comment verbatim (mm_1_2_3)",
        ),
        Case(
            id="neg-placeholder-11-11-11-json",
            html='<pre>{"tbk_dg_material_optional_response": {"pid": "mm_11_11_11", "adzone_id": 11}}</pre>',
            note="[json] ref §1.8 opentaobao sample mm_11_11_11",
        ),
        Case(
            id="neg-placeholder-123-456-789-readme",
            html="<pre><code>$client->setPid('mm_123_456_789');</code></pre>",
            note="[code] ref §1.8 README placeholder mm_123_456_789",
        ),
        Case(
            id="neg-three-digit-member-config-comment",
            html="pid = 274398237498  # mm_123_456_274398237498 #最后一位\n",
            note="[code] ref §1.1 makelove config verbatim: member '123' is 3 digits (< 5) -> not real",
        ),
        Case(
            id="neg-template-literal-pid",
            html="<script>const url = `https://ai.taobao.com/search/index.htm?pid=mm_${pid}&key=${kw}`;</script>",
            note="[script-literal] ref §1.8 mm_${pid} template",
        ),
        Case(
            id="neg-alimama-pid-template-no-script",
            html='<textarea id="tpl">alimama_pid="${pid}"; alimama_width=${width}; alimama_height=${height};</textarea>',
            note='[text] ref §1.8 alimama_pid="${pid}" in a template editor, no inf.js src',
        ),
        Case(
            id="neg-smarty-pid-in-taobao-url",
            html='<a href="http://ai.taobao.com/?pid={$pid}&amp;unid={$unid}">爱淘宝</a>',
            note="[a-href] ref §1.8 {$pid} inside a Taobao URL",
        ),
        Case(
            id="neg-php-pid-in-taobao-url",
            html='<a href="http://ai.taobao.com/search/index.htm?pid=mm_<?php echo $member; ?>_<?php echo $site; ?>_<?php echo $adzone; ?>&key=">搜索</a>',
            note="[a-href] ref §1.8 mm_<?php … ?>",
        ),
        Case(
            id="neg-placeholder-pid-in-pid-link",
            html='<a href="https://ai.taobao.com/?pid=mm_0_0_0">爱淘宝</a>',
            note="[a-href] pid link needs a real PID; mm_0_0_0 is a placeholder",
        ),
        Case(
            id="neg-form-placeholder-pid",
            html='<form action="http://search8.taobao.com/browse/search_auction.htm"><input type="hidden" name="pid" value="mm_xxx_xxx_xxx"><input name="q"></form>',
            note="[form] search form whose hidden pid is a placeholder",
        ),
        Case(
            id="neg-form-taobao-without-pid",
            html='<form action="https://s.taobao.com/search" target="_blank"><input name="q"><button>搜索</button></form>',
            note="[form] Taobao search form without a hidden pid",
        ),
        Case(
            id="neg-api-doc-placeholder-json",
            html='<pre>{\n  "pid": "mm_xxx_xxx_xxx",\n  "adzone_id": "xxx"\n}</pre>',
            note="[json] API doc request sample with placeholder",
        ),
        Case(
            id="neg-isconvert-anchors-without-tkapi",
            html='<ul><li><a biz-itemid="527303031972" isconvert="1" href="http://detail.tmall.com/item.htm?id=527303031972">羽绒服</a></li></ul>',
            note="[a-href] kinds table: converted link only on a page with tkapi.js config",
        ),
        # --- prices and currency-delimited strings that are not tokens (ref §2.4) ------------
        Case(
            id="neg-price-yen-fullwidth",
            html="<p>到手价 ￥199，比上周便宜 ￥20</p>",
            note="[text] price",
        ),
        Case(
            id="neg-price-yen-decimals",
            html='<span class="price">¥1999.00</span> <del>¥2299.00</del>',
            note="[text] price with decimals",
        ),
        Case(
            id="neg-price-dollar",
            html="<p>Only $19.99 (was $29.99) — ships from $5</p>",
            note="[text] dollar prices, parentheses with non-token content",
        ),
        Case(
            id="neg-price-entity-and-coupon-text",
            html="<p>&yen;1999.00 【在售价】10.10元 【券后价】5.10元 满￥300减￥40</p>",
            note="[text] ref §2.3 #7 price lines without the token",
        ),
        Case(
            id="neg-yen-lowercase-11",
            html="<p>￥helloworldx￥</p>",
            note="[text] 11 lower-case letters: tokens are mixed case",
        ),
        Case(
            id="neg-yen-digits-11",
            html="<p>订单号￥12345678901￥</p>",
            note="[text] 11 digits, no letters",
        ),
        Case(
            id="neg-yen-10-chars",
            html="<p>￥AbCdEf1234￥</p>",
            note="[text] 10 characters",
        ),
        Case(
            id="neg-yen-12-chars",
            html="<p>￥AbCdEf123456￥</p>",
            note="[text] 12 characters",
        ),
        Case(
            id="neg-euro-uppercase-digits-11",
            html="<p>€ABCD1234EFG€</p>",
            note="[text] 11 upper-case letters and digits, no lower case",
        ),
        Case(
            id="neg-lowercase-hex-11",
            html="<p>构建号 (a1b2c3d4e5f) 已发布</p>",
            note="[text] 11 lower-case hex in parentheses: no upper case",
        ),
        # --- 11-character ids that are not delimited like a token -----------------------------
        Case(
            id="neg-youtube-watch-id",
            html='<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">视频</a>',
            note="[a-href] 11-char mixed-case YouTube id between = and a quote",
        ),
        Case(
            id="neg-youtube-short-url",
            html="<p>视频：https://youtu.be/dQw4w9WgXcQ</p>",
            note="[text] 11-char YouTube id after a slash",
        ),
        Case(
            id="neg-element-id-in-quotes",
            html='<div id="xR4tYp9LmQz" class="card"></div>',
            note="[data-attr] 11-char mixed-case id between quotes (quotes are not token delimiters)",
        ),
        Case(
            id="neg-product-name-plain",
            html="<p>iPhone15Pro 开箱</p>",
            note="[text] 11-char mixed-case product name without delimiters",
        ),
        Case(
            id="neg-bilibili-bv-id",
            html="<p>视频：BV1GJ411x7h7</p>",
            note="[text] 12-char Bilibili id",
        ),
        # --- identifiers that merely start with mm_ ------------------------------------------
        Case(
            id="neg-code-mm-struct",
            html="<pre><code>struct mm_struct *mm = current-&gt;mm;\nmmap_read_lock(mm);</code></pre>",
            note="[code] Linux mm_struct",
        ),
        Case(
            id="neg-code-sse-intrinsics",
            html="<pre>__m128i r = _mm_add_epi32(a, b);\n__m128i s = _mm_set_epi32(1, 2, 3, 4);</pre>",
            note="[code] SSE intrinsics _mm_*",
        ),
        Case(
            id="neg-code-mm-malloc",
            html="<pre>void *buf = mm_malloc(4096);\nmm_free(buf);</pre>",
            note="[code] mm_malloc / mm_free",
        ),
        # --- pid/p parameters of unrelated sites ---------------------------------------------
        Case(
            id="neg-discuz-pid-param",
            html='<a href="https://bbs.example-forum.com/forum.php?mod=redirect&goto=findpost&ptid=1234&pid=123">查看回复</a>',
            note="[a-href] Discuz post id pid=123",
        ),
        Case(
            id="neg-wordpress-p-param",
            html='<a href="https://blog.example.com/?p=13667242">旧文章</a>',
            note="[a-href] WordPress ?p=<post id>; only s.click.taobao.com/t_N?p= is a legacy link",
        ),
        # --- forms close to the rules added for issue 3's engine gaps ----------------------
        Case(
            id="neg-simba-rd-without-pid",
            html='<a href="https://redirect.simba.taobao.com/rd?w=bd&amp;f=https%3A%2F%2Fwww.example.com%2F&amp;k=67a22f436b17a341">推广</a>',
            note="[a-href-amp] ref §1.8 redirect.simba.taobao.com/rd?f= is a 直通车 hop; no PID, nothing wrapped",
        ),
        Case(
            id="neg-item-share-bxsign-tcd",
            html=(
                '<a href="https://item.taobao.com/item.htm?id=693481122339&ut_sk=1.YtL2p3AbCdE_21380790_1'
                '&sourceType=item&shareUniqueId=12345678901&un=0a1b2c3d4e5f60718293a4b5c6d7e8f9&share_crt_v=1'
                '&un_site=0&sp_tk=cqtQbS9y8gR&bxsign=tcdAbCdEfGhIjKlMnOp">淘宝</a>'
            ),
            note="[a-href] ref §1.8 ordinary app share landing (bxsign=tcd…, un_site=0)",
        ),
        Case(
            id="neg-book-title-eleven-letters",
            html="<p>推荐阅读《HarryPotter》和《TheHobbitXY》两本书。</p>",
            note="[text] 《…》 around 11 mixed-case letters is a title without share words",
        ),
        Case(
            id="neg-error-code-scheme-like",
            html="<p>错误码 1ABCDEFGHIJK:// HU7679；版本 2abcdefghijk:/ CZ0001</p>",
            note="[text] the bot token form's shape with single-case letters",
        ),
        Case(
            id="neg-pid-like-triple-on-plain-links",
            html='<a href="https://www.example.com/rd?c=un&p=131955459_43834449_111744850258">x</a>',
            note="[a-href] a bare <a>_<b>_<c> p= off Taobao's hosts",
        ),
        Case(
            id="neg-upyun-lianmeng-badge",
            html='<a href="https://www.upyun.com/?utm_source=lianmeng&utm_medium=referral"><img src="/upyun_logo.png" alt="又拍云"></a>',
            note="[a-href] ref §1.8 又拍云 sponsorship badge (utm_source=lianmeng is not JD)",
        ),
    ],
    negative=True,
)
