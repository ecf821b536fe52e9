"""Affiliate cards and mini-program links that carry no URL (issue 3, "links with no URL")."""

from __future__ import annotations

from .case import Case, Expect

CASES: list[Case] = [
    Case(
        id="zhihu-mcn-link-card",
        html='<p>推荐一款：</p><a data-draft-node="block" data-draft-type="mcn-link-card" '
        'data-mcn-id="1620458813374517248"></a>',
        expect=(Expect("zhihu", "product card"),),
        page_url="https://zhuanlan.zhihu.com/p/612345678",
        note="[data-attr] ref §1 0.1(4) Zhihu 好物推荐 card",
    ),
    Case(
        id="zhihu-km-sku-card",
        html='<a data-draft-type="km-sku-card" data-mcn-id="1598765432109876543">耳机</a>',
        expect=(Expect("zhihu", "product card"),),
        page_url="https://www.zhihu.com/question/1/answer/2",
        note="[data-attr] ref §5 km-sku-card",
    ),
    Case(
        id="wechat-jd-miniprogram",
        html='<a data-miniprogram-appid="wx91d27dbf599dff74" '
        'data-miniprogram-path="pages/union/proxy/proxy?spreadUrl=abc">点击跳转小程序</a>',
        expect=(Expect("jd", "mini-program link"),),
        page_url="https://mp.weixin.qq.com/s/abc",
        note="[data-attr] ref §3.1 JD union mini-program (spreadUrl not a URL here)",
    ),
    Case(
        id="wechat-meituan-miniprogram",
        html='<span data-miniprogram-appid="wxde8ac0a21135c07d" '
        'data-miniprogram-path="/index/pages/h5/h5?lch=cps:waimai">领外卖红包</span>',
        expect=(Expect("meituan", "mini-program link"),),
        page_url="https://mp.weixin.qq.com/s/def",
        note="[data-attr] ref §3.5",
    ),
    Case(
        id="wechat-eleme-miniprogram",
        html='<a data-miniprogram-appid="wxece3a9a4c82f58c9" '
        'data-miniprogram-path="pages/sharePid/web/index">饿了么红包</a>',
        expect=(Expect("taobao", "mini-program link"),),
        page_url="https://mp.weixin.qq.com/s/ghi",
        note="[data-attr] ref §3.6",
    ),
    Case(
        id="wechat-pdd-miniprogram",
        html='<a data-miniprogram-appid="wx32540bd863b27570" '
        'data-miniprogram-path="pages/web/web?specialUrl=1">拼多多</a>',
        expect=(Expect("pdd", "mini-program link"),),
        page_url="https://mp.weixin.qq.com/s/jkl",
        note="[data-attr] ref §3.2",
    ),
]

NEGATIVES: list[Case] = [
    Case(id="zhihu-plain-link-card", html='<a data-draft-type="link-card" href="https://example.com/">x</a>'),
    Case(id="zhihu-reference", html='<sup data-draft-type="reference" data-text="来源"></sup>'),
    Case(id="wechat-other-miniprogram", html='<a data-miniprogram-appid="wx1234567890abcdef" '
         'data-miniprogram-path="pages/index">自己的小程序</a>'),
]
