"""The `accord` command.

Exit codes (as Vale, ruff and textlint use them): 0 clean, 1 findings at or above
--fail-on, 2 usage, config, input or model errors. Where the output goes never
changes the exit code.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from checker import __version__
from checker.config import Config, ConfigError, check_settings, load_config
from checker.engine import LOCAL, Engine
from checker.findings import Severity
from checker.output import write_atomic
from checker.pipeline import build_corpus, check_corpus, read_claims
from checker.pipeline import check as run_check
from checker.progress import progress_bar
from checker.reference import SheetError, attach, load_sheets
from checker.render import RenderOptions, claims_format, render
from checker.report import Report
from claims.ontology import OntologyError, load_ontology
from claims.read import InputError, read_corpus
from models.errors import ModelError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="accord",
    help="Find contradictions between news articles: titles, dates, meetings, numbers.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    html = "html"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


# Arguments and options shared by the commands that read a corpus.
PathsArgument = Annotated[list[Path], typer.Argument(help="Article files or directories (searched recursively).")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically) instead of stdout.")
]
FailOnOption = Annotated[
    FailOn | None,
    typer.Option(help="Exit 1 when a finding is at or above this severity [default: config's, else error]."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (default: accord.toml or [tool.accord] found upward from here)."),
]
BaselineOption = Annotated[
    Path | None, typer.Option("--baseline", help="Baseline file of accepted findings (default: config's).")
]
HtmlOption = Annotated[
    Path | None, typer.Option("--html", help="Also write the HTML review page to FILE (atomically).")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]
SkipBadOption = Annotated[
    bool, typer.Option("--skip-bad", help="Report bad files (and JSONL lines) on stderr and go on without them.")
]


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings are at or above --fail-on.")
]
RolesOption = Annotated[
    list[Path] | None, typer.Option("--roles", help="A roles file (format of claims/data/roles.toml) to add.")
]
PlacesOption = Annotated[
    list[Path] | None, typer.Option("--places", help="A places file (format of claims/data/places.toml) to add.")
]
FactsOption = Annotated[
    list[Path] | None,
    typer.Option("--facts", help="A reference facts sheet (TOML or CSV, docs/facts.md) to check against; repeatable."),
]


def fail(message: str) -> typer.Exit:
    """Print one error line on stderr; the caller raises the returned Exit(2)."""
    print(f"accord: error: {message}", file=sys.stderr)
    return typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        print(f"accord {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """accord: a fact-consistency checker across news sources."""


DbOption = Annotated[
    Path | None,
    typer.Option("--db", "--index", help="An index built by `accord index` (SQLite) to read the corpus from."),
]


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Article files or directories (searched recursively).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    roles: RolesOption = None,
    places: PlacesOption = None,
    facts: FactsOption = None,
    config_path: ConfigOption = None,
    baseline: BaselineOption = None,
    quiet: QuietOption = False,
    skip_bad: SkipBadOption = False,
    html: HtmlOption = None,
    engine: Annotated[
        EngineName,
        typer.Option("--engine", help="Where extraction and NLI run: this process, or Ray (extra accord[ray])."),
    ] = EngineName.local,
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="A Ray cluster to run on (default: a local Ray instance).")
    ] = None,
) -> None:
    """Report the contradictions in a corpus of articles (files, or an index with --db)."""
    config = _config(config_path)
    if not paths and db is None:
        raise fail("give article files or directories, or an index with --db")
    if ray_address is not None and engine is not EngineName.ray:
        raise fail("--ray-address needs --engine ray")
    sheet = _sheet(config, facts, roles, places)
    articles = _read(paths, skip_bad) if paths else []
    report = _run(articles, config, roles, places, quiet, db, engine=_engine(engine, ray_address), sheet=sheet)
    report = _with_baseline(report, baseline or config.baseline)
    _finish(report, fmt, output, _fail_on(fail_on, config), exit_zero, html)


@app.command("gate")
def gate_command(
    drafts: Annotated[list[Path], typer.Argument(help="The draft article(s) to check before publication.")],
    corpus: Annotated[
        list[Path] | None, typer.Option("--corpus", help="Published articles to check the drafts against.")
    ] = None,
    index: Annotated[
        Path | None, typer.Option("--index", "--db", help="An index of the published corpus (`accord index`).")
    ] = None,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    roles: RolesOption = None,
    places: PlacesOption = None,
    facts: FactsOption = None,
    config_path: ConfigOption = None,
    baseline: BaselineOption = None,
    quiet: QuietOption = False,
    skip_bad: SkipBadOption = False,
    html: HtmlOption = None,
) -> None:
    """Check drafts against a corpus, a facts sheet, or both; report only the findings that involve a draft."""
    config = _config(config_path)
    sheet = _sheet(config, facts, roles, places)
    if not corpus and index is None and sheet is None:
        raise fail("give the published corpus with --corpus PATH or --index FILE, or a facts sheet with --facts FILE")
    draft_articles = _read(drafts)  # a bad draft is never skipped: the gate would pass it unread
    draft_ids = {a.id for a in draft_articles}
    draft_paths = {d.path for d in draft_articles}
    published = _read(corpus, skip_bad) if corpus else []
    corpus_articles = [a for a in published if a.id not in draft_ids and a.path not in draft_paths]
    report = _run(
        [*draft_articles, *corpus_articles], config, roles, places, quiet, index, focus=draft_ids, sheet=sheet
    )
    # Only entries about a draft can be stale: the gate does not look among the other articles.
    report = _with_baseline(report, baseline or config.baseline, scope=draft_ids)
    involved = tuple(f for f in report.findings if draft_ids & set(f.articles))
    report = report.model_copy(update={"findings": involved})
    _finish(report, fmt, output, _fail_on(fail_on, config), exit_zero, html)


@app.command("baseline")
def baseline_command(
    paths: PathsArgument,
    write: Annotated[Path, typer.Option("--write", help="The baseline file to write (atomically).")],
    reason: Annotated[str, typer.Option("--reason", help="Why these findings are accepted.")] = "",
    roles: RolesOption = None,
    places: PlacesOption = None,
    facts: FactsOption = None,
    config_path: ConfigOption = None,
    quiet: QuietOption = False,
    skip_bad: SkipBadOption = False,
) -> None:
    """Accept the corpus's current findings: write their fingerprints to a baseline file.

    Reasons already in an existing file are kept for the findings that still match.
    """
    from checker.baseline import BaselineError, baseline_of, read_baseline, write_baseline

    config = _config(config_path)
    sheet = _sheet(config, facts, roles, places)
    report = _run(_read(paths, skip_bad), config, roles, places, quiet, sheet=sheet)
    try:
        previous = read_baseline(write) if write.exists() else None
        baseline = baseline_of(report.findings, previous, reason)
        write_baseline(write, baseline)
    except BaselineError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{write}: cannot write baseline ({exc.strerror or exc})") from None
    print(f"accord: {len(baseline.accepted)} findings accepted in {write}", file=sys.stderr)


def _config(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def _engine(name: EngineName, address: str | None) -> Engine:
    if name is EngineName.local:
        return LOCAL
    from checker.ray_engine import RayEngine, RayUnavailable

    try:
        return RayEngine(address)
    except RayUnavailable as exc:
        raise fail(str(exc)) from None
    except (ConnectionError, RuntimeError, ValueError) as exc:  # no cluster at that address
        raise fail(f"--ray-address {address}: {str(exc).splitlines()[0]}") from None


def _run(
    articles,
    config: Config,
    roles,
    places,
    quiet: bool,
    index: Path | None = None,
    focus: set[str] | None = None,
    engine: Engine = LOCAL,
    sheet=None,
) -> Report:
    """The pipeline with config's checks and ontology files, and progress on a terminal.

    With an index, the corpus comes from it and only `articles` (drafts, extra files) are extracted now.
    """
    ontology_files = _ontology_files(config, roles, places)
    ontology = _ontology(ontology_files)
    show = not quiet and sys.stderr.isatty() and len(articles) > 1
    with progress_bar(show) as progress:
        try:
            if index is not None:
                from checker.index import IndexFileError, corpus_from_index, office_window

                try:
                    key = _index_key(ontology_files)
                    window = office_window(check_settings(config))
                    corpus = corpus_from_index(index, articles, ontology, key, focus, office_days=window)
                except IndexFileError as exc:
                    raise fail(str(exc)) from None
                return check_corpus(attach(replace(corpus, engine=engine), sheet), check_settings(config))
            if sheet is not None:  # the checks read the sheet from the corpus, so build it here
                corpus = build_corpus(articles, ontology, progress, engine)
                corpus = replace(corpus, focus=frozenset(focus)) if focus is not None else corpus
                return check_corpus(attach(corpus, sheet), check_settings(config))
            return run_check(
                articles,
                settings=check_settings(config),
                ontology=ontology,
                progress=progress,
                focus=focus,
                engine=engine,
            )
        except ValidationError as exc:  # a check's options from config that its model refuses
            raise fail(f"{config.source}: {exc.errors()[0]['msg']}") from None
        except ModelError as exc:
            raise fail(str(exc)) from None


@app.command("facts")
def facts_command(
    paths: PathsArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="The draft facts sheet to write (TOML, atomically).")],
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, help="Articles an office needs to be an entry, not a comment.")
    ] = 2,
    roles: RolesOption = None,
    places: PlacesOption = None,
    config_path: ConfigOption = None,
    quiet: QuietOption = False,
    skip_bad: SkipBadOption = False,
) -> None:
    """Draft a facts sheet from a corpus: offices several articles support, deaths, disputes commented out."""
    from checker.sheet_draft import draft_sheet

    config = _config(config_path)
    articles = _read(paths, skip_bad)
    ontology = _ontology(_ontology_files(config, roles, places))
    with progress_bar(not quiet and sys.stderr.isatty() and len(articles) > 1) as progress:
        corpus = build_corpus(articles, ontology, progress)
    text = draft_sheet(corpus, min_sources=min_sources)
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise fail(f"{out}: cannot write facts sheet ({exc.strerror or exc})") from None
    entries = sum(1 for line in text.splitlines() if line.startswith("[["))
    commented = sum(1 for line in text.splitlines() if line.startswith("# [["))
    print(f"accord: {out}: {entries} entries, {commented} commented out for review", file=sys.stderr)


@app.command("index")
def index_command(
    paths: PathsArgument,
    db: Annotated[Path, typer.Option("--db", help="The index file (SQLite) to create or bring up to date.")],
    roles: RolesOption = None,
    places: PlacesOption = None,
    config_path: ConfigOption = None,
    quiet: QuietOption = False,
    skip_bad: SkipBadOption = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per transaction (what an interruption can lose).")
    ] = 32,
) -> None:
    """Index a corpus: extract what is new or changed since the last run, drop what is gone."""
    from checker.index import IndexFileError, build_index

    config = _config(config_path)
    articles = _read(paths, skip_bad)
    ontology_files = _ontology_files(config, roles, places)
    ontology = _ontology(ontology_files)
    with progress_bar(not quiet and sys.stderr.isatty()) as progress:
        try:
            key = _index_key(ontology_files)
            stats = build_index(db, articles, ontology, key, progress, batch_size)
        except IndexFileError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(f"{db}: cannot write index ({exc.strerror or exc})") from None
    print(
        f"accord: {db}: {stats.added} added, {stats.updated} updated, {stats.unchanged} unchanged, "
        f"{stats.removed} removed",
        file=sys.stderr,
    )


def _with_baseline(report: Report, path: Path | None, scope: set[str] | None = None) -> Report:
    if path is None:
        return report
    from checker.baseline import BaselineError, apply_baseline, read_baseline

    try:
        return apply_baseline(report, read_baseline(path), scope)
    except BaselineError as exc:
        raise fail(str(exc)) from None


def _finish(
    report, fmt: Format, output: Path | None, fail_on: FailOn, exit_zero: bool, html: Path | None = None
) -> None:
    """Render, write, and exit: 1 when a finding is at or above --fail-on, whatever the output."""
    color = output is None and fmt is Format.text and sys.stdout.isatty()
    _emit(render(report, fmt.value, RenderOptions(color=color)), output)
    if html is not None:
        _emit(render(report, "html"), html)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    if report.fails(threshold) and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("serve")
def serve_command(
    index: Annotated[Path, typer.Option("--index", "--db", help="The index to serve (created empty if missing).")],
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8765,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes for gates and writes [default: min(2, cores)].")
    ] = None,
    queue: Annotated[int, typer.Option(min=1, help="Requests queued or running before answering 503.")] = 32,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a gate or a write may take (then 504).")] = 30.0,
    report_timeout: Annotated[float, typer.Option(min=0.1, help="Seconds the whole-index report may take.")] = 600.0,
    token_file: Annotated[
        Path | None, typer.Option("--token-file", help="The bearer token for writes (default: $ACCORD_TOKEN).")
    ] = None,
    auth_all: Annotated[bool, typer.Option("--auth-all", help="Require the token for reads too.")] = False,
    roles: RolesOption = None,
    places: PlacesOption = None,
    config_path: ConfigOption = None,
) -> None:
    """Serve the gate over HTTP (JSON API, /v1/docs): gate drafts, add and remove published articles."""
    from checker.index import IndexFileError
    from checker.serve import ServeOptions, read_token, serve
    from checker.service import ServiceConfig, open_index

    config = _config(config_path)
    setup = ServiceConfig(index=index, config=config, roles=tuple(roles or ()), places=tuple(places or ()))
    _ontology(_ontology_files(config, roles, places))  # a bad ontology file stops here, not in every worker
    try:
        token = read_token(token_file)
        count = open_index(setup)
    except IndexFileError as exc:
        raise fail(str(exc)) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{token_file or index}: cannot read ({exc.strerror or exc})") from None
    if token is None:
        print("accord: no token (--token-file, ACCORD_TOKEN): the endpoints that write are disabled", file=sys.stderr)
    print(f"accord: serving {index} ({count} articles) on http://{host}:{port}/v1/", file=sys.stderr)
    options = ServeOptions(host=host, port=port, queue=queue, timeout=timeout, report_timeout=report_timeout)
    options = replace(options, token=token, auth_all=auth_all, workers=workers or options.workers)
    serve(setup, options)


@app.command("claims")
def claims_command(
    paths: PathsArgument,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    statements: Annotated[bool, typer.Option("--statements", help="List every sentence too (text format).")] = False,
    roles: RolesOption = None,
    places: PlacesOption = None,
) -> None:
    """Show what accord reads: people (with aliases and why they were merged) and each article's claims."""
    config = _config(None)
    articles = _read(paths)
    report = read_claims(articles, _ontology(_ontology_files(config, roles, places)))
    if fmt is not Format.text:
        text = claims_format.render_json(report)
    else:
        color = output is None and sys.stdout.isatty()
        text = claims_format.render_text(report, color=color, statements=statements)
    _emit(text, output)


