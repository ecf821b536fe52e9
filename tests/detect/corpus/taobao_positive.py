"""Labelled positive cases: Taobao Affiliate (淘宝联盟 / Alimama) links the detector must find.

Built from the shared domain reference ``affiliate-formats.md`` (cited as "ref §…").  Strings
marked "verbatim" are copied from the reference (cut blobs were completed with
invented characters); the rest are invented variants (new digits, other delimiters,
other places in the page).

Three lists:

* :data:`CASES` — the kinds table as it stands (one link form, placed in an ordinary
  HTML place: attribute, text, comment, script literal, JSON, form, meta refresh …).
* :data:`WRAPPED_CASES` — the same links behind an encoding layer (percent-encoded inside
  a wrapper's query, JSON ``\\/`` / ``\\u0026`` escapes, app schemes, QR-image ``text=``).
  They need the ref §6.1 unwrapping loop; opt in when the detector does it.
* :data:`UNDECIDED` — cases whose expectation depends on a rule the kinds table does not
  settle.  Each ``expect`` is the corpus author's proposal; the note says what to decide.

Each expectation is a set: the same (network, kind, pid) found twice counts once.  The
fragments assume that an ``m.tb.cn/h.…`` / ``c.tb.cn`` / ``e22a.com/h.…`` share link
*without* ``?tk=`` produces no finding of its own (the kinds table has no kind for it).
"""

from __future__ import annotations

from .case import Case, check, check_disjoint, tb

CLICK = "click link"
SHORT = "short link"
LEGACY = "legacy click link"
COUPON = "coupon link"
PIDLINK = "pid link"
LANDING = "landing link"
FORM = "search form"
ADSLOT = "ad-slot code"
CONVERTED = "converted link"
PID = "pid"
TOKEN = "token"
SHARE = "share link"

# --- long s.click.taobao.com/t?… URLs (ref §1.4 A/B; cut blobs completed) ------------------

A1 = "https://s.click.taobao.com/t?e=m%3D2%26s%3DSZrG7lN%2BR70cQipKwQzePOeEDrYVVa64K7Vc7tFgwiHjf2vlNIV67n%2FF6Mpn%2F%2FyrdgpT%2Fnt4ZAilldgrEKAMDfvtTsPa%2Bvw8FDXjhIkoffd7RTQd3LKg2nJi6DFpZGNc%2Bht3wBcxEojXtv8oC884TT3gpsjoB0xH39doH8m%2FXrme7iFIr8Ii0c9kxRRHfUqm&scm=null&pvid=null&app_pvid=59590_11.26.37.213_531_1582801824591&ptl=floorId%3A17741&originalFloorId%3A17741&app_pvid%3A59590_11.26.37.213_531_1582801824591&union_lens=lensId%3APUB%401582801818%400b579756_0ee6_17086571260_b054%40025TMjT3NVuU9iOPDBPFeS83"
A2 = "https://s.click.taobao.com/t?e=m%3D2%26s%3D8F43%2BjiTfWMcQipKwQzePOeEDrYVVa64lwnaF1WLQxlyINtkUhsv0FSvxYuis1LoGcvgIVjTTAdHatIorvhTnDBUxNsqx3L7njzwEGq%2FDRvSkx9ROi4DlKXezsSnMpj3SD99OVE0eUi%2FsSjYM%2FueLAcJF%2FlBkX5m5UwZupjob08v3l3uT7Tftfr%2BRoxyUbBMDdFDrVj%2B9kW8ByuoqNuRlUadTiDOGWxEcSpj5qSCmbA%3D&scm=null&pvid=100_11.229.171.161_1616_5161582806071608228&app_pvid=59590_11.88.143.71_522_1582806071604&ptl=floorId:2836;originalFloorId:2836;pvid:100_11.229.171.161_1616_5161582806071608228;app_pvid:59590_11.88.143.71_522_1582806071604&xId=2xRsRttYBIo8lY84NtvmwZBcR5Jud5K369knvYqsvhgL6UQz2tqJSoTdr5b73KQPeiQ0YPtaTtauhqn6zPGGYaOB7lwTElWz39os07hxc8pS&union_lens=lensId%3AMAPI%401582806071%400b588f47_0dd4_1708697f96d_2233%4001"
A3 = "//s.click.taobao.com/t?e=m%3D2%26s%3DzFlR4%2BEBXAVw4vFB6t2Z2ueEDrYVVa64Dne87AjQPk9yINtkUhsv0L4lM4GcrElNwZFsYLsVxmxHatIorvhTnDBUxNsqx3L7njzwEGq%2FDRvSkx9ROi4DlKXezsSnMpj3LrHGZgcOhECoyauY3EQuvVg2udsK8%2Fy5OemaFM5tHHYxZyjQcbVDhcnjRDTsxzJ6F9vcx87ZOorFxpfIaQw05sYOae24fhW0&scm=1007.15023.81719.0&pvid=fc0d76a5-b58a-4efb-849b-7e1a87aa8f87&app_pvid=59590_11.11.34.86_640_1554536012902&ptl=floorId:3767;pvid:fc0d76a5-b58a-4efb-849b-7e1a87aa8f87;app_pvid:59590_11.11.34.86_640_1554536012902&union_lens=lensId:0b0b2256_0cc3_169f1911ca1_0cc7"
A4 = "http://s.click.taobao.com/t?e=m%3D2%26s%3DRXVYJoJeGW4cQipKwQzePCperVdZeJvipRe%2F8jaAHci5VBFTL4hn2Urd%2F9BMJB8HHBMajAjK1gCAFeafH4QErWnnYrXxa5MUmboFpbUf1bP77vtxsAD0fL0CYBEjBf0r9c4%2BDfHF4VV%2BPGXoAieI2kkaGVtp31Rb"
A5_AMP = "http://s.click.taobao.com/t?e=m%3D2%26s%3DAPGxOyU70rEcQipKwQzePOeEDrYVVa64XoO8tOebS%2BdRAdhuF14FMTsnblrvEjqEJ1gyddu7kN%2BhAh3HOJNdaNQRGlh44dSUTkt1PB7EAQYTzSJ6RGKXv9AqgaNS7oS9sD436C2dwG2qDVoHcSt9RL4lut2PUnyd&amp;spm=2014.12669715.1.0&amp;u=jn_UCTRAC_CLK_&amp;unid=jn_UCTRAC_CLK_"
A6 = "https://s.click.taobao.com/t?e=m%3D2%26s%3D9DgdpSlWXmgcQipKwQzePCperVdZeJviK7Vc7tFgwiFRAdhuF14FMWOl1RQ4nI4eLNtGcKAVN3IzuTGl041QAiSgiNrL%2BlBqfjxl6AIniNrNBBPoRbo3zrJmDFg1AUKYMdC6dqcurFTn%2FMTVSe63bV0hO9fBPG8oGc375vDYVY6lLmcSHKfaX1CxRDt3HQiw&cpsrc=tiger_tiger&pid="
A7 = "http://s.click.taobao.com/t?e=zGU34CA7K%2BPkqB07S4%2FK0CITy7klxn%2Fr3HZwuuY0VC7BwYarcZXIp9bMsJoojiel33mlHXMmbJHHucXDti114cIfXvSeMfG7BZmPu7U6%2BMtR29z3OHhr5kQv9YudEycyfvIEXsdUNhOEonURMZavJou%2Bgj9J1EHiypv5SIW8VrveWHUmCrg7A9q%2F9FfKMkca%2FleUkRo%3D&spm=2014.12057478.1.0&u=108kh5101010101010nmekf9101010T0"
B1 = "https://s.click.taobao.com/t?union_lens=lensId%3APUB%401744372468%40213122a3_0cde_19624b3899f_b7ad%4001%40eyJmbG9vcklkIjozODg1Miiwiic3BtQiiI6Il9wb3J0YWxfdjJfcGFnZXNfYWN0aXZpdHlfaW5kZXhfaHRtIn0ie%3BeventPageId%3A20150318020020616&e=m%3D2%26s%3DW3mUCKvj37hw4vFB6t2Z2iperVdZeJviU%2F9%2F0taeK29yINtkUhsv0NbKjAlYsnE49ZF17SOzIzl1m500iPbesYqK2tP3TUsc5GjXpSha0leqlBrfkjevCRCaEDc3nKI0ogfc9UhHI0lKaJluSZBCVstf3VMtO%2BcunxayKUIwUM7CbAGjvJeFYhvzeiceWLrTM7kxpdONUAK2ZesAkYM2UrHfv3%2BBYcPW%2FknKiHyNnnywB5MhWbQYoeTR%2Fh3p6vFjiSLq71w5u%2BUJ3widuiY%2FFWufMlmUzB6KyFJYSOcUuyV7kLD8NfoX9ymYlubupY1tteCRbObpaJQif%2FebRB1EwBHZxsMuS08uIg56diQUhdoIFTZ%2Fcv6e3HJ6fLpIwQUehqL%2B3wRhw4ERkqhSxrVp7Rlrk9AJIHp%2FYGIfpu4zpQMB10hBCipIlTOjjI7DhxzjTMMM6ptcQaWNXvOBr8Xb%2FMTGOe5vHwFIY8vYISLl0g96dioIQU0NpeqS9q%2BLDepzHQ6eN8NVQy7GDmntuH4VtA%3D%3D"
B2 = "https://s.click.taobao.com/t?union_lens=lensId%3AMAPI%401767236430%40213ef1be_2044_19b777feb0b_986a%4001%40eyJmbG9vcklkIjozMTg0N30ie%3BeventPageId%3A20150318020013212&e=m%3D2%26s%3DTa%2B80aSw0UNw4vFB6t2Z2iperVdZeJviv2laukthwYhnX1vWUft3ZYnReLFJnJtPq8%2BkZcW1mQxR4vT0aLp2%2FdEu9sKq%3D%3D"
B4 = "https://s.click.taobao.com/t?union_lens=lensId%3AOPT%401662996847%4021049e52_0ba6_18332561a06_447d%4001%3BeventPageId%3A20150318020012640&e=m%3D2%26s%3DKQGGO6VkGgscQipKwQzePCperVdZeJviU%2F9%2F0taeK29yINtkUhsv0Kn3mIlxzAoxwdGTP5v7Esr3i5j3zWmts%2BOSR1oowSQnhXWDVnTd4sJrqPgKbSBOBpnWtijfqJw3AGIxVb%2FzQm1%2BYk7pAcT2%3D"
B5 = "https://s.click.taobao.com/t?union_lens=lensId%3APUB%401726708928%400bf8e76f_0de9_19207df50b1_e6c8%4001%40eyJmbG9vcklkIjozODg1Miiwiic3BtQiiI6Il9wb3J0YWxfdjJfcGFnZXNfYWN0aXZpdHlfb2ZmaWNpYWxfaW5kZXhfaHRtIn0ie%3BeventPageId%3A20150318020008733&e=m%3D2%26s%3DlH88F4cdsjIcQipKwQzePCperVdZeJviU%2F9%2F0taeK29yINtkUhsv0Lq7cWnR%2BzTgd1ExsoK%3D"
# invented e= blobs (same alphabet and layout as the SEEN ones)
X1 = "https://s.click.taobao.com/t?e=m%3D2%26s%3Dq7TrZ2vLxWccQipKwQzePOeEDrYVVa64K7Vc7tFgwiHjf2vlNIV67kR8Yx0n%2FRz3dgpT%2Fnt4ZAilldgrEKAMDfvtTsPa%2Bvw8FDXjhIkoffd7RTQd3LKg2nJi6DFpZGNc%2Bht3wBcxEojXtv8oC884TT3gpsjoB0xH39doH8m%2FXrme7iFIr8Ii0c9kxRRHfUqm&scm=null&pvid=null&union_lens=lensId%3ATAPI%401620371798%400b59e280_cd41_17945af7acc_8d2f%4001"
X2 = "https://s.click.taobao.com/t?e=m%3D2%26s%3DbN4u%2FkXq2RscQipKwQzePOeEDrYVVa64lwnaF1WLQxlyINtkUhsv0HqgWmNf3sT1GcvgIVjTTAdHatIorvhTnDBUxNsqx3L7njzwEGq%2FDRvSkx9ROi4DlKXezsSnMpj3ZkB2dEwq5tO1%2FtJ8M%2FueLAcJF%2FlBkX5m5UwZupjob08v3l3uT7Tftfr%3D&union_lens=lensId%3APUB%401700000123%400b0e4f2a_0c11_18bc2f7e1a3_4f5e%4001"
X3 = "http://s.click.taobao.com/t?e=m%3D2%26s%3DhQ0xZ7YbLr4cQipKwQzePCperVdZeJvipRe%2F8jaAHci5VBFTL4hn2X2k%2F9BMJB8HHBMajAjK1gCAFeafH4QErWnnYrXxa5MUmboFpbUf1bP77vtxsAD0fL0CYBEjBf0r9c4%2BDfHF4VV%2BPGXoAieI2kkaGVtp31Rb"
X4 = "https://s.click.taobao.com/t?e=m%3D2%26s%3DxR1vL0WwPq8cQipKwQzePCperVdZeJviK7Vc7tFgwiFRAdhuF14FMWOl1RQ4nI4eLNtGcKAVN3IzuTGl041QAiSgiNrL%2BlBqfjxl6AIniNrNBBPoRbo3zrJmDFg1AUKYMdC6dqcurFTn%2FMTVSe63bV0hO9fBPG8oGc375vDYVY6lLmcSHKfaX1CxRDt3HQiw&scm=1007.30148.309617.0&pvid=4a8d1c2e-77f0-4b1e-9c5a-2d3e4f5a6b7c&relationId=2650471187"

