"""The HTML review page in a real headless Chromium (Debian's chromium + chromedriver, via Selenium).

The seeds' page shows the Araghchi and Raisi conflicts, filters work, accept/dismiss and
export produce a baseline that `accord gate --baseline` honours; a corpus full of XSS
payloads runs no script, opens no dialog, sends no request and shows the payloads as text;
a page of 1,000 findings opens and filters quickly.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest
from typer.testing import CliRunner

from checker.cli import app

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Debian's chromium and chromium-driver are not installed (`make test` installs them where it can)",
)
runner = CliRunner()


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def open_page(browser, path):
    browser.get(path.resolve().as_uri())
    deadline = time.time() + 20
    while browser.execute_script("return document.body && document.body.dataset.ready") != "true":
        assert time.time() < deadline, "the page never finished rendering"
        time.sleep(0.02)


def visible_cards(browser):
    return browser.execute_script(
        "return [...document.querySelectorAll('.finding')].filter(c => !c.hidden).map(c => c.dataset.rule)"
    )


def choose(browser, select_id, value):
    browser.execute_script(
        "const s = document.getElementById(arguments[0]); s.value = arguments[1];s.dispatchEvent(new Event('change'));",
        select_id,
        value,
    )


def seed_page(tmp_path, seeds_dir, *extra):
    page = tmp_path / "seeds.html"
    result = runner.invoke(app, ["check", str(seeds_dir), "--html", str(page), "-o", str(tmp_path / "r.json"), *extra])
    assert result.exit_code in (0, 1), result.stderr
    return page


def test_seeds_page_shows_conflicts_and_filters(browser, tmp_path, seeds_dir):
    open_page(browser, seed_page(tmp_path, seeds_dir))
    text = browser.find_element("tag name", "body").text
    assert "Abbas Araghchi" in text and "Ebrahim Raisi" in text
    assert {"role-conflict", "deceased-acting"} <= set(visible_cards(browser))
    assert "Deputy Foreign Minister of Iran" in text and "2025-05-08" in text  # the timeline
    choose(browser, "f-severity", "warning")
    assert visible_cards(browser) and all(
        browser.execute_script("return [...document.querySelectorAll('.finding')].filter(c => !c.hidden)"
                               ".every(c => c.classList.contains('warning'))")
        for _ in [0]
    )  # fmt: skip
    choose(browser, "f-severity", "")
    choose(browser, "f-rule", "deceased-acting")
    assert visible_cards(browser) == ["deceased-acting"]
    choose(browser, "f-rule", "")
    choose(browser, "f-entity", "Amna Baloch")
    assert visible_cards(browser) == ["rank-regression"]
    choose(browser, "f-entity", "")
    search = browser.find_element("id", "f-search")
    search.send_keys("late Iranian President")
    assert visible_cards(browser) == ["deceased-acting"]
    search.clear()
    browser.execute_script("document.getElementById('f-search').dispatchEvent(new Event('input'))")
    assert len(visible_cards(browser)) == browser.execute_script("return document.querySelectorAll('.finding').length")


def test_accept_dismiss_export_is_a_baseline_the_gate_honours(browser, tmp_path, seeds_dir):
    open_page(browser, seed_page(tmp_path, seeds_dir))
    browser.execute_script("localStorage.clear()")
    open_page(browser, seed_page(tmp_path, seeds_dir))
    cards = browser.find_elements("css selector", ".finding")
    for card in cards:
        rule = card.get_attribute("data-rule")
        card.find_element("css selector", ".reason").send_keys(f"checked {rule}")
        card.find_element("css selector", ".dismiss" if rule == "office-holder-conflict" else ".accept").click()
    statuses = [c.find_element("css selector", ".status").text for c in cards]
    assert all(s.startswith(("accepted: checked", "dismissed: checked")) for s in statuses)
    # decisions survive a reload
    open_page(browser, seed_page(tmp_path, seeds_dir))
    assert all(
        c.find_element("css selector", ".status").text != "open"
        for c in browser.find_elements("css selector", ".finding")
    )
    exported = json.loads(browser.find_element("id", "export-text").get_attribute("value"))
    assert {e["decision"] for e in exported["accepted"]} == {"accepted", "dismissed"}
    assert len(exported["accepted"]) == len(cards)
    baseline = tmp_path / "accord-baseline.json"
    baseline.write_text(json.dumps(exported))
    draft = str(seeds_dir / "003_7ca1523c2e0b38f8.txt")
    assert runner.invoke(app, ["gate", draft, "--corpus", str(seeds_dir)]).exit_code == 1
    gated = runner.invoke(app, ["gate", draft, "--corpus", str(seeds_dir), "--baseline", str(baseline), "-f", "json"])
    assert gated.exit_code == 0
    assert all(f["accepted"] for f in json.loads(gated.stdout)["findings"])
    # undo brings a finding back to open
    first = browser.find_elements("css selector", ".finding")[0]
    first.find_element("css selector", ".undo").click()
    assert first.find_element("css selector", ".status").text == "open"
    browser.execute_script("localStorage.clear()")


PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3"></svg>',
    "<svg><script>window.__pwned=4</script></svg>",
    "javascript:window.__pwned=5",
    '<a href="javascript:window.__pwned=6">click</a>',
    '<iframe src="javascript:window.__pwned=7"></iframe>',
    "<body onload=window.__pwned=8>",
    '"><script>window.__pwned=9</script>',
    "'><img src=x onerror=window.__pwned=10>",
    "</script><script>window.__pwned=11</script>",
    "<!--<script>window.__pwned=12</script>-->",
    "&lt;script&gt;window.__pwned=13&lt;/script&gt;",
    "&#60;img src=x onerror=window.__pwned=14&#62;",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=15>",
    '<div style="background:url(http://127.0.0.1:9/x)">',
    "<link rel=stylesheet href=http://127.0.0.1:9/x.css>",
    '<meta http-equiv=refresh content="0;url=http://127.0.0.1:9/">',
    '<object data="javascript:window.__pwned=16"></object>',
    "<details open ontoggle=window.__pwned=17>",
    "<input autofocus onfocus=window.__pwned=18>",
    "\u2028\u2029</script ><script>window.__pwned=19</script>",
    '<base href="http://127.0.0.1:9/">',
    "<form action=http://127.0.0.1:9/><button>go</button></form>",
]


def xss_corpus(tmp_path):
    """Two reports per payload that conflict (Foreign Minister / Deputy Foreign Minister on one day), so
    every payload reaches the page through a finding: in the title, source, URL and the sentence quoted."""
    lines = []
    for i, payload in enumerate(PAYLOADS):
        for deputy in (False, True):
            title = "Deputy " if deputy else ""
            text = (
                f"Talks in Islamabad {payload}\n"
                f"Pakistan's {title}Foreign Minister Tariq Fatemi{i} met reporters {payload} on Monday.\n"
            )
            lines.append(json.dumps({
                "id": f"p{i}{'d' if deputy else ''}", "text": text, "title": payload, "source": payload,
                "url": payload if i % 2 else "https://example.org/" + payload, "published": "2025-05-08",
            }))  # fmt: skip
    path = tmp_path / "xss.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_xss_payloads_stay_text(browser, tmp_path):
    page = tmp_path / "xss.html"
    result = runner.invoke(app, ["check", str(xss_corpus(tmp_path)), "--html", str(page), "-o", str(tmp_path / "r")])
    assert result.exit_code in (0, 1), result.stderr
    browser.get_log("performance")  # drop what earlier tests logged
    open_page(browser, page)
    time.sleep(0.5)  # time for any handler that would fire (onload, onerror, autofocus, meta refresh)
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return window.__pwned") is None
    assert browser.current_url == page.resolve().as_uri()  # no refresh, no navigation
    requests = [
        json.loads(entry["message"])["message"]["params"].get("request", {}).get("url", "")
        for entry in browser.get_log("performance")
        if json.loads(entry["message"])["message"]["method"] == "Network.requestWillBeSent"
    ]
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    text = browser.find_element("tag name", "body").text
    shown = [p for p in PAYLOADS if p.strip().replace("\u2028", "").replace("\u2029", "") in text]
    assert len(shown) >= 20, [p for p in PAYLOADS if p not in shown]
    assert browser.execute_script("return document.querySelectorAll('script').length") == 2  # the page's own
    assert (
        browser.execute_script("return document.querySelectorAll('img, svg, iframe, object, form, base').length") == 0
    )
    cards = browser.execute_script("return document.querySelectorAll('.finding').length")
    assert cards >= len(PAYLOADS)


def test_page_of_1000_findings_opens_and_filters_fast(browser, tmp_path):
    from bench.html_bench import big_report, measure
    from checker.render import render

    page = tmp_path / "big.html"
    page.write_text(render(big_report(1000), "html"), encoding="utf-8")
    timings = measure(browser, page)
    assert browser.execute_script("return document.querySelectorAll('.finding').length") == 1000
    assert timings["open_ms"] < 1000 and timings["filter_ms"] < 1000 and timings["search_ms"] < 1000, timings


def test_keyboard_and_narrow_screen(browser, tmp_path, seeds_dir):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, seed_page(tmp_path, seeds_dir))
    browser.execute_script("localStorage.clear()")
    open_page(browser, seed_page(tmp_path, seeds_dir))
    body = browser.find_element("tag name", "body")
    body.send_keys("j")
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class").startswith("finding")
    focused.send_keys("a")
    assert focused.find_element("css selector", ".status").text == "accepted"
    focused.send_keys("u")
    assert focused.find_element("css selector", ".status").text == "open"
    focused.send_keys(Keys.TAB)  # native controls follow in tab order
    assert browser.switch_to.active_element.tag_name in ("input", "button", "a")
    for width in (1280, 390):
        browser.set_window_size(width, 900)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{overflow}px of horizontal scrolling at {width}px"
    browser.set_window_size(1280, 900)
    browser.execute_script("localStorage.clear()")


def right_button(browser, rule, article):
    """The "This side is right" button of `article`'s side in the first finding of `rule`."""
    return browser.execute_script(
        """const card = [...document.querySelectorAll('.finding')].find(c => c.dataset.rule === arguments[0]);
        const side = [...card.querySelectorAll('.side')].find(s => s.textContent.includes(arguments[1]) &&
          s.querySelector('button.right'));
        return side ? side.querySelector('button.right') : null;""",
        rule,
        article,
    )


