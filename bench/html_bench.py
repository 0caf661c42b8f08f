"""The review page with 1,000 findings in headless Chromium: time to open (navigation start to
rendered) and to filter (one select change, and a search), median of 5 runs each.

Run: .venv/bin/python bench/html_bench.py   (needs Debian's chromium and chromium-driver)
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.findings import Context, Evidence, Finding, Severity
from checker.render import render
from checker.report import ArticleInfo, EntityInfo, Report, TimelineEntry
from claims.types import EntityKind

RULES = ["role-conflict", "rank-regression", "office-holder-conflict", "detail-conflict", "nli-contradiction"]
SENTENCE = "Iranian Foreign Minister Abbas Araghchi{n} met Pakistan's army chief in Rawalpindi on Monday for talks."


def big_report(n: int = 1000) -> Report:
    articles = tuple(
        ArticleInfo(id=f"a{i:04d}", published=dt.date(2025, 5, 1 + i % 28), title=f"Headline number {i} about talks",
                    source=f"Outlet {i % 17}", url=f"https://example.org/news/{i}")
        for i in range(n // 2 + 1)
    )  # fmt: skip
    findings, timeline, entities = [], [], []
    for i in range(n):
        name = f"Person {i % 250}"
        text = SENTENCE.format(n=i)
        sides = []
        for k, article in enumerate((articles[i // 2], articles[(i // 2 + 1) % len(articles)])):
            context = Context(start=0, end=len(text), text=text)
            sides.append(Evidence(article=article.id, start=0, end=len(text), quote=text, date=article.published,
                                  line=1, column=1, highlight=(0, 30), context=context))  # fmt: skip
            timeline.append(TimelineEntry(entity=name, article=article.id, date=article.published,
                                          label="Deputy Foreign Minister" if k else "Foreign Minister", quote=text[:40],
                                          start=0, end=40))  # fmt: skip
        findings.append(Finding(id=f"{i:016x}", rule=RULES[i % len(RULES)], severity=list(Severity)[i % 3],
                                message=f"{name} is called two things on one day (finding {i}).", entities=(name,),
                                evidence=tuple(sides), score=0.9))  # fmt: skip
    for i in range(250):
        entities.append(EntityInfo(id=f"e{i}", canonical=f"Person {i}", kind=EntityKind.PERSON))
    unique_timeline = {(t.entity, t.article, t.label): t for t in timeline}
    return Report(articles=articles, entities=tuple(entities), findings=tuple(findings),
                  timeline=tuple(unique_timeline.values()))  # fmt: skip


def measure(driver, page: Path) -> dict[str, float]:
    driver.get(page.resolve().as_uri())
    deadline = time.time() + 30
    while driver.execute_script("return document.body && document.body.dataset.ready") != "true":
        if time.time() > deadline:
            raise SystemExit("the page never finished rendering")
        time.sleep(0.005)
    opened = driver.execute_script(
        "return performance.now() - 0"  # since navigation start, read right after rendering finished
    )
    filtered = driver.execute_script(
        "const t = performance.now(); const s = document.getElementById('f-rule'); s.value = 'detail-conflict';"
        "s.dispatchEvent(new Event('change')); document.body.offsetHeight; return performance.now() - t;"
    )
    searched = driver.execute_script(
        "const t = performance.now(); const q = document.getElementById('f-search'); q.value = 'Person 17';"
        "q.dispatchEvent(new Event('input')); document.body.offsetHeight; return performance.now() - t;"
    )
    return {"open_ms": opened, "filter_ms": filtered, "search_ms": searched}


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "big.html"
        page.write_text(render(big_report(), "html"), encoding="utf-8")
        size = page.stat().st_size
        driver = browser()
        try:
            runs = [measure(driver, page) for _ in range(5)]
        finally:
            driver.quit()
    for key in ("open_ms", "filter_ms", "search_ms"):
        print(f"{key}: median {statistics.median(r[key] for r in runs):.0f} ms, max {max(r[key] for r in runs):.0f} ms")
    print(f"page size: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