CLICK_CASES = [
    Case(
        id="click-e-blob-a-href",
        html=f'<p>这款键盘我用了两年，<a href="{A1}" target="_blank" rel="nofollow">点这里购买</a>。</p>',
        expect=(tb(CLICK),),
        note="[a-href] ref §1.4 A1 verbatim",
    ),
    Case(
        id="click-e-xid-json-buy-link",
        html=(
            '<script>var goods = {"title": "机械键盘 87键", "price": "199.00", '
            f'"buy_link": "{A2}"}};</script>'
        ),
        expect=(tb(CLICK),),
        note="[json] ref §1.4 A2 verbatim (with xId); ref §5 JSON buy_link",
    ),
    Case(
        id="click-protocol-relative-js-dict",
        html=f"<script>\nvar item = {{'title': '保温杯', 'click_url': '{A3}'}};\n</script>",
        expect=(tb(CLICK),),
        note="[script-literal] ref §1.4 A3 verbatim, protocol-relative",
    ),
    Case(
        id="click-protocol-relative-a-href",
        html=f'<a href="{X2.removeprefix("https:")}" class="btn">去淘宝看看</a>',
        expect=(tb(CLICK),),
        note="[a-href-protocol-relative] invented, //s.click.taobao.com/t?e=",
    ),
    Case(
        id="click-banner-a-img",
        html=(
            f'<a href="{A4}" target="_blank"><img src="http://img01.taobaocdn.com/bao/'
            'uploaded/i1/T1v5xXXhXXXXXXXXXX_!!0-item_pic.jpg" border="0" /></a>'
        ),
        expect=(tb(CLICK),),
        note="[a-href] ref §1.4 A4 verbatim, banner anchor around a taobaocdn image",
    ),
    Case(
        id="click-unid-sub-id-amp-encoded",
        html=f'<a href="{A5_AMP}">聚划算</a>',
        expect=(tb(CLICK),),
        note="[a-href-amp] ref §1.4 A5 verbatim with &amp; between params (u/unid sub-id)",
    ),
    Case(
        id="click-empty-pid-param",
        html=f'<li><a href="{A6}">领券购买</a></li>',
        expect=(tb(CLICK),),
        note="[a-href] ref §1.4 A6 verbatim: CMS appends an empty pid= -> pid None",
    ),
    Case(
        id="click-old-e-meta-refresh",
        html=(
            '<html><head><meta http-equiv="refresh" '
            f'content="0;url={A7}"></head><body>正在跳转…</body></html>'
        ),
        expect=(tb(CLICK),),
        note="[meta-refresh] ref §1.4 A7 verbatim (old e= without m=2&s=)",
    ),
    Case(
        id="click-union-lens-window-open",
        html=f'<button type="button" onclick="window.open(\'{B1}\')">领券中心</button>',
        expect=(tb(CLICK),),
        note="[window-open] ref §1.4 B1 verbatim, union_lens first (campaign link)",
    ),
    Case(
        id="click-union-lens-campaign-js-array",
        html=(
            f"<script>\nconst activities = [\n  {{ name: '天猫超市', url: '{B2}' }},\n];\n</script>"
        ),
        expect=(tb(CLICK),),
        note="[script-literal] ref §1.4 B2 (cut blob completed)",
    ),
    Case(
        id="click-union-lens-in-html-comment",
        html=(
            f'<div class="ad">\n<!-- <a target="_blank" href="{B4}"> -->\n'
            '<!-- <img src="/static/1111.png"></a> -->\n</div>'
        ),
        expect=(tb(CLICK),),
        note="[comment] ref §1.4 B4 / §5 HTML comments (cut blob completed)",
    ),
    Case(
        id="click-union-lens-js-export",
        html=(
            '<script type="module">\nexport const adHomeRight = [\n'
            f"  {{ img: '/img/ad1.png', url: '{B5}', title: '官方活动' }},\n];\n</script>"
        ),
        expect=(tb(CLICK),),
        note="[script-literal] ref §1.4 B5 (cut blob completed)",
    ),
    Case(
        id="click-t-js-tu-hop",
        html=(
            '<a href="https://s.click.taobao.com/t_js?tu=https%3A%2F%2Fs.click.taobao.com'
            "%2Ft%3Fe%3Dm%253D2%2526s%253DAPGxOyU70rEcQipKwQzePOeEDrYVVa64XoO8tOebS%252BdRAdhu"
            "F14FMTsnblrvEjqEJ1gyddu7kN%252BhAh3HOJNdaNQRGlh44dSUTkt1PB7EAQYTzSJ6RGKXv9Aqga"
            'NS7oS9sD436C2dwG2qDVoHcSt9RL4lut2PUnyd%26ref%3D%26et%3DsT0cMq1lW">去看看</a>'
        ),
        expect=(tb(CLICK),),
        note="[a-href] ref §1.2 s.click.taobao.com/t_js?tu=<encoded click URL>; invented",
    ),
    Case(
        id="click-tmall-g-tar",
        html=(
            '<a href="http://s.click.tmall.com/g?tar=http%3A%2F%2Fdetail.tmall.com%2Fitem.htm'
            '%3Fid%3D18263930351&tm=3&et=Hx9lSWqWIAe0">天猫正品</a>'
        ),
        expect=(tb(CLICK),),
        note="[a-href] ref §1.2 s.click.tmall.com/g?…&tar= (old Tmall hop); invented params",
    ),
    Case(
        id="click-with-clear-pid-param",
        html=f'<a href="{X1}&pid=mm_45076408_660600167_109222400252">抢购</a>',
        expect=(tb(CLICK, "mm_45076408_660600167_109222400252"),),
        note="[a-href] kinds table: click link with pid=mm_… carries that pid; ref §1.7 simba "
        "shows s.click URLs with &pid=mm_…",
    ),
    Case(
        id="click-pid-param-amp-encoded",
        html=(
            '<a href="https://s.click.taobao.com/t?e=m%3D2%26s%3DxR1vL0WwPq8cQipKwQzePCperVd'
            "ZeJviK7Vc7tFgwiFRAdhuF14FMWOl1RQ4nI4eLNtGcKAVN3IzuTGl041QAiSgiNrL%3D&amp;"
            'cpsrc=tiger_tiger&amp;pid=mm_131955459_43834449_111744850258">领券</a>'
        ),
        expect=(tb(CLICK, "mm_131955459_43834449_111744850258"),),
        note="[a-href-amp] CMS template of ref §1.4 A6 with a filled pid, &amp;-encoded",
    ),
    Case(
        id="click-hidden-iframe",
        html=f'<iframe src="{X3}" width="0" height="0" frameborder="0" style="display:none"></iframe>',
        expect=(tb(CLICK),),
        note="[iframe-src] ref §5 hidden 0x0 iframe (cookie stuffing shape); invented blob",
    ),
    Case(
        id="click-img-pixel-protocol-relative",
        html=f'<img src="{X1.removeprefix("https:")}" width="1" height="1" alt="">',
        expect=(tb(CLICK),),
        note="[img-src] invented 1x1 pixel pointing at a click URL",
    ),
    Case(
        id="click-uppercase-tags",
        html=f'<TABLE><TR><TD><A HREF="{A4}" TARGET="_blank">特价</A></TD></TR></TABLE>',
        expect=(tb(CLICK),),
        note="[uppercase-tags] ref §1.4 A4 in 2000s-style upper-case markup",
    ),
    Case(
        id="click-unquoted-href",
        html=f"<a href={X1} target=_blank>买它</a>",
        expect=(tb(CLICK),),
        note="[a-href-unquoted] invented; unquoted attribute value with & and %3D",
    ),
    Case(
        id="click-location-href",
        html=(
            "<script>\nif (/Mobile/.test(navigator.userAgent)) {\n"
            f"  location.href = '{X4}';\n}}\n</script>"
        ),
        expect=(tb(CLICK),),
        note="[location-href] ref §5 inline JS navigation; invented blob with relationId",
    ),
    Case(
        id="click-onclick-location-protocol-relative",
        html=(f'<span class="buy" onclick="location.href=\'{A3}\'">立即抢购</span>'),
        expect=(tb(CLICK),),
        note="[onclick] ref §1.4 A3 (protocol-relative) in an onclick handler",
    ),
    Case(
        id="click-plain-text-paragraph",
        html=f"<p>下单地址：{X2}</p>\n<p>（复制到浏览器打开）</p>",
        expect=(tb(CLICK),),
        note="[text] invented; URL as plain text, not a link",
    ),
    Case(
        id="click-data-url-attribute",
        html=f'<div class="buy-btn" data-url="{B5}" data-title="官方活动">去抢</div>',
        expect=(tb(CLICK),),
        note="[data-attr] ref §1.4 B5 in a data-* attribute read by JS",
    ),
]

# --- s.click.taobao.com/<7 alnum> short links (ref §1.4 C) ---------------------------------

SHORT_CASES = [
    Case(
        id="short-a-href",
        html='<a href="https://s.click.taobao.com/pW6b0Xu" target="_blank">淘宝同款</a>',
        expect=(tb(SHORT),),
        note="[a-href] ref §1.4 C pW6b0Xu verbatim",
    ),
    Case(
        id="short-text-cjk-right-after",
        html="<p>淘宝链接：https://s.click.taobao.com/9vmlLhr点击直达，手慢无</p>",
        expect=(tb(SHORT),),
        note="[text] ref §1.4 C 9vmlLhr verbatim; CJK text glued to the code",
    ),
    Case(
        id="short-af3-query",
        html='<a href="https://s.click.taobao.com/aMp7NXw?af=3">扫码领券</a>',
        expect=(tb(SHORT),),
        note="[a-href] ref §1.4 C aMp7NXw with ?af=3 (ref §1.7 QR text)",
    ),
    Case(
        id="short-json-with-tpwd",
        html=(
            '<script type="application/json" id="goods-data">{"item_id": 633467264294, '
            '"short_click_url": "https://s.click.taobao.com/9Mn7NXw", '
            '"tpwd": "￥8fNsbpXtbyr￥"}</script>'
        ),
        expect=(tb(SHORT), tb(TOKEN)),
        note="[json] ref §1.4 C 9Mn7NXw; token ref §2.2 ￥8fNsbpXtbyr￥",
    ),
    Case(
        id="short-mdx-get-one-now-item",
        html=(
            '<a class="get_one_now_item" href="https://s.click.taobao.com/j6b5cCs">'
            "<strong><span><center><font color='FFFFFF' size='4'> 淘宝来一单 </font>"
            "</center></span></strong></a>"
        ),
        expect=(tb(SHORT),),
        note="[a-href] ref §1.4 C / §5 j6b5cCs verbatim (hardware wiki MDX)",
    ),
    Case(
        id="short-unquoted-href",
        html="<a href=https://s.click.taobao.com/gE07ONt target=_blank>领红包</a>",
        expect=(tb(SHORT),),
        note="[a-href-unquoted] ref §1.4 C gE07ONt",
    ),
    Case(
        id="short-window-open",
        html='<a href="javascript:void(0)" onclick="window.open(\'https://s.click.taobao.com/b5ssekt\')">超市券</a>',
        expect=(tb(SHORT),),
        note="[window-open] ref §1.4 C b5ssekt",
    ),
    Case(
        id="short-markdown-link",
        html="推荐一个支架：[购买链接](https://s.click.taobao.com/2fWKfsr)，自用很稳。\n",
        expect=(tb(SHORT),),
        note="[markdown] ref §1.4 C 2fWKfsr in Markdown source",
    ),
    Case(
        id="short-noscript-meta-refresh-quoted-url",
        html=(
            '<noscript><meta http-equiv="refresh" '
            "content=\"0; URL='http://s.click.taobao.com/Qpv0xTx'\"></noscript>"
        ),
        expect=(tb(SHORT),),
        note="[meta-refresh] ref §1.4 C Qpv0xTx (http) in <noscript> meta refresh",
    ),
    Case(
        id="short-protocol-relative",
        html='<a href="//s.click.taobao.com/Xk29bQe"><img src="/img/cup.jpg" alt="杯子"></a>',
        expect=(tb(SHORT),),
        note="[a-href-protocol-relative] invented code",
    ),
    Case(
        id="short-yaml-front-matter",
        html=(
            '---\ntitle: NAS 选购指南\naffiliate:\n  - name: "天猫旗舰店"\n'
            '    url: "https://s.click.taobao.com/K8vBq2m"\n---\n正文……\n'
        ),
        expect=(tb(SHORT),),
        note="[yaml] ref §5 YAML front matter affiliate list; invented code",
    ),
    Case(
        id="short-in-comment",
        html='<!-- 旧版链接 <a href="https://s.click.taobao.com/Rmv2hLu">淘宝</a> -->\n<p>已下架</p>',
        expect=(tb(SHORT),),
        note="[comment] ref §1.4 C Rmv2hLu inside an HTML comment",
    ),
    Case(
        id="short-uppercase-tags",
        html='<DIV ALIGN="center"><A HREF="https://s.click.taobao.com/sKRg1Lw">点此购买</A></DIV>',
        expect=(tb(SHORT),),
        note="[uppercase-tags] ref §1.4 C sKRg1Lw",
    ),
    Case(
        id="short-location-href",
        html='<script>setTimeout(function () { window.location.href = "https://s.click.taobao.com/Tq3mZ8a"; }, 1500);</script>',
        expect=(tb(SHORT),),
        note="[location-href] invented code; delayed JS redirect",
    ),
    Case(
        id="short-repeated-collapses",
        html=(
            '<p><a href="https://s.click.taobao.com/9vmlLhr">https://s.click.taobao.com/9vmlLhr'
            "</a></p><p>再贴一次：https://s.click.taobao.com/9vmlLhr</p>"
        ),
        expect=(tb(SHORT),),
        note="[text] same short link three times -> one (network, kind, pid)",
    ),
    Case(
        id="short-fullwidth-paren-after",
        html="<p>（淘宝购买：https://s.click.taobao.com/pR4tW7x）</p>",
        expect=(tb(SHORT),),
        note="[text] invented code followed by a full-width parenthesis",
    ),
    Case(
        id="short-img-src",
        html='<img src="https://s.click.taobao.com/Wm5cQ2r" width="1" height="1" style="display:none">',
        expect=(tb(SHORT),),
        note="[img-src] invented; invisible image that hits a short link",
    ),
]