def test_fact_export_from_the_side_marked_right(browser, tmp_path, seeds_dir):
    from checker.reference import load_sheets

    open_page(browser, seed_page(tmp_path, seeds_dir))
    assert browser.find_element("id", "facts-text").get_property("value").count("[[") == 0
    right_button(browser, "role-conflict", "000_98eb9a576ede2f12").click()  # Foreign Minister, not Deputy
    right_button(browser, "deceased-acting", "000_98eb9a576ede2f12").click()  # "the late President Raisi"
    assert right_button(browser, "role-conflict", "003_7ca1523c2e0b38f8") is not None
    marked = browser.execute_script("return [...document.querySelectorAll('.side.marked-right')].length")
    assert marked == 2
    text = browser.find_element("id", "facts-text").get_property("value")
    link = browser.find_element("id", "facts-link")
    assert link.get_attribute("download") == "accord-facts.toml" and link.get_attribute("href").startswith("blob:")

    exported = tmp_path / "exported.toml"
    exported.write_text(text, encoding="utf-8")
    sheet = load_sheets([exported])  # the export is a facts file
    [office] = sheet.people["abbas araghchi"].offices
    assert (office.role.role, office.where, str(office.start), str(office.end)) == (
        "foreign_minister", "Iran", "by 2025-02-04", "after 2025-05-08"
    )  # fmt: skip
    assert str(sheet.people["ebrahim raisi"].death.date) == "by 2025-02-04"
    assert "Marked right in review of role-conflict: 000_98eb9a576ede2f12" in office.cite.text

    # what the review settled now gates the draft on its own
    result = runner.invoke(app, ["gate", str(seeds_dir / "003_7ca1523c2e0b38f8.txt"), "--facts", str(exported),
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {"reference-title", "reference-death"}

    right_button(browser, "deceased-acting", "000_98eb9a576ede2f12").click()  # a second click takes it back
    assert "[[death]]" not in browser.find_element("id", "facts-text").get_property("value")