@app.command("render")
def render_command(
    report_path: Annotated[Path, typer.Argument(metavar="REPORT", help="A JSON report (check or gate --format json).")],
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
) -> None:
    """Render a saved JSON report in another format, without checking again."""
    try:
        report = Report.model_validate_json(report_path.read_bytes())
    except OSError as exc:
        raise fail(f"{report_path}: cannot read ({exc.strerror or exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise fail(
            f"{report_path}: not an accord JSON report ({first['msg']}{' at ' + where if where else ''})"
        ) from None
    color = output is None and fmt is Format.text and sys.stdout.isatty()
    _emit(render(report, fmt.value, RenderOptions(color=color)), output)


@app.command("checks")
def checks_command(
    markdown: Annotated[bool, typer.Option("--markdown", help="One line per check, as a Markdown table.")] = False,
) -> None:
    """List every check: id, default severity, its measured precision, the claims it reads, its options."""
    from checker.registry import registered_checks

    if markdown:
        print("| check | default | measured on held-aside data | finds |\n|---|---|---|---|")
        for spec in registered_checks():
            print(f"| `{spec.id}` | {spec.severity.value} | {spec.measured} | {spec.doc} |")
        return
    for spec in registered_checks():
        needs = ", ".join(sorted(k.value for k in spec.needs))
        options = ", ".join(f"{name}={field.default}" for name, field in spec.options.model_fields.items())
        print(f"{spec.id:<24} {spec.severity.value:<8} {spec.doc}")
        earned = "" if spec.severity is spec.declared else f", so {spec.severity.value} by default"
        print(f"{'':<24} {spec.measured}{earned}")
        print(f"{'':<24} reads: {needs}" + (f"; options: {options}" if options else ""))