# --- legacy t_1 / t_3 / t_8 / t_9 with p= (ref §1.4 F) -------------------------------------

LEGACY_CASES = [
    Case(
        id="legacy-t1-pid",
        html='<a href="http://s.click.taobao.com/t_1?i=rp23HSyOqg8nYw%3D%3D&p=mm_13667242_0_0&n=12" target="_blank">新款T恤</a>',
        expect=(tb(LEGACY, "mm_13667242_0_0"),),
        note="[a-href] ref §1.4 F t_1 verbatim",
    ),
    Case(
        id="legacy-t8-pid-amp-encoded",
        html='<a href="http://s.click.taobao.com/t_8?e=7HZ5x%2BOzdZVpbB5FhwgS0OTsgOk%3D&amp;p=mm_10011550_0_0">女装店铺</a>',
        expect=(tb(LEGACY, "mm_10011550_0_0"),),
        note="[a-href-amp] ref §1.4 F t_8 verbatim, &amp; before p=",
    ),
    Case(
        id="legacy-t8-member-id-only",
        html='<a href="http://s.click.taobao.com/t_8?e=7HZ5x%2BOzd%2BCSt1Aov%2B23rb64Kz7iutHx1KeJ1ajGc00ak2XtaBY%2FWEj9Hvx02COU&c=0ef1cf3ba0572f0c65a858abe1b6b43b&p=13667242&n=19&u=12034285xintao003">店铺</a>',
        expect=(tb(LEGACY),),
        note="[a-href] ref §1.4 F t_8 verbatim: p=13667242 is a bare member id -> pid None",
    ),
    Case(
        id="legacy-t9-pid-custom-target",
        html='<a href="http://s.click.taobao.com/t_9?p=mm_13667242_0_0&l=http%3A%2F%2F3c.tmall.com%2Fgo%2Fact%2Ftmall%2Fdqceznac.php">3C数码</a>',
        expect=(tb(LEGACY, "mm_13667242_0_0"),),
        note="[a-href] ref §1.4 F t_9 verbatim (l= target has no pid)",
    ),
    Case(
        id="legacy-t3-shop-link",
        html='<a href="http://s.click.taobao.com/t_3?&p=mm_14507416_0_0&u=shop01&n=23&l=http%3A%2F%2Fshop33445566.taobao.com%2F">进店逛逛</a>',
        expect=(tb(LEGACY, "mm_14507416_0_0"),),
        note="[a-href] ref §1.2 t_3?&p=…&u=…&n=…&l=; invented (l= shop target has no pid)",
    ),
    Case(
        id="legacy-t1-document-write",
        html=(
            '<script type="text/javascript">\ndocument.write(\'<a href="http://s.click.taobao.com/'
            't_1?i=qVhIa7kbqCQ2XA%3D%3D&p=mm_28972722_0_0&n=11" target="_blank">'
            "今日特价</a>');\n</script>"
        ),
        expect=(tb(LEGACY, "mm_28972722_0_0"),),
        note="[script-literal] invented t_1 inside document.write",
    ),
    Case(
        id="legacy-t8-member-id-json",
        html=(
            '<script>var shops = [{"nick": "小店", "click_url": '
            '"http://s.click.taobao.com/t_8?e=9Kq2x%2BOzdAbCt1Aov%2B23rb64Kz7iutHx1KeJ1ajGc00&p=28972722&n=19&u=88xintao001"}];'
            "</script>"
        ),
        expect=(tb(LEGACY),),
        note="[json] invented t_8 with member-id-only p= inside JSON -> pid None",
    ),
    Case(
        id="legacy-member-and-pid-same-page",
        html=(
            '<ul><li><a href="http://s.click.taobao.com/t_8?e=7HZ5x%2BOzd%2BCSt1Aov%2B23rb64K'
            'z7iutHx1KeJ1ajGc00&p=13667242&n=19&u=12034285xintao003">A店</a></li>\n'
            '<li><a href="http://s.click.taobao.com/t_8?e=7HZ5x%2BOzdZVpbB5FhwgS0OTsgOk%3D&p='
            'mm_13667242_0_0">B店</a></li></ul>'
        ),
        expect=(tb(LEGACY), tb(LEGACY, "mm_13667242_0_0")),
        note="[a-href] ref §1.4 F: member-only p= and full PID p= on one page -> two triples",
    ),
]

# --- uland.taobao.com/coupon/edetail (ref §1.4 D) ------------------------------------------

COUPON_CASES = [
    Case(
        id="coupon-old-form-pid",
        html='<a href="https://uland.taobao.com/coupon/edetail?e=1EF59Y91zI4N%2BoQUE6FNzHP6%2BEOhXh10Yxy7hjE6KO7%2FzA7lN%2B5%2FiOf8tgkdicwohBy%2FjLYmYaX9svuAdGTC1xpywujSvOp2nUIklpPPqYIZSmmb3RD6HyKwksv%2BGpdnSp%2F07C8ccEXM2X15BOsfxPpmhtf68SWB&pid=mm_112528044_18512801_65564943&af=1">领20元券</a>',
        expect=(tb(COUPON, "mm_112528044_18512801_65564943"),),
        note="[a-href] ref §1.4 D1 verbatim",
    ),
    Case(
        id="coupon-json-couponlink",
        html=(
            '<script>window.__DATA__ = {"goods": [{"title": "抽纸 24包", "couponLink": '
            '"https://uland.taobao.com/coupon/edetail?e=Lbc0dA9rKmma2P%2BN2ppgBymr%2B4btKdhvNW3'
            "%2Fwnz9ib9nrS0CGkLuxYqhn4kjh1Ue1DjtY8F0NPev3miAUqTz%2FMKUixUTTLeu0WMS0ZKY%2BzmLVIDj"
            'uHwzlw%3D%3D&pid=mm_50593678_39748344_148716480&af=1"}]};</script>'
        ),
        expect=(tb(COUPON, "mm_50593678_39748344_148716480"),),
        note="[json] ref §1.4 D2 verbatim; ref §5 couponLink JSON",
    ),
    Case(
        id="coupon-encrypted-e-no-pid",
        html='<a href="https://uland.taobao.com/coupon/edetail?e=JBuZPm5JWqEGQASttHIRqZL3pImL%2FJh1HZ6yD2Py5i%2Fg4lUqifPvH9x2%2FlD7wOdrVxl2CHuUpj1uWNE2q%2FyjycWKxy1EFPIVsSKwS%2F%2FvFcFma4VUO7VGBlZrtTOLgXkcjDppvlX%2Bob%2BBtHA6T8TZnVBPfopb7LXvu8n6e%2B0RLoCEsG9BMdsVqA%3D%3D&traceId=0bb6999515405448411741149e&union_lens=lensId:0b0ad4b4_0bf5_166afa0c5f0_c4b9">二合一</a>',
        expect=(tb(COUPON),),
        note="[a-href] ref §1.4 D3 verbatim: no PID in clear -> pid None",
    ),
    Case(
        id="coupon-activity-item-java-fromhtml",
        html=(
            'tvCoupon.setText(Html.fromHtml("领券地址：<a href=\\"https://uland.taobao.com/coupon/'
            'edetail?activityId=e4e4d57245a647cfb6d79d90e812c31b&itemId=633467264294\\">网页链接</a>"));'
        ),
        expect=(tb(COUPON),),
        note="[code] ref §1.4 D4 verbatim inside Java Html.fromHtml (escaped quotes)",
    ),
    Case(
        id="coupon-placeholder-pid-mm-0-0-0",
        html='<a href="https://uland.taobao.com/coupon/edetail?e=XoElCPr3Ydt9%2BIHBh%2BrOiioPr%2BRaKTNCLYP29st3XV5ow2ATT0uODg13gui0W49o5PdvjO4eOnOie%2FpBy9wBFg%3D%3D&pid=mm_0_0_0&af=1&itemId=524136796550">示例</a>',
        expect=(tb(COUPON),),
        note="[a-href] ref §1.4 D5 verbatim: pid=mm_0_0_0 placeholder -> coupon link, pid None",
    ),
    Case(
        id="coupon-hand-built-activity-pid-amp",
        html=(
            '<a class="quan" href="https://uland.taobao.com/coupon/edetail?activityId='
            "42d3be5af94c44388603fd2234cb207d&amp;itemId=541431247343&amp;pid="
            'mm_109716036_12190578_66754512">立减10元</a>'
        ),
        expect=(tb(COUPON, "mm_109716036_12190578_66754512"),),
        note="[a-href-amp] ref §1.2 hand-built activityId/itemId/pid (ref §1.4 D6 ids)",
    ),
    Case(
        id="coupon-e-traceid-relationid-text",
        html=(
            "<p>领券：https://uland.taobao.com/coupon/edetail?e=AIQO%2FxN0rRelhHvvyUNXZfh8Qe2"
            "Lk%2BvT0m1wPz4sYb7cRdJ%3D%3D&traceId=0bb6ad0216203717987052772e52c5&relationId="
            "3111129563&union_lens=lensId:TAPI@1620371798@0b59e280_cd41_17945af7acc_8d2f@01</p>"
        ),
        expect=(tb(COUPON),),
        note="[text] ref §1.4 D4 second URL (cut, completed) + relationId (ref §1.1)",
    ),
    Case(
        id="coupon-protocol-relative-pid",
        html='<a href="//uland.taobao.com/coupon/edetail?e=Qm3a0dA9rKmma2P%2BN2ppgBymr%2B4btKdhvNW3%3D&pid=mm_26826841_10856508_54376929&af=1">券</a>',
        expect=(tb(COUPON, "mm_26826841_10856508_54376929"),),
        note="[a-href-protocol-relative] invented",
    ),
    Case(
        id="coupon-window-open-pid",
        html=(
            '<script>function lingquan(){ window.open("https://uland.taobao.com/coupon/edetail?'
            'activityId=9b1f3c2d4e5a6b7c8d9e0f1a2b3c4d5e&itemId=587712345678&pid=mm_32464889_8264856_54352793"); }'
            "</script>"
        ),
        expect=(tb(COUPON, "mm_32464889_8264856_54352793"),),
        note="[window-open] invented hand-built coupon link",
    ),
    Case(
        id="coupon-uppercase-tags",
        html='<A HREF="https://uland.taobao.com/coupon/edetail?e=T7bS0dA9rKmma2P%2BN2ppgB%3D%3D&traceId=0b0e1a2b16000000000000001e&union_lens=lensId:TAPI@1600000000@0b0e1a2b_0c11_174a1b2c3d4_5e6f@01">领券</A>',
        expect=(tb(COUPON),),
        note="[uppercase-tags] invented encrypted-e coupon link",
    ),
    Case(
        id="coupon-in-comment",
        html=(
            '<!--\n<a href="https://uland.taobao.com/coupon/edetail?e=Lbc0dA9rKmma2P%2BN2ppgBy'
            'mr%2B4btKdhvNW3%3D&pid=mm_50593678_39748344_148716480&af=1">旧券</a>\n-->'
        ),
        expect=(tb(COUPON, "mm_50593678_39748344_148716480"),),
        note="[comment] ref §1.4 D2 (shortened e=) commented out",
    ),
]

# --- other Taobao/Tmall/Alimama URLs with pid=/refpid=mm_… (ref §1.4 E, F) -----------------

