"""Precision of every check, measured per half of each development corpus (bench/splits.py).

Each group (an ECB+ subtopic, a NeuS event: one real happening told by several outlets) is
checked on its own, as `accord check` would check that folder. Every warning and error is
listed with the verdict given by hand in bench/precision_verdicts.json ("real: ..." when the
sources do disagree, "false: ..." when accord misread them), and a per-check table gives
the findings, the reviewed ones, the real ones and the precision.

    python bench/precision.py                    # both corpora, both halves -> bench/precision.md
    python bench/precision.py --corpus neus --half tune
    python bench/precision.py --write-precision  # also write checker/data/precision.toml from
                                                 # the validation halves' verdicts

The NLI stage is left out (`--nli` puts it back): it reports at info, and scoring 7,000 leads
would take most of the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.splits import CORPORA, HALVES
from checker.findings import Finding, Severity
from checker.pipeline import build_corpus, run_checks
from checker.registry import CheckSettings, get_check, measurements, registered_checks

HERE = Path(__file__).resolve().parent
VERDICTS = HERE / "precision_verdicts.json"
PRECISION_FILE = HERE.parent / "checker" / "data" / "precision.toml"
SAVED = HERE.parent / "build" / "precision_findings.json"  # the last run's findings, for --rerender


def run(corpus: str, half: str, nli: bool) -> tuple[int, list[tuple[str, Finding]], float]:
    # the NLI check reports at info until measured: measured here at what it declares, so its warnings are seen
    declared = CheckSettings(severity=get_check("nli-contradiction").declared)
    settings = {"nli-contradiction": declared if nli else CheckSettings(enabled=False)}
    started = time.perf_counter()
    groups = CORPORA[corpus](half)
    found = []
    for group, articles in groups:
        found += [(group, f) for f in run_checks(build_corpus(articles), settings)]
    return sum(len(a) for _, a in groups), found, time.perf_counter() - started


def table(found: list[tuple[str, Finding]], verdicts: dict[str, str]) -> dict[str, Counter]:
    """Per check: findings at warning or above, reviewed, real; and info."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for _, f in found:
        c = counts[f.rule]
        if not f.severity.at_least(Severity.WARNING):
            c["info"] += 1
            continue
        c["flagged"] += 1
        c[f.severity.value] += 1
        verdict = verdicts.get(f.id, "")
        if verdict.startswith("bench"):
            c["bench"] += 1  # made by the bench itself (a stand-in date), not by accord: not counted
        elif verdict:
            c["reviewed"] += 1
            c["real"] += verdict.startswith("real")
            c["false errors"] += f.severity is Severity.ERROR and not verdict.startswith("real")
    return counts


