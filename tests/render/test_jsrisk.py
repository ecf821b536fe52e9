"""The "not rendered" heuristic: inline scripts that insert markup, and look-alikes that do not."""

from __future__ import annotations

import pytest

from crawler.render.jsrisk import inserts_content, not_rendered_note


@pytest.mark.parametrize(("html", "how"), [
    ("<script>document.write('<a href=\"' + u + '\">buy</a>')</script>", "document.write"),
    ("<script>\n  document.writeln(links.join(''));\n</script>", "document.write"),
    ('<div id="list"></div><script>list.innerHTML = items.map(f).join("")</script>',
     "innerHTML"),
    ("<script>box.innerHTML += `<a href=${url}>${name}</a>`;</script>", "innerHTML"),
    ("<script>el.outerHTML = html</script>", "innerHTML"),
    ("<script type='text/javascript'>p.insertAdjacentHTML('beforeend', card)</script>",
     "insertAdjacentHTML"),
    ("<script type=module>$('#shop').append('<a href=\"' + link + '\">go</a>')</script>",
     "markup inserted with jQuery"),
    ("<script>var a=document.createElement('a');a.href=base+pid;"
     "document.body.appendChild(a)</script>", "createElement('a')"),
    ("<script>const a = document.createElement(`A`); a.href = u; row.append(a);</script>",
     "createElement('a')"),
    # The first inline script may be harmless; a later one still counts.
    ("<script>var x = 1;</script><p>text</p><SCRIPT>out.innerHTML = html</SCRIPT>",
     "innerHTML"),
])
def test_scripts_that_insert_markup(html: str, how: str) -> None:
    assert inserts_content(html) == how
    assert f"({how})" in not_rendered_note(html)
    assert "--render" in not_rendered_note(html)


@pytest.mark.parametrize("html", [
    # No script at all; the words in prose or in attributes are not code.
    "<p>Use innerHTML or document.write() to insert markup.</p>",
    '<a href="/docs/insertAdjacentHTML">insertAdjacentHTML</a>',
    # External scripts are not read: their source is not on the page.
    '<script src="/app.js"></script><script src="/inline.js">document.write("x")</script>',
    # Data, not code: JSON-LD and HTML templates a browser does not run.
    '<script type="application/ld+json">{"text": "document.write(x)"}</script>',
    '<script type="text/template"><div>{{ innerHTML = 1 }}</div></script>',
    # Analytics loaders create and insert a <script>, not a link.
    "<script>var hm = document.createElement('script'); hm.src = 'https://hm.baidu.com/hm.js';"
    " var s = document.getElementsByTagName('script')[0]; s.parentNode.insertBefore(hm, s);</script>",
    # Text, not markup.
    "<script>el.textContent = msg; el.innerText = other;</script>",
    # Clearing, comparing and reading innerHTML insert nothing.
    "<script>list.innerHTML = '';</script>",
    '<script>if (box.innerHTML == "") { box.innerHTML = ""; }</script>',
    "<script>var saved = el.innerHTML; console.log(saved)</script>",
    # Commented-out code does not run.
    "<script>/* document.write('<a href=x>') */\n// el.innerHTML = html\nvar n = 1;</script>",
    # An anchor created but never inserted, and an insertion without an anchor.
    "<script>var a = document.createElement('a'); a.href = u; a.click();</script>",
    "<script>var d = document.createElement('div'); document.body.appendChild(d);</script>",
    "",
])
def test_look_alikes_are_not_flagged(html: str) -> None:
    assert inserts_content(html) is None
    assert not_rendered_note(html) is None