PIDLINK_CASES = [
    Case(
        id="pidlink-ai-search-engine-list-json",
        html=(
            '<script>const engines = [{"name": "百度", "url": "https://www.baidu.com/s?wd="}, '
            '{"name": "淘宝", "url": "https://ai.taobao.com/search/index.htm?pid=mm_31205575_'
            "2237000308_114588650482&union_lens=lensId%3APUB%401667806444%402104ee54_0bea_"
            '1845102bd01_03e9%4001&key="}];</script>'
        ),
        expect=(tb(PIDLINK, "mm_31205575_2237000308_114588650482"),),
        note="[json] ref §1.4 E1 verbatim (new-tab page search-engine list)",
    ),
    Case(
        id="pidlink-ai-search-window-open",
        html=(
            "<button onclick=\"window.open('https://ai.taobao.com/search/index.htm?pid="
            "mm_229120035_155400308_57411200488&unid=search&key='+this.itemName)\">"
            "搜淘宝</button>"
        ),
        expect=(tb(PIDLINK, "mm_229120035_155400308_57411200488"),),
        note="[window-open] ref §1.4 E2 verbatim",
    ),
    Case(
        id="pidlink-temai-location-href",
        html=(
            "<script>function go(q){ location.href = 'https://temai.m.taobao.com/search.htm?pid="
            "mm_11125958_291350144_83836250300&union_lens=lensId%3APUB%401616330957%400b092bc3_"
            "0ee4_17854d52191_03fd%4001&q=' + encodeURIComponent(q); }</script>"
        ),
        expect=(tb(PIDLINK, "mm_11125958_291350144_83836250300"),),
        note="[location-href] ref §1.4 E3 verbatim",
    ),
    Case(
        id="pidlink-mo-union-text",
        html="<p>双11主会场：https://mo.m.taobao.com/union/1111_ys_rexiao?pid=mm_130330328_308450038_84136700477</p>",
        expect=(tb(PIDLINK, "mm_130330328_308450038_84136700477"),),
        note="[text] ref §1.4 E4 verbatim",
    ),
    Case(
        id="pidlink-mo-optimus-a-img",
        html='<a href="https://mo.m.taobao.com/optimus/jhspt2c?pid=mm_122552127_208550462_57801250099"><img src="/banner/jhs.png" alt="聚划算"></a>',
        expect=(tb(PIDLINK, "mm_122552127_208550462_57801250099"),),
        note="[a-href] ref §1.4 E5 verbatim",
    ),
    Case(
        id="pidlink-ai-root-eventid-amp",
        html='<a href="http://ai.taobao.com/?pid=mm_29068093_2606639_9576712&amp;eventid=101329">爱淘宝</a>',
        expect=(tb(PIDLINK, "mm_29068093_2606639_9576712"),),
        note="[a-href-amp] ref §1.4 E6 (eventid completed), &amp;-encoded",
    ),
    Case(
        id="pidlink-uland-sem-refpid-and-pid",
        html=(
            '<a href="https://uland.taobao.com/sem/tbsearch?refpid=mm_26632258_3504122_32538762'
            "&keyword=%E8%BF%9E%E8%A1%A3%E8%A3%99&clk1=5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b&upsId="
            "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b&spm=a2e0b.20350158.search.1&pid=mm_26632258_3504122_"
            '32538762&union_lens=recoveryid%3A1605249280_291_1088741852">连衣裙</a>'
        ),
        expect=(tb(PIDLINK, "mm_26632258_3504122_32538762"),),
        note="[a-href] ref §1.4 E7 (cut, completed); refpid and pid equal. mm_26632258 is "
        "INFERRED Taobao's own SEM member (ref §1.8) but it is still a pid link",
    ),
    Case(
        id="pidlink-uland-semm-refpid-iframe",
        html=(
            '<iframe src="https://uland.taobao.com/semm/tbsearch?refpid=mm_26632360_8858797_29866178'
            '&keyword=%E5%A5%B3%E8%A3%85&sms=baidu&clk1=0a1b2c3d4e5f60718293a4b5c6d7e8f9" '
            'width="100%" height="600"></iframe>'
        ),
        expect=(tb(PIDLINK, "mm_26632360_8858797_29866178"),),
        note="[iframe-src] ref §1.2 /semm/tbsearch?refpid=; PID from ref §1.8",
    ),
    Case(
        id="pidlink-tbk-channel-lady",
        html='<a href="http://www.taobao.com/go/chn/tbk_channel/lady.php?pid=mm_10011550_0_0&eventid=101345">女人频道</a>',
        expect=(tb(PIDLINK, "mm_10011550_0_0"),),
        note="[a-href] ref §1.4 F verbatim",
    ),
    Case(
        id="pidlink-pindao-huoban",
        html="<script>var channels = {fy: 'http://pindao.huoban.taobao.com/channel/channelfy.htm?pid=mm_10011550_0_0&eventid=101325'};</script>",
        expect=(tb(PIDLINK, "mm_10011550_0_0"),),
        note="[script-literal] ref §1.4 F verbatim (channels.js)",
    ),
    Case(
        id="pidlink-taoke-alimama",
        html='<a href="http://taoke.alimama.com/tms/channel/taiwan.htm?pid=mm_10011550_0_0&eventid=101350">台湾馆</a>',
        expect=(tb(PIDLINK, "mm_10011550_0_0"),),
        note="[a-href] ref §1.4 F verbatim (*.alimama.com host)",
    ),
    Case(
        id="pidlink-search8-cjk-query",
        html='<a href="http://search8.taobao.com/browse/search_auction.htm?q=风衣&pid=mm_13667242_0_0&search_type=auction&commend=all&at_topsearch=1">风衣</a>',
        expect=(tb(PIDLINK, "mm_13667242_0_0"),),
        note="[a-href] ref §1.4 F verbatim (raw CJK in the query)",
    ),
    Case(
        id="pidlink-top-interface-php",
        html=(
            '<?php\n$url = "http://top.taobao.com/interface_v2.php?pid=mm_13667242_2648971_9638779'
            '&type=x&f=html&ie=utf8&from=taoke&unid=&cat=16";\n$html = file_get_contents($url);\n'
        ),
        expect=(tb(PIDLINK, "mm_13667242_2648971_9638779"),),
        note="[code] ref §1.4 F top.taobao.com verbatim (tail completed) in PHP source",
    ),
    Case(
        id="pidlink-top-interface-iframe",
        html='<iframe src="http://top.taobao.com/interface_v2.php?pid=mm_13667242_2648971_9638779&type=x&f=html&ie=utf8&from=taoke" width="300" height="400" scrolling="no"></iframe>',
        expect=(tb(PIDLINK, "mm_13667242_2648971_9638779"),),
        note="[iframe-src] invented placement of the ref §1.4 F top.taobao.com URL",
    ),
    Case(
        id="pidlink-mo-union2-protocol-relative",
        html='<a href="//mo.m.taobao.com/union2/page_20200519_173145?pid=mm_45076408_660600167_109222400252">狂欢城</a>',
        expect=(tb(PIDLINK, "mm_45076408_660600167_109222400252"),),
        note="[a-href-protocol-relative] ref §1.2 mo.m.taobao.com/union2/page_…; invented",
    ),
    Case(
        id="pidlink-tmall-tbk-channel-uppercase",
        html='<A HREF="http://www.tmall.com/go/chn/tbk_channel/tmall_new.php?pid=mm_13667242_0_0&amp;eventid=101329" TARGET=_blank>天猫新品</A>',
        expect=(tb(PIDLINK, "mm_13667242_0_0"),),
        note="[uppercase-tags] ref §1.2 www.tmall.com/go/chn/tbk_channel/…?pid=; invented page",
    ),
    Case(
        id="pidlink-ai-unquoted",
        html="<a href=http://ai.taobao.com/?pid=mm_31205575_2237000308_114588650482 target=_blank>爱淘宝</a>",
        expect=(tb(PIDLINK, "mm_31205575_2237000308_114588650482"),),
        note="[a-href-unquoted] ref §1.2 ai.taobao.com/?pid=",
    ),
    Case(
        id="pidlink-mo-optimus-in-comment",
        html='<!-- 双11入口 <a href="https://mo.m.taobao.com/optimus/tbk_1111?pid=mm_911310084_1347250169_110094300209">主会场</a> -->',
        expect=(tb(PIDLINK, "mm_911310084_1347250169_110094300209"),),
        note="[comment] invented page; PID from ref §1.7 taobao:// example",
    ),
]

# --- landing URLs with ali_trackid=2:mm_… (ref §1.3) ---------------------------------------

LANDING_CASES = [
    Case(
        id="landing-h5-awp-detail",
        html=(
            '<a href="https://h5.m.taobao.com/awp/core/detail.htm?id=528179000733&ali_trackid=2:'
            "mm_26632258_3504122_32554087:1467267432_252_207218429&clk1=5f0a3b1e9c2d4e7f8a6b1c0d"
            "2e3f4a5b&spm=a21bo.7925826.192013.3&pvid=2ab2ea87-0b35-4b02-9bce-4c1d0c4b7e91&e="
            'MM4jjnXRYW5wcQipKwQzePCperVdZeJviK7Vc7tFgwiFRAdhuF14FMTs">手机版详情</a>'
        ),
        expect=(tb(LANDING, "mm_26632258_3504122_32554087"),),
        note="[a-href] ref §1.3 row 1 (tail completed)",
    ),
    Case(
        id="landing-item-colon-text",
        html="<p>原链接 https://item.taobao.com/item.htm?id=559643833415&ali_trackid=2:mm_26826841_10856508_54376929:1518426024_367_1390232722&pvid=10_110.90.104.119_6021_1518425941168</p>",
        expect=(tb(LANDING, "mm_26826841_10856508_54376929"),),
        note="[text] ref §1.3 row 2 verbatim",
    ),
    Case(
        id="landing-intl-letter-token-amp",
        html='<a href="https://m.intl.taobao.com/detail/detail.html?id=527303031972&amp;ali_trackid=2:mm_59033140_12440238_47166240:1464095319_2k1_1864176951&amp;spm=a21wu.241046-cn.6862132.1">详情</a>',
        expect=(tb(LANDING, "mm_59033140_12440238_47166240"),),
        note="[a-href-amp] ref §1.3 row 3 (letters in the middle token)",
    ),
    Case(
        id="landing-tmall-home-unid-comma",
        html='<a href="https://www.tmall.com/?ali_trackid=2:mm_32464889_8264856_54352793,ucgw1:1489402349_2k9_1760235709&e=MM4jjnXRYW5wcQipKwQzePCperVdZeJvi">天猫</a>',
        expect=(tb(LANDING, "mm_32464889_8264856_54352793"),),
        note="[a-href] ref §1.3 row 4 (unid after the comma)",
    ),
    Case(
        id="landing-detail-tmall-old-unid-script",
        html=(
            '<script>\n// url4: final landing\nvar url4 = "http://detail.tmall.com/item.htm?id='
            "18263930351&ali_trackid=2:mm_16674950_0_0,108kh5101010101010nmido0101010T0:"
            '1368018253_3k1_855976017&spm=2014.12057478.1.0";\n</script>'
        ),
        expect=(tb(LANDING, "mm_16674950_0_0"),),
        note="[script-literal] ref §1.3 row 5 verbatim (old _0_0 PID, unid)",
    ),
    Case(
        id="landing-tmall-recoveryid-bxsign",
        html='<a href="https://www.tmall.com/?ali_trackid=2:mm_26632258_3504122_55934697:1605249280_291_1088741852&union_lens=recoveryid:1605249280_291_1088741852&clk1=7c5e2d1f0a9b8c3d4e6f1a2b3c4d5e6f&upsid=7c5e2d1f0a9b8c3d4e6f1a2b3c4d5e6f&bxsign=tbkGF+Q0WMNbHCUyq3TzP8eXx2vJsT0aLKmB">天猫首页</a>',
        expect=(tb(LANDING, "mm_26632258_3504122_55934697"),),
        note="[a-href] ref §1.3 row 6 (bxsign completed)",
    ),
    Case(
        id="landing-jx-tmall-sql-dump",
        html="INSERT INTO `link` VALUES (17, '天猫精选', 'https://jx.tmall.com/?ali_trackid=2:mm_131955459_43834449_478842995:1558100934_223_1756875530', 1);\n",
        expect=(tb(LANDING, "mm_131955459_43834449_478842995"),),
        note="[code] ref §1.3 row 7; ref §5 SQL dumps",
    ),
    Case(
        id="landing-shop-view-pct3a-amp",
        html='<a href="https://hanshanghualian.tmall.com/shop/view_shop.htm?user_number_id=3358098495&amp;ali_trackid=2%3Amm_16143309_397250212_106971550493%3A1617422133_246_258436896&amp;union_lens=recoveryid%3A1617422133_246_258436896&amp;bxsign=tbkKRmXlzFaJ3xpQ8rT2vWmZc5oN1sEa">旗舰店</a>',
        expect=(tb(LANDING, "mm_16143309_397250212_106971550493"),),
        note="[a-href-amp] ref §1.3 row 8 (%3A form, bxsign completed)",
    ),
    Case(
        id="landing-item-ms-timestamp-markdown",
        html="## 购买\n\n[淘宝购买链接](https://item.taobao.com/item.htm?ali_trackid=2%3Amm_7587494315_3230200107_115939450462%3A1752723707645_554211053_0&bxsign=tbk5vSLE-62O97OrKq1XzT4uYw8mBcD&id=936184952317)\n",
        expect=(tb(LANDING, "mm_7587494315_3230200107_115939450462"),),
        note="[markdown] ref §1.3 row 9 / §5 Markdown (13-digit ms timestamp, _0 suffix)",
    ),
    Case(
        id="landing-get-one-now-item",
        html='<a class="get_one_now_item" href="https://item.taobao.com/item.htm?ali_trackid=2%3Amm_6255465658_3080750459_115671950478%3A1726797597594_190704888_0&bxsign=tbkJd0fuR3kW9xZqLmT2&id=820457139936"><strong><span> 淘宝来一单 </span></strong></a>',
        expect=(tb(LANDING, "mm_6255465658_3080750459_115671950478"),),
        note="[a-href] ref §1.3 row 10 (hardware wiki, bxsign completed)",
    ),
    Case(
        id="landing-pages-tmall-wow-text",
        html="<p>超市活动页：https://pages.tmall.com/wow/chaoshi/act/wupr?ali_trackid=2%3Amm_45076408_660600167_109222400252%3A1566437871_264_1174075255&tk_cps_param=45076408&type=2&wh_biz=tm&wh_pid=go%2Fchaoshi-act</p>",
        expect=(tb(LANDING, "mm_45076408_660600167_109222400252"),),
        note="[text] ref §1.3 row 11 (tk_cps_param; wh_pid= is not a PID)",
    ),
    Case(
        id="landing-no-timestamp-json",
        html='<script>var cart = {"items": [{"url": "https://item.taobao.com/item.htm?id=668578585661&ali_trackid=2:mm_117358474_33384934_118778578", "qty": 1}]};</script>',
        expect=(tb(LANDING, "mm_117358474_33384934_118778578"),),
        note="[json] ref §1.3 row 12 without the superbuy wrapper (no timestamp tail)",
    ),
    Case(
        id="landing-double-encoded-253a",
        html='<a href="https://detail.m.tmall.com/item.htm?id=611593818429&ali_trackid=2%253Amm_120870044_41744422_109476300088%253A1612345678_158_1234567891&spm=a2141.7631564.0.0">手机天猫</a>',
        expect=(tb(LANDING, "mm_120870044_41744422_109476300088"),),
        note="[a-href] kinds table: 2%253Amm_ (double-encoded colon); invented",
    ),
    Case(
        id="landing-pct2c-unid",
        html='<a href="https://detail.tmall.com/item.htm?id=602418837596&ali_trackid=2%3Amm_28972722_6698330_109037800154%2Cucgw1%3A1601234567_212_1234567890&tk_cps_param=16473971&tkFlag=0">详情</a>',
        expect=(tb(LANDING, "mm_28972722_6698330_109037800154"),),
        note="[a-href] ref §1.3 layout: ',' as %2C; tk_cps_param differs from the member (ref §1.1)",
    ),
    Case(
        id="landing-taobao-shop-uppercase",
        html='<A HREF="https://shop105830321.taobao.com/shop/view_shop.htm?ali_trackid=2:mm_59033140_12440238_47166240:1464095319_2k1_1864176951">店铺首页</A>',
        expect=(tb(LANDING, "mm_59033140_12440238_47166240"),),
        note="[uppercase-tags] ref §1.2 <shop>.taobao.com/shop/view_shop.htm landing; invented",
    ),
    Case(
        id="landing-meta-refresh",
        html='<meta http-equiv="refresh" content="0;url=https://detail.tmall.com/item.htm?id=18263930351&ali_trackid=2:mm_16674950_0_0">',
        expect=(tb(LANDING, "mm_16674950_0_0"),),
        note="[meta-refresh] ref §1.3 row 5 PID, no tail",
    ),
    Case(
        id="landing-window-open",
        html='<a href="#" onclick="window.open(\'https://item.taobao.com/item.htm?id=559643833415&ali_trackid=2:mm_26826841_10856508_54376929\'); return false;">看看</a>',
        expect=(tb(LANDING, "mm_26826841_10856508_54376929"),),
        note="[window-open] ref §1.3 row 2 PID, no tail",
    ),
]

