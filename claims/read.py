"""Reading a corpus: files and directories in, Articles out.

Formats: .txt, .md, .html/.htm (text extracted with a real HTML parser, scripts and
styles dropped) and .jsonl (one article a line). Anything wrong with an input file
raises InputError naming the file (and line), which the CLI prints as one line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from claims import html
from claims.dates import find_publication_date, parse_iso_date
from claims.types import Article, DateSource


class InputError(Exception):
    """A problem with one input file; str() is the one line the user sees."""

    def __init__(self, path: str | os.PathLike[str], problem: str, line: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Magic numbers of formats people drop into a corpus folder by mistake.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a zip archive (or docx/xlsx)",
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}


# Limits that bound time and memory: spaCy's parser needs memory in proportion to a
# document, and no news article comes near 500,000 characters (about 80,000 words).
MAX_ARTICLE_CHARS = 500_000
MAX_FILE_BYTES = 4 * MAX_ARTICLE_CHARS  # a single-article file (txt, md, html); JSONL files may be any size

OnBadInput = Callable[[InputError], None]


def read_corpus(paths: Iterable[str | os.PathLike[str]], on_bad: OnBadInput | None = None) -> list[Article]:
    """Every article under `paths` (files, or directories searched recursively).

    A bad file (or JSONL line) raises InputError; with `on_bad`, it is passed there and
    skipped instead, and reading goes on (`--skip-bad`).
    """
    files: list[tuple[Path, Path]] = []  # (file, the root it was found under)
    for given in paths:
        root = Path(given)
        if not root.exists():
            raise InputError(root, "no such file or directory")
        if root.is_dir():
            files.extend((f, root) for f in iter_corpus_files(root))
        else:
            if root.suffix.lower() not in SUPPORTED_SUFFIXES:
                expected = ", ".join(sorted(SUPPORTED_SUFFIXES))
                raise InputError(root, f"unsupported file type '{root.suffix or '(none)'}'; expected one of {expected}")
            files.append((root, root.parent))
    files = _unique_files(files)
    ids = _file_ids(files)
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for (path, _), file_id in zip(files, ids, strict=True):
        try:
            found = read_file(path, file_id, on_bad)
        except InputError as error:
            if on_bad is None:
                raise
            on_bad(error)
            continue
        for line_no, article in found:
            if article.id in seen:
                error = InputError(path, f"duplicate article id '{article.id}' (also in {seen[article.id]})", line_no)
                if on_bad is None:
                    raise error
                on_bad(error)
                continue
            seen[article.id] = str(path)
            articles.append(article)
    return articles


def iter_corpus_files(root: Path) -> Iterator[Path]:
    """Supported files under `root`, sorted, hidden entries skipped, symlink loops cut."""
    visited: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[Path]:
        try:
            st = directory.stat()
        except OSError as exc:
            raise InputError(directory, f"cannot read directory ({exc.strerror})") from None
        if (st.st_dev, st.st_ino) in visited:
            return  # a symlink back into a directory already walked
        visited.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            raise InputError(directory, f"cannot read directory ({exc.strerror})") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from walk(entry)
            elif entry.suffix.lower() in SUPPORTED_SUFFIXES and entry.is_file():
                yield entry

    yield from walk(root)


def _unique_files(files: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    seen: set[str] = set()
    unique = []
    for path, root in files:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append((path, root))
    return unique


def _file_ids(files: list[tuple[Path, Path]]) -> list[str]:
    """File stems, or paths relative to their root where two files share a stem."""
    stems = [path.stem for path, _ in files]
    clashing = {s for s in stems if stems.count(s) > 1}
    ids = []
    for (path, root), stem in zip(files, stems, strict=True):
        if stem in clashing:
            rel = path.relative_to(root) if path.is_relative_to(root) else path
            ids.append(rel.with_suffix("").as_posix())
        else:
            ids.append(stem)
    return ids


def read_file(
    path: Path, article_id: str | None = None, on_bad: OnBadInput | None = None
) -> list[tuple[int | None, Article]]:
    """The articles in one file, each with the line it starts on (JSONL) or None."""
    suffix = path.suffix.lower()
    if suffix not in JSONL_SUFFIXES:
        _check_size(path)
    text = decode(path, _read_bytes(path))
    article_id = article_id or path.stem
    if suffix in JSONL_SUFFIXES:
        return list(parse_jsonl(path, text, on_bad))
    if suffix in HTML_SUFFIXES:
        return [(None, parse_html(path, text, article_id))]
    return [(None, parse_plain(path, text, article_id, markdown=suffix in MARKDOWN_SUFFIXES))]


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it will say what is wrong
    if size > MAX_FILE_BYTES:
        raise InputError(
            path,
            f"file is {size / 1e6:.1f} MB; accord reads single-article files of up to {MAX_FILE_BYTES / 1e6:.0f} MB",
        )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None


def decode(path: Path, data: bytes) -> str:
    """Text of a file: UTF-8 (a BOM is dropped) or UTF-16 with a BOM; line endings to \\n."""
    if not data:
        raise InputError(path, "file is empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"binary file ({what}), not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "not valid UTF-16 despite its byte-order mark") from None
    elif (encoding := _bomless_utf16(data)) is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise InputError(path, "binary file (contains NUL bytes), not text") from None
    else:
        if b"\x00" in data:
            raise InputError(path, "binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8",
            ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "file has no text (only whitespace)")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, as some Windows exports write it: mostly-ASCII text has a
    NUL in every other byte. The encoding name when the head of the file looks so, else None."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def parse_plain(path: Path, text: str, article_id: str, *, markdown: bool = False) -> Article:
    """A .txt or .md article: the date from its head, its title from its first line."""
    meta: dict[str, str] = {}
    if markdown:
        meta, text = split_front_matter(text)
        if not text.strip():
            raise InputError(path, "file has no text besides its front matter")
    return _article(
        path,
        article_id,
        text,
        _metadata_date(path, meta.get("date") or meta.get("published")),
        title=meta.get("title") or guess_title(text, markdown=markdown),
        source=meta.get("source"),
        url=meta.get("url"),
    )


_FRONT_MATTER_RE = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style `key: value` front matter of a Markdown file, and the text after it.

    The text keeps as many leading newlines as the front matter had lines, so that
    line numbers in reports still match the file.
    """
    m = _FRONT_MATTER_RE.match(text)
    if m is None:
        return {}, text
    meta = {}
    for line in m["body"].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, "\n" * m.group(0).count("\n") + text[m.end() :]