def section(corpus, half, n_articles, found, elapsed, verdicts) -> list[str]:
    counts = table(found, verdicts)
    total = sum(counts.values(), Counter())
    flagged = [(g, f) for g, f in found if f.severity.at_least(Severity.WARNING)]
    precision = f"{total['real'] / total['reviewed']:.2f}" if total["reviewed"] else "-"
    lines = [
        f"### {corpus}, {half} half",
        "",
        f"{n_articles} articles, {elapsed:.0f} s. "
        f"errors {total['error']} ({total['error'] / n_articles:.3f} per article), "
        f"warnings {total['warning']} ({total['warning'] / n_articles:.3f} per article), info {total['info']}; "
        f"reviewed {total['reviewed']} of {total['flagged']}, real {total['real']}, precision {precision}, "
        f"false errors {total['false errors']}.",
        "",
        "| check | errors | warnings | reviewed | real | precision | info |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule, c in sorted(counts.items()):
        p = f"{c['real'] / c['reviewed']:.2f}" if c["reviewed"] else "-"
        lines.append(f"| {rule} | {c['error']} | {c['warning']} | {c['reviewed']} | {c['real']} | {p} | {c['info']} |")
    lines += ["", "| group | check | severity | message | evidence | verdict | id |", "|---|---|---|---|---|---|---|"]
    for group, f in flagged:
        quotes = " / ".join(f"{e.article}: “{e.quote}”" for e in f.evidence[:3])
        lines.append(
            f"| {group} | {f.rule} | {f.severity.value} | {_cell(f.message)} | {_cell(quotes)} "
            f"| {_cell(verdicts.get(f.id, ''))} | `{f.id}` |"
        )
    return [*lines, ""]


def write_precision(results: dict, verdicts: dict[str, str], only: list[str] | None = None) -> None:
    """checker/data/precision.toml: each check's reviewed and real findings on the validation halves,
    which the registry turns into its default severity. With `only`, those checks' entries are
    measured on this run's corpora and the others are kept as the file has them."""
    per_check: dict[str, Counter] = defaultdict(Counter)
    unique: dict[str, tuple[str, Finding]] = {}  # one finding counted once, though two corpora of a half hold it
    for (_, half), (_, found, _) in results.items():
        if half == "valid":
            for g, f in found:  # the most severe form of it: undated in one corpus, dated in another
                if f.id not in unique or f.severity.rank > unique[f.id][1].severity.rank:
                    unique[f.id] = (g, f)
    for rule, c in table(list(unique.values()), verdicts).items():
        per_check[rule].update(c)
    corpora = ", ".join(sorted({f"{c} validation half" for c, h in results if h == "valid"}))
    if only:
        kept = measurements()
        per_check = {k: v for k, v in per_check.items() if k in only}
        for spec in registered_checks():
            if spec.id not in only and spec.id in kept:
                per_check[spec.id] = Counter(reviewed=kept[spec.id].reviewed, real=kept[spec.id].real)
        previous = tomllib.loads(PRECISION_FILE.read_text(encoding="utf-8"))["measured_on"]
        corpora = f"{previous}; {', '.join(only)}: {corpora}"
    lines = [
        "# Each check's precision on development data it was not tuned on, reviewed by hand.",
        "# Written by bench/precision.py --write-precision; read by checker/registry.py to set",
        "# default severities (a check under 0.8 reports at info). Do not edit by hand.",
        f'measured_on = "{corpora}"',
        f'date = "{dt.date.today().isoformat()}"',
        f'commit = "{_commit()}"',
        "",
    ]
    for spec in registered_checks():
        c = per_check.get(spec.id, Counter())
        lines += [f"[checks.{spec.id}]", f"reviewed = {c['reviewed']}", f"real = {c['real']}", ""]
    PRECISION_FILE.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {PRECISION_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--half", choices=HALVES, action="append")
    parser.add_argument("--nli", action="store_true", help="run the NLI stage too")
    parser.add_argument("--write-precision", action="store_true")
    parser.add_argument("--check", action="append", help="with --write-precision: update only this check's entry")
    parser.add_argument("--out", default=str(HERE / "precision.md"))
    parser.add_argument(
        "--rerender",
        action="store_true",
        help="re-apply the verdicts to the last run's findings (build/) without checking",
    )
    args = parser.parse_args()
    results = {}
    if args.rerender:
        for key, (n, found, elapsed) in json.loads(SAVED.read_text()).items():
            results[tuple(key.split("/"))] = (n, [(g, Finding.model_validate(f)) for g, f in found], elapsed)
    else:
        for corpus in args.corpus or sorted(CORPORA):
            for half in args.half or HALVES:
                results[(corpus, half)] = run(corpus, half, args.nli)
                print(f"{corpus} {half}: {results[(corpus, half)][0]} articles", file=sys.stderr)
        SAVED.parent.mkdir(exist_ok=True)
        SAVED.write_text(
            json.dumps(
                {
                    f"{c}/{h}": (n, [(g, f.model_dump(mode="json")) for g, f in found], e)
                    for (c, h), (n, found, e) in results.items()
                }
            )
        )
    verdicts = json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}  # read last: reviewed while it ran
    lines = [
        "# Precision per check on the tuning and validation halves",
        "",
        "Generated by `bench/precision.py`; verdicts by hand in `bench/precision_verdicts.json` (real: the",
        "sources do disagree; false: accord misread them; bench: made by the bench's stand-in dates, not",
        "counted). Rules are changed only from the tuning halves.",
        f"Machine: {platform.machine()}, {platform.python_version()}; {dt.date.today()}; commit {_commit()}.",
        "",
    ]
    for (corpus, half), (n, found, elapsed) in results.items():
        lines += section(corpus, half, n, found, elapsed, verdicts)
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    for line in lines:
        if line.startswith("### ") or "articles," in line:
            print(line)
    if args.write_precision:
        write_precision(results, verdicts, args.check)


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return out.stdout.strip() or "unknown"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    main()