# --- search forms with a hidden pid (ref §1.4 F search8, §1.2 ai.taobao.com) --------------

FORM_CASES = [
    Case(
        id="form-search8-hidden-pid",
        html=(
            '<form action="http://search8.taobao.com/browse/search_auction.htm" method="get" '
            'target="_blank">\n  <input type="hidden" name="pid" value="mm_13667242_0_0">\n'
            '  <input type="hidden" name="search_type" value="auction">\n'
            '  <input type="hidden" name="commend" value="all">\n'
            '  <input type="text" name="q"> <input type="submit" value="搜索">\n</form>'
        ),
        expect=(tb(FORM, "mm_13667242_0_0"),),
        note="[form] ref §1.4 F search8 (windsite searchBoxPreview) as a form",
    ),
    Case(
        id="form-ai-taobao-hidden-pid-unid",
        html=(
            '<form id="tb-search" action="https://ai.taobao.com/search/index.htm" target="_blank">'
            '<input type="hidden" name="pid" value="mm_31205575_2237000308_114588650482">'
            '<input type="hidden" name="unid" value="nav">'
            '<input name="key" placeholder="搜索宝贝"><button>搜淘宝</button></form>'
        ),
        expect=(tb(FORM, "mm_31205575_2237000308_114588650482"),),
        note="[form] ref §1.2 ai.taobao.com/search/index.htm?pid=&unid=&key= as a nav-site form",
    ),
    Case(
        id="form-uppercase-protocol-relative",
        html=(
            '<FORM ACTION="//temai.m.taobao.com/search.htm" METHOD="GET">'
            '<INPUT TYPE="hidden" NAME="pid" VALUE="mm_11125958_291350144_83836250300">'
            '<INPUT NAME="q"></FORM>'
        ),
        expect=(tb(FORM, "mm_11125958_291350144_83836250300"),),
        note="[form] ref §1.4 E3 PID; upper-case markup, protocol-relative action",
    ),
    Case(
        id="form-unquoted-value-before-name",
        html=(
            "<form action=http://s8.taobao.com/search target=_blank>"
            "<input value=mm_29068093_2606639_9576712 name=pid type=hidden>"
            "<input name=q size=20><input type=submit value=搜索></form>"
        ),
        expect=(tb(FORM, "mm_29068093_2606639_9576712"),),
        note="[form] invented: unquoted attributes, value before name",
    ),
    Case(
        id="form-single-quotes-tmall",
        html=(
            "<form action='https://list.tmall.com/search_product.htm' method='get'>"
            "<input type='text' name='q'><input type='hidden' name='pid' "
            "value='mm_130330328_308450038_84136700477'></form>"
        ),
        expect=(tb(FORM, "mm_130330328_308450038_84136700477"),),
        note="[form] invented: Tmall action, single-quoted attributes, pid input last",
    ),
]

# --- Alimama ad-slot embeds (ref §1.6) -----------------------------------------------------

TKAPI_CONFIG = (
    '<script type="text/javascript">\n(function(win,doc){\n'
    '  var o = { pid: "{pid}", /*推广单元ID，用于区分不同的推广渠道*/ appkey: "21155698", '
    'unid: "", type: "click" };\n'
    "  win.alimamatk_onload = win.alimamatk_onload || [];\n"
    "  win.alimamatk_onload.push(o);\n})(window,document);\n</script>"
)

ADSLOT_CASES = [
    Case(
        id="adslot-inf-js-300x250",
        html=(
            '<script type="text/javascript"> alimama_pid="mm_10574926_3506959_11486840"; '
            "alimama_width=300; alimama_height=250; </script>"
            '<script src="http://a.alimama.cn/inf.js" type="text/javascript"></script>'
        ),
        expect=(tb(ADSLOT, "mm_10574926_3506959_11486840"), tb(ADSLOT)),
        note="[script-src] ref §1.6 inf.js ad slot verbatim: alimama_pid + bare inf.js src",
    ),
    Case(
        id="adslot-inf-js-saved-page-local-copy",
        html=(
            '<script type="text/javascript">alimama_pid="mm_34345258_3449822_11208811"; '
            "alimama_width=950; alimama_height=90;</script>\n"
            '<script src="./淘宝客首页_files/inf.js" type="text/javascript"></script>'
        ),
        expect=(tb(ADSLOT, "mm_34345258_3449822_11208811"),),
        note="[script-literal] ref §1.6 saved page with a local inf.js copy (not a.alimama.cn)",
    ),
    Case(
        id="adslot-inf-js-search-box-letter-type",
        html=(
            '<script type="text/javascript">alimama_pid="mm_16329643_2337872_9044351";'
            'alimama_type="g";alimama_tks={};alimama_tks.style_i=1;alimama_tks.lg_i=1;'
            "alimama_tks.w_i=450;</script>"
            '<script type="text/javascript" src="http://a.alimama.cn/inf.js"></script>'
        ),
        expect=(tb(ADSLOT, "mm_16329643_2337872_9044351"), tb(ADSLOT)),
        note="[script-src] ref §1.6 inf.js search box (alimama_type is a letter)",
    ),
    Case(
        id="adslot-inf-js-styled-unit-uppercase",
        html=(
            '<SCRIPT TYPE="text/javascript">\nalimama_pid="mm_13181159_1847728_9247155";\n'
            'alimama_titlecolor="0000FF";\nalimama_descolor ="000000";\nalimama_bgcolor="FFFFFF";\n'
            'alimama_bordercolor="E6E6E6";\nalimama_linkcolor="008000";\n'
            'alimama_bottomcolor="FFFFFF";\nalimama_anglesize="0";\nalimama_sizecode="14";\n'
            "alimama_type=2;\n</SCRIPT>\n"
            '<SCRIPT SRC="http://a.alimama.cn/inf.js" TYPE="text/javascript"></SCRIPT>'
        ),
        expect=(tb(ADSLOT, "mm_13181159_1847728_9247155"), tb(ADSLOT)),
        note="[uppercase-tags] ref §1.6 inf.js styled unit verbatim",
    ),
    Case(
        id="adslot-tanx-rendered-document-write",
        html=(
            '<script type="text/javascript">\n'
            'document.write(\'<a style="display:none!important" id="tanx-a-mm_15127355_4079536_'
            '13484523"></a>\');\ntanx_s = document.createElement("script");\n'
            'tanx_s.type = "text/javascript";\ntanx_s.charset = "gbk";\n'
            'tanx_s.id = "tanx-s-mm_15127355_4079536_13484523";\ntanx_s.async = true;\n'
            'tanx_s.src = "http://p.tanx.com/ex?i=mm_15127355_4079536_13484523";\n'
            'tanx_h = document.getElementsByTagName("head")[0];\n'
            "if (tanx_h) tanx_h.insertBefore(tanx_s, tanx_h.firstChild);\n</script>"
        ),
        expect=(tb(ADSLOT, "mm_15127355_4079536_13484523"),),
        note="[script-literal] ref §1.6 Tanx snippet rendered with a real PID",
    ),
    Case(
        id="adslot-tanx-static-script-src",
        html=(
            '<a style="display:none!important" id="tanx-a-mm_30908564_3410813_11007308"></a>'
            '<script charset="gbk" id="tanx-s-mm_30908564_3410813_11007308" '
            'src="http://p.tanx.com/ex?i=mm_30908564_3410813_11007308"></script>'
        ),
        expect=(tb(ADSLOT, "mm_30908564_3410813_11007308"),),
        note="[script-src] ref §1.6 Tanx as static markup; PID from the inf.js example",
    ),
    Case(
        id="adslot-z-alimama-iframe",
        html=(
            '<iframe frameborder="0" marginheight="0" marginwidth="0" border="0" '
            'id="tanx-a-mm_11433910_2023830_9476009" name="tanx-a-mm_11433910_2023830_9476009" '
            'scrolling="no" height="90" width="728" src="http://z.alimama.com/alimama.php?i='
            "mm_11433910_2023830_9476009&amp;w=728&amp;h=90&amp;sz=14&amp;re=1920x1080&amp;"
            'cah=1040&amp;caw=1920&amp;ccd=24&amp;ctz=8&amp;chl=0&amp;cja=1&amp;cpl=3"></iframe>'
        ),
        expect=(tb(ADSLOT, "mm_11433910_2023830_9476009"),),
        note="[iframe-src] ref §1.6 rendered iframe verbatim (params completed)",
    ),
    Case(
        id="adslot-z-alimama-in-comment",
        html='<!-- <iframe src="http://z.alimama.com/alimama.php?i=mm_10574926_3506959_11486840&w=468&h=60&sz=11" width="468" height="60"></iframe> -->',
        expect=(tb(ADSLOT, "mm_10574926_3506959_11486840"),),
        note="[comment] ref §1.6 z.alimama.com iframe, commented out",
    ),
    Case(
        id="adslot-tkapi-script-tag-and-config",
        html=(
            '<script type="text/javascript" src="https://alimama.alicdn.com/tkapi.js"></script>\n'
            + TKAPI_CONFIG.replace("{pid}", "mm_32502158_3327973_32878433")
        ),
        expect=(tb(ADSLOT), tb(ADSLOT, "mm_32502158_3327973_32878433")),
        note="[script-src] ref §1.6 tkapi.js config verbatim + explicit alicdn tkapi.js tag",
    ),
    Case(
        id="adslot-inf-js-unrendered-template",
        html=(
            '<script type="text/javascript">alimama_pid="${pid}"; alimama_width=${width}; '
            "alimama_height=${height};</script>\n"
            '<script src="http://a.alimama.cn/inf.js" type="text/javascript"></script>'
        ),
        expect=(tb(ADSLOT),),
        note="[script-src] ref §1.8 placeholder ${pid}: no PID, but the inf.js src still counts",
    ),
    Case(
        id="adslot-bare-inf-js-protocol-relative",
        html='<div class="sidebar-ad"><script src="//a.alimama.cn/inf.js"></script></div>',
        expect=(tb(ADSLOT),),
        note="[script-src] kinds table: bare a.alimama.cn/inf.js src -> pid None",
    ),
    Case(
        id="adslot-bare-tkapi-a-alimama-cn",
        html='<script type="text/javascript" src="http://a.alimama.cn/tkapi.js"></script>',
        expect=(tb(ADSLOT),),
        note="[script-src] kinds table: bare a.alimama.cn/tkapi.js src -> pid None",
    ),
]

# --- tkapi.js-converted anchors (ref §1.6) -------------------------------------------------

CONVERTED_CASES = [
    Case(
        id="converted-tkapi-isconvert-quoted",
        html=(
            "<html><head><title>今日推荐</title>\n"
            '<script type="text/javascript" src="https://alimama.alicdn.com/tkapi.js"></script>\n'
            + TKAPI_CONFIG.replace("{pid}", "mm_43125636_4246598_14338421")
            + "\n</head><body>\n<ul>\n"
            '<li><a biz-itemid="527303031972" isconvert="1" '
            'href="http://detail.tmall.com/item.htm?id=527303031972">羽绒服</a></li>\n'
            '<li><a biz-itemid="559643833415" isconvert="1" '
            'href="http://item.taobao.com/item.htm?id=559643833415">围巾</a></li>\n'
            "</ul>\n</body></html>"
        ),
        expect=(
            tb(ADSLOT),
            tb(ADSLOT, "mm_43125636_4246598_14338421"),
            tb(CONVERTED, "mm_43125636_4246598_14338421"),
        ),
        note="[whole-page] ref §1.6 tkapi.js-converted anchors; plain item hrefs, PID from config",
    ),
    Case(
        id="converted-tkapi-isconvert-unquoted",
        html=(
            '<script src="http://a.alimama.cn/tkapi.js"></script>\n'
            + TKAPI_CONFIG.replace("{pid}", "mm_32502158_3327973_32878433")
            + '\n<p>推荐：<a isconvert=1 biz-itemid="38484921637" '
            'href="http://detail.tmall.com/item.htm?id=38484921637" target="_blank">保温杯</a></p>'
        ),
        expect=(
            tb(ADSLOT),
            tb(ADSLOT, "mm_32502158_3327973_32878433"),
            tb(CONVERTED, "mm_32502158_3327973_32878433"),
        ),
        note="[whole-page] ref §1.6 isconvert=1 unquoted, attribute order swapped",
    ),
    Case(
        id="converted-uppercase-attributes",
        html=(
            '<SCRIPT SRC="https://alimama.alicdn.com/tkapi.js"></SCRIPT>\n'
            + TKAPI_CONFIG.replace("{pid}", "mm_117358474_33384934_118778578")
            + '\n<A BIZ-ITEMID="668578585661" ISCONVERT="1" '
            'HREF="https://item.taobao.com/item.htm?id=668578585661">同款</A>'
        ),
        expect=(
            tb(ADSLOT),
            tb(ADSLOT, "mm_117358474_33384934_118778578"),
            tb(CONVERTED, "mm_117358474_33384934_118778578"),
        ),
        note="[uppercase-tags] ref §1.6 converted anchor in upper-case markup",
    ),
]

