"""Reading every format, the date sources, ids, and each input error."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from claims.read import InputError, decode, read_corpus
from claims.types import DateSource


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_seed_dates(seeds_dir, expected):
    articles = read_corpus([seeds_dir])
    assert {a.id: (str(a.published) if a.published else None) for a in articles} == expected["published"]


def test_txt(tmp_path):
    write(tmp_path / "story.txt", "Minister Resigns Over Scandal\nLondon, March 3, 2024 — The minister resigned.\n")
    (article,) = read_corpus([tmp_path / "story.txt"])
    assert article.id == "story"
    assert article.title == "Minister Resigns Over Scandal"
    assert (article.published, article.published_source) == (dt.date(2024, 3, 3), DateSource.DATELINE)
    assert article.path == str(tmp_path / "story.txt")


def test_markdown_front_matter_keeps_line_numbers(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: The Title\ndate: 2025-01-02\nsource: Wire\n---\n# Heading\n\nBody text.\n")
    (article,) = read_corpus([tmp_path / "a.md"])
    assert (article.title, article.source) == ("The Title", "Wire")
    assert (article.published, article.published_source) == (dt.date(2025, 1, 2), DateSource.METADATA)
    assert article.text.split("\n")[5] == "# Heading"  # line 6 of the file, as in the file


def test_markdown_heading_is_title(tmp_path):
    write(tmp_path / "b.md", "# Talks in Tehran\n\nThe ministers met.\n")
    assert read_corpus([tmp_path / "b.md"])[0].title == "Talks in Tehran"


def test_html(tmp_path):
    write(
        tmp_path / "page.html",
        '<html><head><title>Page</title><meta name="date" content="2025-02-04"></head>'
        "<body><p>First paragraph.</p><script>evil()</script><p>Second.</p></body></html>",
    )
    (article,) = read_corpus([tmp_path / "page.html"])
    assert article.text == "First paragraph.\n\nSecond."
    assert (article.title, article.published, article.published_source) == ("Page", dt.date(2025, 2, 4), "metadata")


def test_html_dateline_in_body(tmp_path):
    write(tmp_path / "p.htm", "<body><p>Islamabad, May 8, 2025 — Talks were held.</p></body>")
    (article,) = read_corpus([tmp_path / "p.htm"])
    assert (article.published, article.published_source) == (dt.date(2025, 5, 8), DateSource.DATELINE)


def test_jsonl(tmp_path):
    rows = [
        {
            "id": "a1",
            "text": "Body one.",
            "title": "One",
            "url": "https://x.org/1",
            "source": "X",
            "published": "2025-05-08",
        },
        {"id": "a2", "text": "Tue Nov 25 2025\nBody two.", "extra": {"kept": "by the CMS"}},
        {"id": "a3", "text": "Body three."},
    ]
    write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    a1, a2, a3 = read_corpus([tmp_path / "feed.jsonl"])
    assert (a1.id, a1.title, a1.url, a1.source, a1.published) == (
        "a1",
        "One",
        "https://x.org/1",
        "X",
        dt.date(2025, 5, 8),
    )
    assert a1.published_source is DateSource.METADATA
    assert (a2.published, a2.published_source) == (dt.date(2025, 11, 25), DateSource.DATE_LINE)
    assert a3.published is None and a3.published_source is None


def test_directory_recursive_sorted_hidden_and_other_files_skipped(tmp_path):
    write(tmp_path / "b.txt", "Second article body.")
    write(tmp_path / "sub" / "a.txt", "First article body.")
    write(tmp_path / ".hidden" / "c.txt", "Hidden.")
    write(tmp_path / "notes.json", "{}")
    write(tmp_path / "image.png", b"\x89PNG\r\n")
    assert [a.id for a in read_corpus([tmp_path])] == ["b", "a"]


def test_clashing_stems_get_relative_ids(tmp_path):
    write(tmp_path / "x" / "story.txt", "One.")
    write(tmp_path / "y" / "story.txt", "Two.")
    assert sorted(a.id for a in read_corpus([tmp_path])) == ["x/story", "y/story"]


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path / "s.txt", "Text.")
    assert len(read_corpus([path, tmp_path])) == 1


def test_symlink_loop_terminates(tmp_path):
    write(tmp_path / "d" / "a.txt", "Text.")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert [a.id for a in read_corpus([tmp_path])] == ["a"]


def test_crlf_and_utf8_bom_and_utf16(tmp_path):
    write(tmp_path / "crlf.txt", b"\xef\xbb\xbfTitle Line Here\r\nBody.\rMore.\r\n")
    write(tmp_path / "u16.txt", "date 2025-02-04 Body in UTF-16.".encode("utf-16"))
    crlf, u16 = sorted(read_corpus([tmp_path]), key=lambda a: a.id)
    assert crlf.text == "Title Line Here\nBody.\nMore.\n"
    assert u16.published == dt.date(2025, 2, 4)


# --- input errors: one line naming the file (and line) -------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n", "file has no text (only whitespace)"),
        ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (a PNG image), not text"),
        ("nul.txt", b"abc\x00def", "binary file (contains NUL bytes), not text"),
        ("latin1.txt", "café".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3); convert the file to UTF-8"),
        ("x.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("bad.html", b"<html><script>only()</script></html>", "HTML has no visible text"),
        (
            "fm.md",
            b"---\ndate: 2025-02-30\n---\nBody.\n",
            "publication date '2025-02-30' is not a valid YYYY-MM-DD date",
        ),
    ],
)
def test_file_errors(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as err:
        read_corpus([path])
    assert str(err.value).startswith(f"{path}: {message}")


@pytest.mark.parametrize(
    ("lines", "line_no", "message"),
    [
        (['{"id": "a", "text": "ok"}', '{"id": "b", "text": '], 2, "malformed JSON"),
        (["[1, 2]"], 1, "expected a JSON object, got list"),
        (['{"id": "a"}'], 1, "missing required field 'text'"),
        (['{"id": "a", "text": 42}'], 1, "field 'text': input should be a valid string"),
        (['{"id": 7, "text": "x"}'], 1, "field 'id': input should be a valid string"),
        (['{"id": "a", "text": "   "}'], 1, "field 'text': value error, must not be empty"),
        (['{"id": "a", "text": "x", "published": "2025-02-30"}'], 1, "field 'published': '2025-02-30' is not a valid"),
        (['{"id": "a", "text": "x"}', '{"id": "a", "text": "y"}'], 2, "duplicate article id 'a'"),
    ],
)
def test_jsonl_errors_name_the_line(tmp_path, lines, line_no, message):
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        read_corpus([path])
    assert str(err.value).startswith(f"{path}:{line_no}: {message}")
    assert "\n" not in str(err.value)


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        read_corpus([tmp_path / "nope.txt"])


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "secret.txt", "Text.")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: simulate the denial
        real = Path.read_bytes

        def denied(self):
            if self == path:
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match=r"secret\.txt: permission denied"):
        read_corpus([path])


def test_decode_rejects_broken_utf16(tmp_path):
    with pytest.raises(InputError, match="not valid UTF-16"):
        decode(tmp_path / "x.txt", b"\xff\xfe\x00")