def _read(paths: list[Path], skip_bad: bool = False):
    """The articles under `paths`; a bad file stops the run (exit 2) unless `skip_bad`, which reports and skips it."""

    def report_skip(error: InputError) -> None:
        print(f"accord: skipped {error}", file=sys.stderr)

    try:
        articles = read_corpus(paths, on_bad=report_skip if skip_bad else None)
    except InputError as exc:
        raise fail(str(exc)) from None
    if not articles:
        raise fail(f"{', '.join(map(str, paths))}: no articles to read (.txt, .md, .html, .jsonl)")
    return articles


def _sheet(config: Config, facts, roles, places):
    """The facts sheets of config and of the command line as one sheet (None: none given); a bad one exits 2."""
    paths = [*config.facts, *(facts or ())]
    if not paths:
        return None
    try:
        return load_sheets(paths, _ontology(_ontology_files(config, roles, places)))
    except SheetError as exc:
        raise fail(str(exc)) from None
    except OntologyError as exc:
        raise fail(str(exc)) from None


def _ontology_files(config: Config, roles, places) -> tuple[list[Path], list[Path]]:
    """Roles and places files: config's first, then the command line's."""
    return [*config.roles, *(roles or ())], [*config.places, *(places or ())]


def _fail_on(fail_on: FailOn | None, config: Config) -> FailOn:
    """The command line's --fail-on, else config's, else "error"."""
    return fail_on or FailOn(config.fail_on or "error")


def _index_key(files: tuple[list[Path], list[Path]]) -> str:
    """The extractor key of claims extracted with these ontology files (an index keeps it)."""
    from checker.index import extractor_key

    return extractor_key([*files[0], *files[1]])


def _ontology(files: tuple[list[Path], list[Path]]):
    roles, places = files
    if not roles and not places:
        return None
    try:
        return load_ontology(roles, places)
    except OntologyError as exc:
        raise fail(str(exc)) from None


def _emit(text: str, output: Path | None) -> None:
    """Write to stdout, or atomically to `output`."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise fail(f"{output}: cannot write report ({exc.strerror or exc})") from None


def run() -> None:
    """Console-script entry point."""
    app()