# --- a real-looking PID anywhere else (kinds table "pid") ----------------------------------

PID_CASES = [
    Case(
        id="pid-plain-text",
        html="<p>我的推广位 PID：mm_4040323709_2850350058_115107550273（请勿外传）</p>",
        expect=(tb(PID, "mm_4040323709_2850350058_115107550273"),),
        note="[text] ref §1.1 PID (Meidanlong constant) in prose",
    ),
    Case(
        id="pid-js-variable",
        html="<script>\nvar pid = 'mm_229120035_155400308_57411200488';\nvar unid = 'blog';\n</script>",
        expect=(tb(PID, "mm_229120035_155400308_57411200488"),),
        note="[script-literal] ref §1.4 E2 PID as a bare JS variable",
    ),
    Case(
        id="pid-json-config",
        html='<script type="application/json">{"tbk": {"pid": "mm_112528044_18512801_65564943", "adzone_id": "65564943"}}</script>',
        expect=(tb(PID, "mm_112528044_18512801_65564943"),),
        note="[json] ref §1.4 D1 PID inside JSON config (no tkapi.js on the page)",
    ),
    Case(
        id="pid-non-taobao-host-query",
        html='<a href="https://myblog.example/go?pid=mm_59033140_12440238_47166240&item=527303031972">去购买</a>',
        expect=(tb(PID, "mm_59033140_12440238_47166240"),),
        note="[a-href] kinds table: pid=mm_… on a non-Taobao host -> kind pid",
    ),
    Case(
        id="pid-sitemap-xml",
        html="<url><loc>http://www.xintaonet.com/router/site/shops/1020?pid=mm_13667242_0_0</loc><changefreq>daily</changefreq></url>",
        expect=(tb(PID, "mm_13667242_0_0"),),
        note="[code] ref §5 sitemap.xml verbatim (non-Taobao host)",
    ),
    Case(
        id="pid-java-constant",
        html=(
            "public class TaoBaoKeConstant {\n"
            '    public static final String PID = "mm_4040323709_2850350058_115107550273";\n'
            '    public static final String ACCOUNT_ID = "4040323709";\n}\n'
        ),
        expect=(tb(PID, "mm_4040323709_2850350058_115107550273"),),
        note="[code] ref §1.1 Meidanlong TaoBaoKeConstant verbatim",
    ),
    Case(
        id="pid-dotenv",
        html="TBK_APP_KEY=\nTBK_PID=mm_31205575_2237000308_114588650482\nTBK_ADZONE_ID=114588650482\n",
        expect=(tb(PID, "mm_31205575_2237000308_114588650482"),),
        note="[code] invented .env file",
    ),
    Case(
        id="pid-form-non-taobao-action",
        html=(
            '<form action="https://go.example.net/tbk/search" method="get">'
            '<input type="hidden" name="pid" value="mm_26826841_10856508_54376929">'
            '<input name="q"></form>'
        ),
        expect=(tb(PID, "mm_26826841_10856508_54376929"),),
        note="[form] hidden pid but the action is not a Taobao host -> kind pid, not search form",
    ),
    Case(
        id="pid-site-zero-adzone-zero",
        html="<p>老站的推广位是 mm_10011550_0_0 ，早就不用了。</p>",
        expect=(tb(PID, "mm_10011550_0_0"),),
        note="[text] ref §1.1 old channel PID with _0_0 (a real PID, not a placeholder)",
    ),
    Case(
        id="pid-thirteen-digit-adzone",
        html='<script>window.TBK = {"adzones": ["mm_7587494315_3230200107_1159394504621"]};</script>',
        expect=(tb(PID, "mm_7587494315_3230200107_1159394504621"),),
        note="[json] kinds table: adzone up to 13 digits",
    ),
    Case(
        id="pid-data-attribute",
        html='<div class="tbk-widget" data-pid="mm_16143309_397250212_106971550493" data-item="3358098495"></div>',
        expect=(tb(PID, "mm_16143309_397250212_106971550493"),),
        note="[data-attr] invented widget configuration in data-*",
    ),
    Case(
        id="pid-yaml-config",
        html="taobao:\n  app_key: ''\n  pid: mm_6255465658_3080750459_115671950478\n",
        expect=(tb(PID, "mm_6255465658_3080750459_115671950478"),),
        note="[yaml] invented site config",
    ),
]

# --- 淘口令 tokens (ref §2) ------------------------------------------------------------------

TOKEN_CASES = [
    Case(
        id="token-euro-classic-template",
        html="<p>【2018夏季新款女装薄款白色打底内衣性感漏肩内搭背心吊带短款上衣】http://m.tb.cn/h.3XYA5IW 点击链接，再选择浏览器咑閞；或復·制这段描述€g1IVbaMXxxK€后到👉淘♂寳♀👈</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #1 verbatim (€…€)",
    ),
    Case(
        id="token-yen-fullwidth-classic",
        html="【Apple/苹果 iPhone 8 Plus苹果8代5.5寸分期8p正品手机 苹果8plus】https://m.tb.cn/h.3JWcCjA 点击链接，再选择浏览器咑閞；或復·制这段描述￥x4aVbLnW5Cz￥后到淘♂寳♀",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #2 verbatim (￥…￥), plain text",
    ),
    Case(
        id="token-lira-obfuscated",
        html="<p>【儿童三轮车折叠 轻便婴儿手推车1-3-4岁宝宝脚踏车自行车溜娃车】https://c.tb.cn/h.eJdw9a3?sm=6baabf 嚸↑↓擊鏈バ接，再选择瀏覽●噐○咑ぺ鐦；或復zんíゞ这句话₤bcCqYIeVV67₤后咑閞👉綯℡寳👈</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #3 verbatim (₤…₤)",
    ),
    Case(
        id="token-austral-obfuscated",
        html="<div>【真人娃娃机抖音同款商用零食商用抓娃娃机商场摆摊户外设备广场】https://m.tb.cn/h.eEKbYJ1?sm=b9a5c7 點ゞ撃°鏈バ接，再选择瀏覽●噐○咑ぺ鐦；或復ず■淛这句话₳04jJYxAtwZP₳后咑閞綯℡寳</div>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #4 verbatim (₳…₳)",
    ),
    Case(
        id="token-yen-pk-campaign",
        html="<p>【我正在PK人气赢能量，快来为我点赞】，復·制这段描述￥VNEkbhtJMv0￥后咑閞👉手机淘宝👈或者用浏览器咑閞https://m.tb.cn/h.3846eWj 查看</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #5 verbatim",
    ),
    Case(
        id="token-legacy-aa-e22a",
        html="<p>【爆炸输出电竞周边】http://e22a.com/h.1Cgzmo?cv=AAkQnLit&sm=e8d351点击链接，再选择浏览器打开；或复制这条信息，打开👉手淘👈￥AAkQnLit￥</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #6 verbatim: 8-char legacy AA token (cv= repeats it)",
    ),
    Case(
        id="token-seller-bot-format",
        html="<pre>【在售价】10.10元\n【券后价】5.10元\n【下单链接】http://e22a.com/h.KnZPt7\n-----------------\n复制这条信息，￥2kFy02xYXBx￥ ，打开【手机淘宝】即可查看</pre>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #7 verbatim (seller-bot format)",
    ),
    Case(
        id="token-data-clipboard-text",
        html='<button class="copy" data-clipboard-text="【Dettol滴露官方旗舰店 洗手液】，復·制这段描述€3Uy4b1qHBr7€后咑閞淘♂寳♀">一键复制</button>',
        expect=(tb(TOKEN),),
        note="[data-attr] ref §2.3 #9 data-clipboard-text (product name completed)",
    ),
    Case(
        id="token-2021-full-form-cz",
        html="<p>89¥ CZ028 Z9YdVgTDJ2C¥ https://m.tb.cn/h.6o7DjAm AM女装基地</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #10 verbatim (2021+ full form)",
    ),
    Case(
        id="token-2021-full-form-hu",
        html="17¥ HU287 reILVgTx5H9¥ https://m.tb.cn/h.6o9Fxeb jemarose旗舰店",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #10 second verbatim, plain text",
    ),
    Case(
        id="token-2021-full-form-fullwidth-yen",
        html="<p>12￥ MF937 aB3dEf9GhJk￥ https://m.tb.cn/h.5XkQ2pL 春季新款卫衣</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] invented full form with full-width ￥ and an MF code",
    ),
    Case(
        id="token-dollar-emoji-lock-fixture",
        html="<p>监控 59💲4luGT8mrU6g🔐 https://m.tb.cn/h.8rOD8bO  CZ028 粉丝福利购</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #12 verbatim (💲…🔐, digits right before the left symbol)",
    ),
    Case(
        id="token-no-digit-yen",
        html="<p>蒙牛牛奶 ￥xutOgMtfvNU￥/ CZ0001 https://m.tb.cn/h.4CEhFr0</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.3 #13 with the JD link replaced by m.tb.cn: token without digits",
    ),
    Case(
        id="token-dollar-js-string",
        html='<script>var copyText = "复制这条信息，$KwaybL9lo8y$，到【手机淘宝】即可查看";</script>',
        expect=(tb(TOKEN),),
        note="[script-literal] ref §2.2 $…$ inside a JS string",
    ),
    Case(
        id="token-pound",
        html="<p>復·制这段描述£0v0nbLdondC£后咑閞淘♂寳♀</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 £…£ verbatim token",
    ),
    Case(
        id="token-ascii-parentheses",
        html="<p>复制此条信息，打开手机淘宝即可 查看，淘口令：(oFn2bqKbHxv)</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 (…) verbatim",
    ),
    Case(
        id="token-mixed-emoji-key-note",
        html="<p>【福利】🔑KwaybL9lo8y🎵 打开淘宝</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 emoji pair with different left/right (🔑…🎵)",
    ),
    Case(
        id="token-emoji-money-bag",
        html="<span>💰0v0nbLdondC💰</span>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 💰…💰 verbatim",
    ),
    Case(
        id="token-emoji-phone",
        html="<li>📱VR4xboCzev9📱 复制打开手淘</li>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 📱…📱 verbatim",
    ),
    Case(
        id="token-check-mark-with-variation-selector",
        html="<p>✔️0v0nbLdondC✔️ 长按复制</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 ✔…✔ with U+FE0F variation selectors (emoji keyboard form)",
    ),
    Case(
        id="token-cjk-pair",
        html="<p>1👈啊5NKkX84wYdk啊 https://m.tb.cn/h.4CEhFr0?sm=70d491 耐克运动鞋</p>",
        expect=(
            tb(SHARE),
            tb(TOKEN),
        ),
        note="[text] ref §2.2 CJK pair verbatim (the Python \\W pitfall)",
    ),
    Case(
        id="token-cjk-pair-no-link",
        html="<p>口令啊Zn4mY8ui4nI啊复制打开</p>",
        expect=(tb(TOKEN),),
        note="[text] CJK pair with CJK on both outer sides; token from ref §2.2 ₳ row",
    ),
    Case(
        id="token-currency-sign",
        html="<p>复制¤Hq7tZr2mKaP¤打开手机淘宝</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 ¤…¤ (listed in a regex); invented token",
    ),
    Case(
        id="token-in-html-comment",
        html="<!-- 旧口令：₳Y5rMYReybZe₳ 已失效 -->\n<p>活动已结束</p>",
        expect=(tb(TOKEN),),
        note="[comment] ref §2.2 ₳Y5rMYReybZe₳ inside a comment (expired tokens still count)",
    ),
    Case(
        id="token-legacy-aa-euro",
        html="<p>复制这条信息€AAZeSonL€打开👉手机淘宝👈</p>",
        expect=(tb(TOKEN),),
        note="[text] 8-char legacy token (cv=AAZeSonL, ref §2.1) with €",
    ),
    Case(
        id="token-legacy-aa-halfwidth-yen",
        html="<p>¥AAhN7kWp¥ 复制整段打开淘宝</p>",
        expect=(tb(TOKEN),),
        note="[text] invented 8-char legacy token with half-width ¥",
    ),
    Case(
        id="token-halfwidth-yen-meta-description",
        html='<meta name="description" content="店铺口令 ¥Z9YdVgTDJ2C¥ 复制打开手机淘宝">',
        expect=(tb(TOKEN),),
        note="[data-attr] ref §2.2 ¥…¥ in a meta description attribute",
    ),
    Case(
        id="token-euro-textarea",
        html="<textarea readonly>復·制这段描述€bzp3b3xUpDI€后咑閞👉手机淘宝👈</textarea>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 €bzp3b3xUpDI€ in a <textarea>",
    ),
    Case(
        id="token-yen-glued-to-cjk",
        html="<p>或复制这段描述￥cqtQbS9y8gR￥后到淘宝</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 ￥cqtQbS9y8gR￥ with CJK immediately outside the delimiters",
    ),
    Case(
        id="token-dollar-second-verbatim",
        html="<p>$c802ba2pTbr$</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2 $c802ba2pTbr$ alone in a paragraph",
    ),
]

# --- whole pages mixing kinds ---------------------------------------------------------------

