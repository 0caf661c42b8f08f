from claims import html


def test_scripts_styles_dropped_blocks_separated():
    page = html.extract(
        "<html><head><title>T &amp; x</title><script>alert(1)</script></head>"
        "<body><h1>Head</h1><p>Hello <b>world</b>\n  again</p><p>Two<br>lines</p>"
        "<script>bad()</script><style>p{color:red}</style><noscript>no</noscript></body></html>"
    )
    assert page.text == "Head\n\nHello world again\n\nTwo\nlines"
    assert page.title == "T & x"


def test_metadata():
    page = html.extract(
        '<html><head><meta property="article:published_time" content="2025-05-08T09:00:00+05:00">'
        '<meta property="og:site_name" content="Daily News"><link rel="canonical" href="https://example.org/a">'
        "</head><body><p>Text.</p></body></html>"
    )
    assert (page.published, page.source, page.url) == (
        "2025-05-08T09:00:00+05:00",
        "Daily News",
        "https://example.org/a",
    )


def test_time_element_and_broken_markup():
    page = html.extract('<body><time datetime="2024-04-22">Apr 22</time><p>Unclosed <b>bold <i>text')
    assert page.published == "2024-04-22"
    assert "Unclosed bold text" in page.text
