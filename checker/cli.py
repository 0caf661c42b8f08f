"""The `accord` command.

Exit codes (as Vale, ruff and textlint use them): 0 clean, 1 findings at or above
--fail-on, 2 usage, config, input or model errors. Where the output goes never
changes the exit code.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from checker import __version__
from checker.findings import Severity
from checker.output import write_atomic
from checker.pipeline import check as run_check
from checker.pipeline import read_claims
from checker.render import RenderOptions, claims_format, render
from claims.ontology import OntologyError, load_ontology
from claims.read import InputError, read_corpus

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
FailOnOption = Annotated[FailOn, typer.Option(help="Exit 1 when a finding is at or above this severity.")]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings are at or above --fail-on.")
]
RolesOption = Annotated[
    list[Path] | None, typer.Option("--roles", help="A roles file (format of claims/data/roles.toml) to add.")
]
PlacesOption = Annotated[
    list[Path] | None, typer.Option("--places", help="A places file (format of claims/data/places.toml) to add.")
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


@app.command("check")
def check_command(
    paths: PathsArgument,
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    fail_on: FailOnOption = FailOn.error,
    exit_zero: ExitZeroOption = False,
    roles: RolesOption = None,
    places: PlacesOption = None,
) -> None:
    """Report the contradictions in a corpus of articles."""
    articles = _read(paths)
    report = run_check(articles, ontology=_ontology(roles, places))
    _finish(report, fmt, output, fail_on, exit_zero)


@app.command("gate")
def gate_command(
    drafts: Annotated[list[Path], typer.Argument(help="The draft article(s) to check before publication.")],
    corpus: Annotated[list[Path], typer.Option("--corpus", help="Published articles to check the drafts against.")],
    fmt: FormatOption = Format.text,
    output: OutputOption = None,
    fail_on: FailOnOption = FailOn.error,
    exit_zero: ExitZeroOption = False,
    roles: RolesOption = None,
    places: PlacesOption = None,
) -> None:
    """Check drafts against a corpus; report only the findings that involve a draft."""
    draft_articles = _read(drafts)
    draft_ids = {a.id for a in draft_articles}
    draft_paths = {d.path for d in draft_articles}
    corpus_articles = [a for a in _read(corpus) if a.id not in draft_ids and a.path not in draft_paths]
    report = run_check([*draft_articles, *corpus_articles], ontology=_ontology(roles, places))
    involved = tuple(f for f in report.findings if draft_ids & set(f.articles))
    _finish(report.model_copy(update={"findings": involved}), fmt, output, fail_on, exit_zero)


def _finish(report, fmt: Format, output: Path | None, fail_on: FailOn, exit_zero: bool) -> None:
    """Render, write, and exit: 1 when a finding is at or above --fail-on, whatever the output."""
    color = output is None and fmt is Format.text and sys.stdout.isatty()
    _emit(render(report, fmt.value, RenderOptions(color=color)), output)
    threshold = None if fail_on is FailOn.never else Severity(fail_on.value)
    if report.fails(threshold) and not exit_zero:
        raise typer.Exit(EXIT_FINDINGS)


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
    articles = _read(paths)
    report = read_claims(articles, _ontology(roles, places))
    if fmt is not Format.text:
        text = claims_format.render_json(report)
    else:
        color = output is None and sys.stdout.isatty()
        text = claims_format.render_text(report, color=color, statements=statements)
    _emit(text, output)


@app.command("checks")
def checks_command() -> None:
    """List every check: id, default severity, the claims it reads, its options, what it finds."""
    from checker.registry import registered_checks

    for spec in registered_checks():
        needs = ", ".join(sorted(k.value for k in spec.needs))
        options = ", ".join(f"{name}={field.default}" for name, field in spec.options.model_fields.items())
        print(f"{spec.id:<24} {spec.severity.value:<8} {spec.doc}")
        print(f"{'':<24} reads: {needs}" + (f"; options: {options}" if options else ""))


def _read(paths: list[Path]):
    try:
        return read_corpus(paths)
    except InputError as exc:
        raise fail(str(exc)) from None


def _ontology(roles: list[Path] | None, places: list[Path] | None):
    if not roles and not places:
        return None
    try:
        return load_ontology(roles or (), places or ())
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