PAGE_CASES = [
    Case(
        id="page-old-taoke-nav-site",
        html=(
            '<!DOCTYPE html>\n<html><head><meta charset="gbk"><title>淘宝客导航</title>\n'
            '<script type="text/javascript">alimama_pid="mm_30908564_3410813_11007308"; '
            "alimama_width=250; alimama_height=250;</script>\n"
            '<script src="http://a.alimama.cn/inf.js" type="text/javascript"></script>\n'
            "</head><body>\n"
            '<form action="http://search8.taobao.com/browse/search_auction.htm" target="_blank">'
            '<input type="hidden" name="pid" value="mm_13667242_0_0"><input name="q"></form>\n'
            '<a href="http://www.taobao.com/go/chn/tbk_channel/lady.php?pid=mm_10011550_0_0&amp;'
            'eventid=101345">女人</a>\n'
            '<a href="https://www.taobao.com/">淘宝网首页</a>\n</body></html>'
        ),
        expect=(
            tb(ADSLOT, "mm_30908564_3410813_11007308"),
            tb(ADSLOT),
            tb(FORM, "mm_13667242_0_0"),
            tb(PIDLINK, "mm_10011550_0_0"),
        ),
        note="[whole-page] 2012-style nav page: inf.js slot, search form, channel link, plain "
        "homepage link (no finding)",
    ),
    Case(
        id="page-modern-post-with-p4p-lookalike",
        html=(
            "<article><h1>平价键盘推荐</h1>\n"
            '<p>第一款：<a href="https://s.click.taobao.com/pW6b0Xu">淘宝</a></p>\n'
            "<p>手机用户复制口令 ￥cqtQbS9y8gR￥ 打开淘宝</p>\n"
            '<p>第二款领券：<a href="https://uland.taobao.com/coupon/edetail?e=Lbc0dA9rKmma2P'
            '%2BN2ppgB%3D%3D&amp;pid=mm_50593678_39748344_148716480&amp;af=1">券</a></p>\n'
            '<p>第三款（搜索广告链接）：<a href="https://detail.tmall.com/item.htm?id='
            "678901234567&amp;ali_refid=a3_430585_1006:1234567890:N:abcdEFGH1234ijkl:"
            "0123456789abcdef0123456789abcdef&amp;ali_trackid=162_f3105df18d4c8dcecb71902beb9c11c8"
            '&amp;spm=a2e0b.20350158.31919782.1">天猫</a></p>\n'
            '<p>第四款：<a href="https://item.taobao.com/item.htm?id=652378491234">普通链接</a></p>\n'
            "</article>"
        ),
        expect=(tb(SHORT), tb(TOKEN), tb(COUPON, "mm_50593678_39748344_148716480")),
        note="[whole-page] short + token + coupon; the P4P (ali_trackid=162_…) and plain item "
        "links produce nothing (ref §1.3 not-affiliate, §1.8)",
    ),
    Case(
        id="page-cleanup-leftovers",
        html=(
            "<article>\n<p>这款已经下架，链接已删除。</p>\n"
            f'<!-- <a href="{B4}">去购买</a> -->\n'
            '<button class="copy" data-clipboard-text="复制€3Uy4b1qHBr7€打开淘宝">复制口令</button>\n'
            "</article>"
        ),
        expect=(tb(CLICK), tb(TOKEN)),
        note="[whole-page] ref §6.3 re-run fixture: visible link removed, comment copy and "
        "clipboard token remain",
    ),
    Case(
        id="page-repost-repeated-links",
        html=(
            '<div class="post">\n'
            '<p><a href="https://s.click.taobao.com/gE07ONt">链接一</a> '
            '<a href="https://s.click.taobao.com/b5ssekt">链接二</a></p>\n'
            "<p>备用：https://s.click.taobao.com/gE07ONt</p>\n"
            '<p><a href="http://s.click.taobao.com/t_1?i=rp23HSyOqg8nYw%3D%3D&amp;p='
            'mm_13667242_0_0&amp;n=12">老链接</a></p>\n</div>'
        ),
        expect=(tb(SHORT), tb(LEGACY, "mm_13667242_0_0")),
        note="[whole-page] mirrored repost: several short links collapse to one triple",
    ),
    Case(
        id="page-landing-and-pid-text-different-pids",
        html=(
            "<h2>购买渠道</h2>\n"
            '<p><a href="https://jx.tmall.com/?ali_trackid=2:mm_131955459_43834449_478842995:'
            '1558100934_223_1756875530">天猫精选</a></p>\n'
            "<p>作者的另一个推广位：mm_4040323709_2850350058_115107550273</p>\n"
            '<p><a href="https://ai.taobao.com/?pid=mm_29068093_2606639_9576712">爱淘宝</a></p>'
        ),
        expect=(
            tb(LANDING, "mm_131955459_43834449_478842995"),
            tb(PID, "mm_4040323709_2850350058_115107550273"),
            tb(PIDLINK, "mm_29068093_2606639_9576712"),
        ),
        note="[whole-page] three kinds with three different PIDs",
    ),
]

# --- forms the reference lists that the first rule set missed (issue 3 engine gaps) -------------

SHARE = "share link"

GAP_CASES = [
    Case(
        id="simba-union-redirect-bare-p-only",
        html=(
            '<a href="http://redirect.simba.taobao.com/rd?c=un&amp;w=bd&amp;k=67a22f436b17a341'
            '&amp;p=131955459_43834449_111744850258">天猫超市</a>'
        ),
        expect=(tb(CLICK, "mm_131955459_43834449_111744850258"),),
        note="[a-href-amp] ref §1.2 simba rd: bare p=<a>_<b>_<c> is the PID (no f= to unwrap here); "
        "reported with mm_",
    ),
    Case(
        id="simba-unionnojs-mm-p-text",
        html=(
            "<p>旧站广告：http://redirect.simba.taobao.com/rd?w=unionnojs&f=http%3A%2F%2Fre.taobao.com"
            "%2Feauction%3Fe%3DqT5kLm2Np%26ptype%3D100010&k=e2e107ade3f24ff5&c=un&b=alimm_0"
            "&p=mm_15291224_0_0</p>"
        ),
        expect=(tb(CLICK, "mm_15291224_0_0"),),
        note="[text] invented old union (unionnojs) simba hop with p=mm_…; f= is a plain re.taobao.com page",
    ),
    Case(
        id="legacy-t8-bare-three-part-p",
        html='<a href="http://s.click.taobao.com/t_8?e=7HZ5x%2BOzdZVpbB5F&p=13667242_2648971_9638779&n=19">店铺</a>',
        expect=(tb(LEGACY, "mm_13667242_2648971_9638779"),),
        note="[a-href] ref §0.1 item 2: p=<a>_<b>_<c> without mm_ on an old t_ link (invented ids)",
    ),
    Case(
        id="landing-cps-bxsign-tbk-trackid-trimmed",
        html=(
            '<a href="https://www.tmall.com/?union_lens=recoveryid:1605249280_291_1088741852&clk1='
            "b62a2375b07b04cd0472052384461e35&upsid=b62a2375b07b04cd0472052384461e35&bxsign="
            'tbkGF+Q0WMNbHCUy2Lk4VzAe">天猫</a>'
        ),
        expect=(tb(LANDING),),
        note="[a-href] ref §1.3 row 3 with ali_trackid cut off: bxsign=tbk… still marks the affiliate landing",
    ),
    Case(
        id="landing-cps-tk-cps-param-json",
        html='<script>var jump = {"url": "https://pages.tmall.com/wow/chaoshi/act/wupr?tk_cps_param=127911237&type=2&tkFlag=1"};</script>',
        expect=(tb(LANDING),),
        note="[json] ref §1.1 tk_cps_param on a Tmall landing URL (no ali_trackid)",
    ),
    Case(
        id="tmall-miao-token-share",
        html=(
            "<p>复制整段信息，打开👉手机天猫👈，即可查看此商品:【纤麦加肥加大码女装胖mm秋装宽松显瘦时尚长袖打底外穿T恤上衣】"
            "(未安装App点这里：http://yukhj.com/s/HKvLP?tm=2d6aaf )🔑喵口令🔑</p>"
        ),
        expect=(tb(SHARE),),
        note="[text] ref §2.3 #8 Tmall 喵口令 share verbatim: yukhj.com/s/<code> is the share link",
    ),
    Case(
        id="token-2021-bot-scheme-code",
        html="<pre>复制这条信息\n1Z9YdVgTDJ2C:// HU7679 打开【手机TaoBao】，即可查看/</pre>",
        expect=(tb(TOKEN),),
        note="[code] ref §2.3 #11 bot template \"1\" + token + \":// HU7679\" (token from #10)",
    ),
    Case(
        id="token-2021-bot-form-digit-led-token",
        html="<p>复制这条信息 15NKkX84wYdk:/ CZ0012 打开手淘</p>",
        expect=(tb(TOKEN),),
        note="[text] the bot form with a token that starts with a digit (5NKkX84wYdk, ref §2.2)",
    ),
    Case(
        id="token-book-title-brackets",
        html="<p>復·制这段描述《oFn2bqKbHxv》后咑閞👉手机淘宝👈</p>",
        expect=(tb(TOKEN),),
        note="[text] ref §2.2: 《 is an accepted delimiter; share words nearby (token from the (…) row)",
    ),
    Case(
        id="seller-bot-order-link-and-token",
        html=(
            "<pre>【在售价】29.90元\n【券后价】19.90元\n【下单链接】https://m.tb.cn/h.ecHATMZ\n"
            "-----------------\n复制这条信息，￥8S7JY1cryHh￥，到【手机淘宝】即可查看</pre>"
        ),
        expect=(tb(SHARE), tb(TOKEN)),
        note="[code] ref §2.3 #7 second variant verbatim: share link and token, CJK punctuation around",
    ),
    Case(
        id="app-share-2023-tk-codes",
        html=(
            "<ul>\n<li>【淘宝】https://m.tb.cn/h.UtzGjbl?tk=LDvjdOEY4PB CZ3457 「ESP32S2开源四轴飞行器」</li>\n"
            "<li>【淘宝】https://e.tb.cn/h.SQ6rjlgiow5ob5s?tk=MJN9f2bd29s CZ225 「【新品预售】」</li>\n"
            "<li>【淘宝】退货运费险 https://e.tb.cn/h.7qFeOVKt2sKIyvf?tk=kPtyU7QJ8po MF937 「运费险」</li>\n"
            "<li>https://e.tb.cn/h.Tq2Wm8Xc4Rb7Yk1?tk=sKCaWHjVLaM ZH4920 「」</li>\n"
            "<li>https://e.tb.cn/h.Pz8Kd3Nf6Lq9Wv2?tk=XUymWKIqxIz MF6563 「」</li>\n</ul>"
        ),
        expect=(tb(SHARE),),
        note="[whole-page] ref §2.3 #14 app shares with tk=<token> and a format code, tokens verbatim "
        "(the last two h. codes invented): share links to verify",
    ),
    Case(
        id="share-c-tb-cn-e1",
        html='<a href="https://c.tb.cn/e1.aB3dE5fG?sm=6baabf">淘宝</a>',
        expect=(tb(SHARE),),
        note="[a-href] ref §1.5 c.tb.cn/e1.<code> share host (invented code)",
    ),
    Case(
        id="token-jd-and-taobao-words-stays-taobao",
        html="<p>京东没货，淘宝有：￥cqtQbS9y8gR￥ 打开手淘即可</p>",
        expect=(tb(TOKEN),),
        note="[text] a ￥…￥ token with both networks' words nearby stays Taobao's",
    ),
]

CASES: list[Case] = check(
    GAP_CASES
    + CLICK_CASES
    + SHORT_CASES
    + LEGACY_CASES
    + COUPON_CASES
    + PIDLINK_CASES
    + LANDING_CASES
    + FORM_CASES
    + ADSLOT_CASES
    + CONVERTED_CASES
    + PID_CASES
    + TOKEN_CASES
    + PAGE_CASES
)

# --- behind an encoding layer (ref §1.7, §5 escaped strings, §6.1) --------------------------