def _metadata_date(path: Path, value: str | None) -> dt.date | None:
    if not value:
        return None
    date = parse_iso_date(value)
    if date is None:
        raise InputError(path, f"publication date {value!r} is not a valid YYYY-MM-DD date")
    return date


def _article(
    path: Path, article_id: str, text: str, metadata_date: dt.date | None, line: int | None = None, **info: str | None
) -> Article:
    """An Article dated by its metadata when it has a date, else by the date stated in its head (or undated)."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            path, f"article is {len(text):,} characters; accord reads articles of up to {MAX_ARTICLE_CHARS:,}", line
        )
    published, source = metadata_date, DateSource.METADATA if metadata_date else None
    if metadata_date is None and (found := find_publication_date(text)) is not None:
        published, source = found.date, found.source
    return Article(id=article_id, text=text, published=published, published_source=source, path=str(path), **info)


MAX_TITLE = 200


def guess_title(text: str, *, markdown: bool = False) -> str | None:
    """The first line, when it reads like a headline rather than the start of the body."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    if markdown and first.startswith("#"):
        return first.lstrip("#").strip() or None
    if len(first) > MAX_TITLE or first.endswith((".", ":", ";", ",")) or len(first.split()) < 3:
        return None
    if find_publication_date(first + "\n") is not None:
        return None
    return first


def parse_html(path: Path, text: str, article_id: str) -> Article:
    page = html.extract(text)
    if not page.text.strip():
        raise InputError(path, "HTML has no visible text")
    from_meta = parse_iso_date(page.published) if page.published else None  # a bad <meta> is ignored, not fatal
    return _article(path, article_id, page.text, from_meta, title=page.title, source=page.source, url=page.url)


class JsonlRecord(BaseModel):
    """One line of a .jsonl corpus. Extra keys are kept by the CMS, ignored here."""

    model_config = ConfigDict(extra="ignore", strict=True)

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None

    @field_validator("id", "text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


def parse_jsonl(path: Path, text: str, on_bad: OnBadInput | None = None) -> Iterator[tuple[int, Article]]:
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield line_no, _jsonl_article(path, line_no, line)
        except InputError as error:
            if on_bad is None:
                raise
            on_bad(error)


def _jsonl_article(path: Path, line_no: int, line: str) -> Article:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON ({exc.msg} at column {exc.colno})", line_no) from None
    except RecursionError:
        raise InputError(path, "malformed JSON (nested too deeply)", line_no) from None
    if not isinstance(raw, dict):
        raise InputError(path, f"expected a JSON object, got {type(raw).__name__}", line_no)
    try:
        record = JsonlRecord.model_validate(raw)
    except ValidationError as exc:
        raise InputError(path, _describe_validation(exc), line_no) from None
    return _article_from_record(path, line_no, record)


def _describe_validation(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "record"
    if err["type"] == "missing":
        return f"missing required field '{field}'"
    return f"field '{field}': {err['msg'].lower()}"


def _article_from_record(path: Path, line_no: int, record: JsonlRecord) -> Article:
    text = record.text.replace("\r\n", "\n").replace("\r", "\n")
    from_meta = None
    if record.published:
        from_meta = parse_iso_date(record.published)
        if from_meta is None:
            raise InputError(path, f"field 'published': {record.published!r} is not a valid YYYY-MM-DD date", line_no)
    return _article(path, record.id, text, from_meta, line_no, title=record.title, source=record.source, url=record.url)
