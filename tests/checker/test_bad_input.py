"""Whatever a CMS exports: each bad input gives a correct result or one line naming the file, exit 2.

Never a traceback or a hang; time and memory stay bounded (articles over 500,000
characters and single-article files over 2 MB are refused before parsing).
"""

from __future__ import annotations

import json
import os
import time

import pytest
from typer.testing import CliRunner

from checker.cli import app

runner = CliRunner()
GOOD = "Foreign Minister Ishaq Dar met reporters in Islamabad on Monday.\n"


def run(*args: str):
    return runner.invoke(app, ["check", *args, "--format", "json"], catch_exceptions=False)


def _write(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _zip_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", GOOD)
    return buffer.getvalue()


# (file name, content, expected): expected is None for a correct report, else a piece of the one error line
CASES = [
    ("empty.txt", b"", "file is empty"),
    ("spaces.txt", b"   \n\t\n  ", "only whitespace"),
    ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a PNG image"),
    ("archive.txt", _zip_bytes(), "a zip archive"),
    ("nul.txt", b"Foreign Minister\x00\x01\x02 met", "NUL bytes"),
    ("pdf.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a PDF document"),
    ("latin1.txt", "Le ministre a visité Téhéran lundi.".encode("latin-1"), "not valid UTF-8"),
    ("utf16bom.txt", GOOD.encode("utf-16"), None),
    ("utf16le_nobom.txt", GOOD.encode("utf-16-le"), None),
    ("utf16be_nobom.txt", GOOD.encode("utf-16-be"), None),
    ("utf8bom.txt", b"\xef\xbb\xbf" + GOOD.encode(), None),
    ("mixed_endings.txt", b"Talks in Islamabad\r\nForeign Minister Ishaq Dar met reporters.\rThen he left.\n", None),
    ("huge.txt", "word " * 4_200_000, "accord reads single-article files of up to 2 MB"),
    ("long_article.md", "A sentence about the talks. " * 20_000, "accord reads articles of up to 500,000"),
    ("bad.jsonl", '{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', ":2: malformed JSON"),
    ("types.jsonl", '{"id": 7, "text": "Text."}\n', "field 'id'"),
    ("notext.jsonl", '{"id": "a", "title": "Headline only"}\n', "missing required field 'text'"),
    ("blank.jsonl", '{"id": "a", "text": "   "}\n', "field 'text'"),
    ("array.jsonl", '["a", "b"]\n', "expected a JSON object, got list"),
    ("deepjson.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "1: "),
    ("baddate.jsonl", '{"id": "a", "text": "Text here.", "published": "2025-02-30"}\n', "not a valid YYYY-MM-DD date"),
    ("baddate.md", "---\ndate: 2025-02-30\n---\nFive people met in Lahore on Monday.\n", "not a valid YYYY-MM-DD"),
    ("unclosed.html", "<html><body><p>Foreign Minister Ishaq Dar met <b>reporters<div><p>in Lahore", None),
    ("deep.html", "<div>" * 10_000 + "Foreign Minister Ishaq Dar spoke in Lahore." + "</div>" * 10_000, None),
    ("noscript.html", "<html><script>alert(1)</script><style>p{}</style></html>", "HTML has no visible text"),
    ("longtitle.txt", "Headline " * 1_200 + "\n" + GOOD, None),
    ("control.txt", "Talks \x1b[31mred\x1b[0m in Lahore \x07 ended on Monday with a statement.\n", None),
    ("frontmatter_only.md", "---\ntitle: Nothing\n---\n", "no text besides its front matter"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(tmp_path, name, content, expected):
    path = _write(tmp_path, name, content)
    started = time.perf_counter()
    result = run(str(path))
    assert time.perf_counter() - started < 60
    assert "Traceback" not in result.output
    if expected is None:
        assert result.exit_code in (0, 1), result.stderr
        report = json.loads(result.stdout)
        (article,) = report["articles"]
        if article["title"]:
            assert len(article["title"]) <= 200
        return
    assert result.exit_code == 2, result.stdout[:200]
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith(f"accord: error: {path}"), result.stderr
    assert expected in lines[0]


def test_missing_path(tmp_path):
    result = run(str(tmp_path / "nowhere" / "a.txt"))
    assert result.exit_code == 2 and "no such file or directory" in result.stderr


def test_empty_directory(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article type: skipped in a directory
    result = run(str(tmp_path))
    assert result.exit_code == 2 and "no articles to read" in result.stderr


def test_directory_symlink_loop(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    result = run(str(tmp_path))
    assert result.exit_code in (0, 1)
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["a"]


def test_unreadable_file(tmp_path, monkeypatch):
    path = _write(tmp_path, "secret.txt", GOOD)
    real = type(path).read_bytes

    def refuse(self):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(type(path), "read_bytes", refuse)  # root reads anything: simulate the refusal
    result = run(str(path))
    assert result.exit_code == 2 and result.stderr.strip() == f"accord: error: {path}: permission denied"


def test_jsonl_of_100000_lines_names_the_bad_line(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "text": "Short."}) for i in range(99_999)] + ['{"id": "last", "text": ]']
    path = _write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    started = time.perf_counter()
    result = run(str(path))
    assert time.perf_counter() - started < 60
    assert result.exit_code == 2 and f"{path}:100000: malformed JSON" in result.stderr


def test_skip_bad_reports_and_goes_on(tmp_path):
    _write(tmp_path, "good.txt", GOOD)
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "feed.jsonl", '{"id": "j1", "text": "Dar met reporters in Lahore."}\n{oops\n')
    result = runner.invoke(app, ["check", str(tmp_path), "--skip-bad", "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1)
    assert sorted(a["id"] for a in json.loads(result.stdout)["articles"]) == ["good", "j1"]
    skipped = result.stderr.strip().split("\n")
    assert skipped[0] == f"accord: skipped {tmp_path / 'empty.txt'}: file is empty"
    assert skipped[1].startswith(f"accord: skipped {tmp_path / 'feed.jsonl'}:2: malformed JSON")
    assert len(skipped) == 2


def test_skip_bad_with_nothing_left(tmp_path):
    _write(tmp_path, "empty.txt", b"")
    result = runner.invoke(app, ["check", str(tmp_path), "--skip-bad"], catch_exceptions=False)
    assert result.exit_code == 2 and "no articles to read" in result.stderr.splitlines()[-1]