WRAPPED_CASES: list[Case] = check(
    [
        Case(
            id="wrapped-zhihu-target-half-encoded",
            html=(
                '<a href="https://link.zhihu.com/?target=https%3A//s.click.taobao.com/t%3Fe%3Dm'
                "%3D2%26s%3DgQ9yP5pPCGQcQipKwQzePCperVdZeJviEViQ0P1Vf2kguMN8XjClAij7T60t9JDv741EQ"
                "3I01g0rm0I6CXbmEWTUsjgao5HN8KDvQmyOMwTA%2FDQJ2oexMhmIkXBqRClNTcEU%2BDykfuSM%2Bht"
                'H71aX6uIOTs4KMj3yjpOyWSRdi" class="external" rel="nofollow noreferrer">'
                "s.click.taobao.com/t?</a>"
            ),
            expect=(tb(CLICK),),
            page_url="https://www.zhihu.com/question/1/answer/2",
            note="[wrapped] ref §1.7 Zhihu outbound (https%3A// — colon encoded, slashes not)",
        ),
        Case(
            id="wrapped-qr-image-text-param",
            html='<img src="//gqrcode.alicdn.com/img?type=hv&text=https%3A%2F%2Fs.click.taobao.com%2FaMp7NXw%3Faf%3D3&h=300&w=300" alt="扫码购买">',
            expect=(tb(SHORT),),
            note="[wrapped] ref §1.7 / §5 Alimama QR image (img src), encoded short link in text=",
        ),
        Case(
            id="wrapped-encoded-config-string",
            html='String url = "tbopen://m.taobao.com/tbopen/index.html?htmlUrl=https%3A%2F%2Fs.click.taobao.com%2FsKRg1Lw&action=ali.open.nav";',
            expect=(tb(SHORT),),
            note="[wrapped] ref §1.4 C htmlUrl=https%3A%2F%2Fs.click.taobao.com%2FsKRg1Lw",
        ),
        Case(
            id="wrapped-xsj-double-encoded-coupon",
            html=(
                '<a href="xsj://bc_coupon?url=https%3A%2F%2Fuland.taobao.com%2Fcoupon%2Fedetail%3F'
                "activityId%3D42d3be5af94c44388603fd2234cb207d%26itemId%3D541431247343%26pid%3D"
                "mm_109716036_12190578_66754512&fr=c09x126631-06&link=http%3A%2F%2Fmobile."
                "xiaoshijie.com%2Fh5%2Fcollect%2FbuyClick%3FitemUrl%3Dhttps%253A%252F%252Fuland."
                "taobao.com%252Fcoupon%252Fedetail%253FactivityId%253D42d3be5af94c44388603fd2234cb"
                "207d%2526itemId%253D541431247343%2526pid%253Dmm_109716036_12190578_66754512%26fr"
                '%3Dc09x126631-06%26tr%3D505174723351572480_0">领券</a>'
            ),
            expect=(tb(COUPON, "mm_109716036_12190578_66754512"),),
            note="[wrapped] ref §1.4 D6 verbatim (app scheme + double encoding)",
        ),
        Case(
            id="wrapped-json-escaped-slashes",
            html=(
                '<script>var data = {"click_url":"https:\\/\\/s.click.taobao.com\\/t?e=m%3D2%26s%3D'
                "q7TrZ2vLxWccQipKwQzePOeEDrYVVa64K7Vc7tFgwiHjf2vlNIV67kR8Yx0n&union_lens=lensId%3A"
                'TAPI%401620371798%400b59e280_cd41_17945af7acc_8d2f%4001","title":"\\u4fdd\\u6e29'
                '\\u676f"};</script>'
            ),
            expect=(tb(CLICK),),
            note="[wrapped] ref §5 escaped strings: PHP json_encode \\/ form",
        ),
        Case(
            id="wrapped-json-unicode-escaped-ampersand",
            html=(
                '<script>g_page_config = {"coupon_share_url":"https://uland.taobao.com/coupon/'
                "edetail?e=Lbc0dA9rKmma2P%2BN2ppgBymr%2B4btKdhvNW3%3D\\u0026pid\\u003dmm_50593678"
                '_39748344_148716480\\u0026af\\u003d1"};</script>'
            ),
            expect=(tb(COUPON, "mm_50593678_39748344_148716480"),),
            note="[wrapped] ref §5 \\u0026 / \\u003d escapes (g_page_config style)",
        ),
        Case(
            id="wrapped-taobao-scheme-click",
            html=(
                '<a href="taobao://s.click.taobao.com/t?union_lens=lensId%3AOPT%401602760358%400b5996e3'
                "_0ec9_1752bf639c9_e4ea%4001%3BeventPageId%3A20150318019999659&e=m%3D2%26s%3DR%2FXx"
                "NtE%2Fd5Jw4vFB6t2Z2iperVdZeJviU%2F9%2F0taeK29yINtkUhsv0B1RVA3Mk9CvA4NubRp%2Bh3fFwu"
                'xlvvcqslm8qW4P%2BzTEuudk%2FF1RTTLTDz05MmO4rcZs%2FlQ%3D%3D">打开淘宝</a>'
            ),
            expect=(tb(CLICK),),
            note="[wrapped] ref §1.4 B3 taobao:// app scheme (cut blob completed)",
        ),
        Case(
            id="wrapped-taobao-scheme-mo-etao-pid",
            html='<a href="taobao://mo.m.taobao.com/etao/tmpl_mini_butie_b?pid=mm_911310084_1347250169_110094300209&union_lens=lensId%3AOPT%401602760358%400b5996e3_0ec9_1752bf639c9_e4ea%4001">百亿补贴</a>',
            expect=(tb(PIDLINK, "mm_911310084_1347250169_110094300209"),),
            note="[wrapped] ref §1.7 taobao://mo.m.taobao.com/etao/…?pid= (tail completed)",
        ),
        Case(
            id="wrapped-tbopen-h5url-coupon",
            html='<a href="tbopen://m.taobao.com/tbopen/index.html?&action=ali.open.nav&module=h5&h5Url=https%3A%2F%2Fuland.taobao.com%2Fcoupon%2Fedetail%3Fe%3DJBuZPm5JWqEGQASttHIRqZL3pImL%252FJh1HZ6yD2Py5i%26traceId%3D0bb6999515405448411741149e">手淘打开</a>',
            expect=(tb(COUPON),),
            note="[wrapped] ref §1.7 tbopen:// h5Url= (encoded uland coupon, no pid)",
        ),
        Case(
            id="wrapped-weibo-sinaurl",
            html='<a href="https://weibo.cn/sinaurl?u=https%3A%2F%2Fs.click.taobao.com%2F2fWKfsr">网页链接</a>',
            expect=(tb(SHORT),),
            page_url="https://weibo.com/1234567890/AbCdEfGhI",
            note="[wrapped] ref §1.7 weibo.cn/sinaurl?u=",
        ),
        Case(
            id="wrapped-douban-link2-pidlink",
            html='<a href="https://www.douban.com/link2/?url=http%3A%2F%2Fai.taobao.com%2F%3Fpid%3Dmm_29068093_2606639_9576712&query=&cat_id=&type=search&pos=0">爱淘宝</a>',
            expect=(tb(PIDLINK, "mm_29068093_2606639_9576712"),),
            note="[wrapped] ref §1.7 douban link2 ?url=",
        ),
        Case(
            id="wrapped-egou-union-clickurl",
            html='<a href="http://union.egou.com/to?site=20&shop=719111&uid=0&url=http%3A%2F%2Fs.click.taobao.com%2Ft%3Fe%3DzGU34CA7K%252BPkqB07S4%252FK0CITy7klxn%252Fr3HZwuuY0VC7BwYarcZXIp9bMsJoojiel33mlHXMmbJHH">易购</a>',
            expect=(tb(CLICK),),
            note="[wrapped] ref §1.7 union.egou.com/to?…&url=<encoded clickUrl>",
        ),
        Case(
            id="wrapped-juejin-encoded-landing",
            html='<a href="https://link.juejin.cn/?target=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D936184952317%26ali_trackid%3D2%253Amm_7587494315_3230200107_115939450462%253A1752723707645_554211053_0">淘宝</a>',
            expect=(tb(LANDING, "mm_7587494315_3230200107_115939450462"),),
            page_url="https://juejin.cn/post/7000000000000000000",
            note="[wrapped] ref §1.7 juejin target= with an encoded landing URL",
        ),
        Case(
            id="wrapped-json-escaped-landing",
            html='{"data":{"url":"https:\\/\\/detail.tmall.com\\/item.htm?id=18263930351&ali_trackid=2:mm_16674950_0_0:1368018253_3k1_855976017"}}',
            expect=(tb(LANDING, "mm_16674950_0_0"),),
            note="[wrapped] ref §5 JSON \\/ escapes around a landing URL",
        ),
    ]
)

# --- expectations that need a decision (proposals) -------------------------------------------

UNDECIDED: list[Case] = check(
    [
        Case(
            id="undecided-tkapi-dynamic-loader",
            html=(
                '<script type="text/javascript">\n(function(win,doc){\n'
                '  var s = doc.createElement("script"), h = doc.getElementsByTagName("head")[0];\n'
                '  if (!win.alimamatk_show) {\n    s.charset = "gbk";\n    s.async = true;\n'
                '    s.src = "http://a.alimama.cn/tkapi.js";\n    h.insertBefore(s, h.firstChild);\n'
                '  };\n  var o = { pid: "mm_32502158_3327973_32878433", appkey: "21155698", '
                'unid: "", type: "click" };\n'
                "  win.alimamatk_onload = win.alimamatk_onload || [];\n"
                "  win.alimamatk_onload.push(o);\n})(window,document);\n</script>"
            ),
            # Decided: one snippet, one finding; the loader URL is not reported apart.
            expect=(tb(ADSLOT, "mm_32502158_3327973_32878433"),),
            note="[script-literal] ref §1.6 official tkapi loader: tkapi.js is loaded by "
            "s.src=…, not a <script src> tag. Proposed: counts as the bare script (pid None).",
        ),
        Case(
            id="undecided-commented-out-inf-js",
            html=(
                '<!--\n<script type="text/javascript">alimama_pid="mm_10574926_3506959_11486840"; '
                'alimama_width=300; alimama_height=250;</script>\n<script src="http://a.alimama.cn/'
                'inf.js" type="text/javascript"></script>\n-->'
            ),
            # Decided: a commented-out widget is one string, so one finding.
            expect=(tb(ADSLOT, "mm_10574926_3506959_11486840"),),
            note="[comment] ref §6.1 says keep comment text; is a <script src> inside a comment "
            "still a script src? Proposed: yes (lingering code the creator must delete).",
        ),
        Case(
            id="undecided-pidlink-and-same-pid-in-text",
            html=(
                '<p><a href="https://ai.taobao.com/?pid=mm_29068093_2606639_9576712">爱淘宝</a></p>'
                "<p>本站推广位 mm_29068093_2606639_9576712</p>"
            ),
            expect=(
                tb(PIDLINK, "mm_29068093_2606639_9576712"),
                tb(PID, "mm_29068093_2606639_9576712"),
            ),
            note="[whole-page] does 'pid anywhere else' mean 'outside a classified URL' (two "
            "triples, proposed) or 'a PID not already reported' (one)?",
        ),
        Case(
            id="undecided-tanx-template-no-pid",
            html=(
                '<script>document.write(\'<a style="display:none!important" id="tanx-a-${pid}">'
                '</a>\'); tanx_s = document.createElement("script"); tanx_s.id = "tanx-s-${pid}";'
                ' tanx_s.src = "http://p.tanx.com/ex?i=${pid}";</script>'
            ),
            expect=(),
            note="[script-literal] expect none proposed: unrendered Tanx template (ref §1.6). Unlike "
            "inf.js, the table gives p.tanx.com no pid-less form, so nothing; could be 'ad-slot code' "
            "None if lingering templates should be reported (ref §1.8 'suspicious template').",
        ),
        Case(
            id="undecided-simba-redirect-bare-p",
            html=(
                '<a href="http://redirect.simba.taobao.com/rd?c=un&amp;w=bd&amp;f=https%3A%2F%2F'
                "s.click.taobao.com%2Ft%3Funion_lens%3DlensId%253AOPT%25401612256136%254021081cca_"
                "07a6_17761f44ebb_baac%254001%253BeventPageId%253A20150318020003697%26e%3Dm%253D2"
                "%2526s%253DsY41mHkxQ3pLz%26pid%3Dmm_131955459_43834449_111744850258&amp;k="
                '67a22f436b17a341&amp;p=131955459_43834449_111744850258">天猫超市</a>'
            ),
            expect=(tb(CLICK, "mm_131955459_43834449_111744850258"),),
            note="[wrapped] ref §1.7 simba redirect: decoded f= is a click link with pid; the "
            "bare p=131955459_… (no mm_) has no kind in the table. Proposed: one click link.",
        ),
        Case(
            id="undecided-t3-target-repeats-pid",
            html=(
                '<a href="http://s.click.taobao.com/t_3?&p=mm_13667242_0_0&u=x1&n=8&l=http%3A%2F%2F'
                "search8.taobao.com%2Fbrowse%2Fsearch_auction.htm%3Fq%3Dshoes%26pid%3D"
                'mm_13667242_0_0">搜索</a>'
            ),
            # Decided: one published URL is one finding, its innermost id shown.
            expect=(tb(LEGACY, "mm_13667242_0_0"),),
            note="[a-href] ref §1.2 t_3: the encoded l= target repeats pid=. Proposed: the "
            "unwrapped target is reported too (pid link); alternatively only the legacy link.",
        ),
        Case(
            id="undecided-tkapi-widget-anchor-without-isconvert",
            html=(
                '<script src="https://alimama.alicdn.com/tkapi.js"></script>\n'
                + TKAPI_CONFIG.replace("{pid}", "mm_43125636_4246598_14338421")
                + '\n<a data-type="0" biz-itemid="38484921637" data-tmpl="230x312" data-tmplid="4" '
                'data-rd="2" data-style="2" data-border="1" href="#">商品</a>'
            ),
            expect=(
                tb(ADSLOT),
                tb(ADSLOT, "mm_43125636_4246598_14338421"),
                tb(CONVERTED, "mm_43125636_4246598_14338421"),
            ),
            note="[whole-page] ref §1.6 tkapi widget anchor (biz-itemid, data-type, no isconvert). "
            "Table names only isconvert=1. Proposed: biz-itemid alone converts too.",
        ),
        Case(
            id="undecided-coupon-template-pid",
            html='<a href="https://uland.taobao.com/coupon/edetail?activityId={$item.activity_id}&itemId={$item.num_iid}&pid={$pid}">领券</a>',
            expect=(tb(COUPON),),
            note="[a-href] unrendered template coupon URL: by the table still a coupon link with "
            "pid None (like mm_0_0_0); could be treated as no finding (placeholder).",
        ),
        Case(
            id="undecided-superbuy-unencoded-nested",
            html='<a href="https://www.superbuy.com/en/page/buy/?url=https://item.taobao.com/item.htm?id=668578585661&ali_trackid=2:mm_117358474_33384934_118778578&spm=a21n57.1.0.0">Buy via agent</a>',
            expect=(tb(LANDING, "mm_117358474_33384934_118778578"),),
            note="[wrapped] ref §1.3 row 12 / §1.7 superbuy: the nested URL is not encoded, so by URL "
            "parsing ali_trackid belongs to superbuy.com (-> kind pid). Proposed: landing link.",
        ),
        Case(
            id="undecided-product-name-in-parentheses",
            html="<p>全新未拆封 (iPhone15Pro) 国行</p>",
            expect=(),
            note="[text] expect none proposed. By the letter of the rules (…) wraps 11 mixed-case "
            "alphanumerics -> token; it is a product name. Needs a context word or similar.",
        ),
    ]
)

check_disjoint(CASES, WRAPPED_CASES, UNDECIDED)
