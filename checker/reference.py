"""Reference facts: a newsroom's sheet of office holders, deaths and births, read as a trusted source.

A sheet is TOML or CSV with the same fields (docs/facts.md):

    [[office]]                       # kind,person,aliases,role,country,org,start,end,date,source,note
    person = "Abbas Araghchi"        # office,Abbas Araghchi,Seyed Abbas Araghchi,Foreign Minister,Iran,...
    aliases = ["Seyed Abbas Araghchi"]
    role = "Foreign Minister"        # as written; normalised through the role ontology
    country = "Iran"                 # or org = "United Nations"
    start = "2024-08-21"             # 2024, 2024-08 or 2024-08-21; "by 2024-08": on or before
    end = ""                         # absent or empty: still held; "after 2025-05": held then, end unknown
    source = "https://..."
    note = "..."

    [[death]]                        # and [[birth]]: person, date, source, note
    person = "Ebrahim Raisi"
    date = "2024-05-19"              # a death may be "by 2025-02-04"

Every entry keeps its file and line, so a finding can cite it. A bad sheet raises
`SheetError` with one line naming the file, the line and the field. The sheet travels to
the checks inside `Corpus.derived` (`attach`), which keeps the pipeline's signatures as
they are: a corpus without a sheet runs the reference checks as no-ops.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from claims.names import HONORIFICS, compatible, fold, name_key
from claims.ontology import DEPUTY_WORDS, Ontology
from claims.types import Role

KINDS = ("office", "death", "birth")
CSV_FIELDS = ("kind", "person", "aliases", "role", "country", "org", "start", "end", "date", "source", "note")
_SHEET_KEY = "reference_sheet"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def shift(date: dt.date, days: int) -> dt.date:
    """`date` moved by `days`, held at the calendar's ends (an open end stays open)."""
    if date in (dt.date.min, dt.date.max):
        return date
    try:
        return date + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


class SheetError(ValueError):
    """A sheet that cannot be used; the message is one line: file, line, field, problem."""


# --- dates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetDate:
    """A date as a sheet writes it: a day, a month or a year, maybe "by" (on or before) or "after"."""

    text: str
    first: dt.date  # the earliest day it can be
    last: dt.date  # the latest day it can be
    bound: Literal["", "by", "after"] = ""

    def __str__(self) -> str:
        return self.text


def parse_date(text: str, allow: tuple[str, ...] = ()) -> SheetDate:
    """ "2024", "2024-08", "2024-08-21", and with `allow`, "by 2024-08" or "after 2025-05-08"."""
    raw = " ".join(str(text).split())
    bound = ""
    for word in ("by", "after"):
        if raw.lower().startswith(word + " "):
            if word not in allow:
                raise ValueError(f"'{raw}': '{word}' is not allowed here")
            bound, raw = word, raw[len(word) + 1 :]
    match = _DATE.match(raw)
    if not match:
        raise ValueError(f"'{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif day is None:
            first = dt.date(year, month, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            first = last = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a date of the calendar") from None
    return SheetDate(text=" ".join(str(text).split()), first=first, last=last, bound=bound)  # type: ignore[arg-type]


# --- the entries as written: validated with pydantic ------------------------------------------------


def _text(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]  # TOML's own dates (start = 2024-08-21) are dates as written
    return value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    person: str
    aliases: tuple[str, ...] = ()
    source: str | None = None
    note: str | None = None

    @field_validator("person")
    @classmethod
    def _person(cls, value: str) -> str:
        if name_key(value) is None:
            raise ValueError("a person's name is needed")
        return " ".join(value.split())

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: object) -> object:
        if isinstance(value, str):  # CSV: "Seyed Abbas Araghchi; Abbas Araqchi"
            return tuple(a.strip() for a in value.split(";") if a.strip())
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError(f"'{value}' is not an http(s) URL")
        return value or None


class OfficeRow(_Entry):
    kind: Literal["office"] = "office"
    role: str
    country: str | None = None
    org: str | None = None
    start: str | None = None
    end: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        return _text(value)

    @field_validator("start")
    @classmethod
    def _start(cls, value: str | None) -> str | None:
        if value:
            parse_date(value, allow=("by",))
        return value or None

    @field_validator("end")
    @classmethod
    def _end(cls, value: str | None) -> str | None:
        if value:
            parse_date(value, allow=("after",))
        return value or None


class DeathRow(_Entry):
    kind: Literal["death"] = "death"
    date: str

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        value = _text(value)
        parse_date(str(value), allow=("by",))
        return value


class BirthRow(_Entry):
    kind: Literal["birth"] = "birth"
    date: str

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        value = _text(value)
        parse_date(str(value))
        return value


_MODELS = {"office": OfficeRow, "death": DeathRow, "birth": BirthRow}


# --- the sheet as the checks read it --------------------------------------------------------------


@dataclass(frozen=True)
class Cite:
    """Where an entry is written: the sheet evidence of a finding."""

    file: str
    line: int
    start: int  # character offsets of the entry in the file
    end: int
    text: str
    source: str | None
    note: str | None


@dataclass(frozen=True)
class Office:
    person: str
    role: Role  # normalised: role id, body, rank, single holder
    where: str  # country or organisation, as the claims name it
    start: SheetDate | None
    end: SheetDate | None
    cite: Cite

    @property
    def office(self) -> tuple[str, str]:
        return self.role.role, fold(self.where)

    def possible(self, died: SheetDate | None = None, grace: int = 0) -> tuple[dt.date, dt.date]:
        """The days the office may have been held: outside them, a present title is wrong. `grace` days
        widen each end the sheet dates (titles lag a term's start and end); a "by" start or an
        "after" end leaves that side open."""
        first = dt.date.min if self.start is None or self.start.bound == "by" else shift(self.start.first, -grace)
        last = dt.date.max if self.end is None or self.end.bound == "after" else shift(self.end.last, grace)
        if died is not None and died.bound != "by":
            last = min(last, shift(died.last, grace))
        return first, last

    def certain(self, died: SheetDate | None = None, grace: int = 0) -> tuple[dt.date, dt.date] | None:
        """The days the office was surely held (None when the sheet gives no start), `grace` days in
        from each end the sheet dates; a "by" start or an "after" end is a day it was held, kept whole."""
        if self.start is None:
            return None
        first = self.start.last if self.start.bound == "by" else shift(self.start.last, grace)
        if self.end is None:
            last = dt.date.max
        else:
            last = self.end.first if self.end.bound == "after" else shift(self.end.first, -grace)
        if died is not None:
            last = min(last, died.last if died.bound == "by" else shift(died.first, -grace))
        return (first, last) if first <= last else None

    def describe(self) -> str:
        span = f"from {self.start}" if self.start else "start not given"
        span += f" until {self.end}" if self.end else " (still held)"
        return f"{self.role.name} of {self.where}, {span}"


@dataclass(frozen=True)
class Event:
    """A death or a birth."""

    person: str
    kind: Literal["death", "birth"]
    date: SheetDate
    cite: Cite


@dataclass
class Person:
    name: str
    aliases: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    death: Event | None = None
    birth: Event | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Sheet:
    files: tuple[str, ...]
    people: dict[str, Person]  # by folded name

    def offices(self) -> Iterable[Office]:
        for person in self.people.values():
            yield from person.offices

    def __len__(self) -> int:
        return sum(len(p.offices) + (p.death is not None) + (p.birth is not None) for p in self.people.values())


def attach(corpus, sheet: Sheet | None):
    """Give the corpus's checks a sheet to read (None: no sheet)."""
    if sheet is not None:
        corpus.derived[_SHEET_KEY] = sheet
    return corpus


def sheet_of(corpus) -> Sheet | None:
    return corpus.derived.get(_SHEET_KEY)


# --- loading ---------------------------------------------------------------------------------------


def load_sheets(paths: Sequence[Path], ontology: Ontology | None = None) -> Sheet | None:
    """One sheet from every file (an empty list gives None); the first bad file raises SheetError."""
    if not paths:
        return None
    if ontology is None:
        from claims.ontology import default_ontology

        ontology = default_ontology()
    people: dict[str, Person] = {}
    owner: dict[str, tuple[str, str]] = {}  # folded alias -> (person, where it is written)
    for path in paths:
        for raw, cite, lines in _rows(Path(path)):
            entry = _validate(raw, cite, lines)
            _add(people, owner, entry, cite, lines, ontology)
    return Sheet(files=tuple(str(p) for p in paths), people=people)


def _rows(path: Path) -> Iterable[tuple[dict, Cite, dict[str, int]]]:
    """Each entry's raw fields, where it is written, and the line of each field."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheets save CSV with a byte-order mark
    except FileNotFoundError:
        raise SheetError(f"{path}: no such facts file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"{path}: cannot read facts file ({getattr(exc, 'strerror', None) or exc})") from None
    if path.suffix.lower() == ".csv":
        yield from _csv_rows(path, text)
    elif path.suffix.lower() == ".toml":
        yield from _toml_rows(path, text)
    else:
        raise SheetError(f"{path}: a facts file is .toml or .csv")


_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z_-]+)\s*\]\]\s*(?:#.*)?$")
_TABLE = re.compile(r"^\s*\[")


def _toml_rows(path: Path, text: str) -> Iterable[tuple[dict, Cite, dict[str, int]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"at line (\d+)", str(exc))
        raise SheetError(f"{path}:{line.group(1) if line else 1}: not valid TOML ({exc})") from None
    for key, value in data.items():
        if key not in KINDS or not isinstance(value, list):
            raise SheetError(
                f"{path}:{_key_line(text, key)}: unknown table '{key}' (a facts file holds [[office]], "
                "[[death]] and [[birth]] entries)"
            )
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    blocks: dict[str, list[tuple[int, int]]] = {k: [] for k in KINDS}  # kind -> (first line, last line), 0-based
    current: tuple[str, int] | None = None
    for i, line in enumerate([*lines, "[end]\n"]):
        if _TABLE.match(line):
            if current is not None:
                last = i - 1
                while last > current[1] and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
                    last -= 1
                blocks.setdefault(current[0], []).append((current[1], last))
            header = _HEADER.match(line)
            current = (header.group(1), i) if header else None
    entries = [(kind, i, entry) for kind in KINDS for i, entry in enumerate(data.get(kind, []))]
    for kind, i, entry in sorted(entries, key=lambda e: blocks[e[0]][e[1]][0] if e[1] < len(blocks[e[0]]) else 0):
        first, last = blocks[kind][i] if i < len(blocks[kind]) else (0, 0)
        if not isinstance(entry, dict):
            raise SheetError(f"{path}:{first + 1}: [[{kind}]] entries must be tables")
        fields = {}
        for n in range(first, last + 1):
            key = re.match(r"^\s*([A-Za-z_-]+)\s*=", lines[n]) if lines else None
            if key:
                fields.setdefault(key.group(1), n + 1)
        written = "".join(lines[first : last + 1]).rstrip("\r\n")
        cite = Cite(str(path), first + 1, offsets[first], offsets[first] + len(written), written, None, None)
        yield {"kind": kind, **entry}, cite, fields


def _key_line(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*(\[\[?\s*)?{re.escape(key)}\b", line):
            return i
    return 1


def _csv_rows(path: Path, text: str) -> Iterable[tuple[dict, Cite, dict[str, int]]]:
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise SheetError(f"{path}:1: empty facts file (the first line names the columns)") from None
    header = [h.strip().lower() for h in header]
    for name in header:
        if name not in CSV_FIELDS:
            raise SheetError(f"{path}:1: unknown column '{name}' (columns: {', '.join(CSV_FIELDS)})")
    for needed in ("kind", "person"):
        if needed not in header:
            raise SheetError(f"{path}:1: column '{needed}' is missing")
    start_line = reader.line_num + 1
    try:
        for row in reader:
            end_line = reader.line_num
            first = start_line
            start_line = end_line + 1
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) > len(header):
                raise SheetError(f"{path}:{first}: {len(row)} cells, but the header names {len(header)} columns")
            raw = {k: v.strip() for k, v in zip(header, row, strict=False) if v.strip()}
            written = "".join(lines[first - 1 : end_line]).rstrip("\r\n")
            start = offsets[first - 1]
            cite = Cite(str(path), first, start, start + len(written), written, None, None)
            yield raw, cite, {k: first for k in raw}
    except csv.Error as exc:
        raise SheetError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None


def _validate(raw: dict, cite: Cite, lines: dict[str, int]) -> OfficeRow | DeathRow | BirthRow:
    kind = raw.get("kind")
    if kind not in _MODELS:
        where = lines.get("kind", cite.line)
        raise SheetError(f"{cite.file}:{where}: field 'kind': {kind!r} is not one of office, death, birth")
    model = _MODELS[kind]
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "?"
        line = lines.get(name, cite.line)
        if error["type"] == "extra_forbidden":
            raise SheetError(f"{cite.file}:{line}: field '{name}' is not a field of a {kind} entry") from None
        if error["type"] == "missing":
            raise SheetError(f"{cite.file}:{line}: field '{name}' is missing from this {kind} entry") from None
        message = str(error["msg"]).removeprefix("Value error, ")
        raise SheetError(f"{cite.file}:{line}: field '{name}': {message}") from None


def _add(
    people: dict[str, Person],
    owner: dict[str, tuple[str, str]],
    entry: OfficeRow | DeathRow | BirthRow,
    cite: Cite,
    lines: dict[str, int],
    ontology: Ontology,
) -> None:
    def error(name: str, message: str) -> SheetError:
        return SheetError(f"{cite.file}:{lines.get(name, cite.line)}: field '{name}': {message}")

    cite = Cite(cite.file, cite.line, cite.start, cite.end, cite.text, entry.source, entry.note)
    key = _name_form(entry.person)
    person = people.setdefault(key, Person(entry.person))
    for alias in (entry.person, *entry.aliases):
        form = _name_form(alias)
        if not form:
            raise error("aliases", f"'{alias}' is not a name")
        if form in owner and owner[form][0] != key:
            raise error(
                "aliases" if alias != entry.person else "person",
                f"'{alias}' is already a name of {people[owner[form][0]].name} ({owner[form][1]})",
            )
        owner[form] = (key, f"{cite.file}:{cite.line}")
        if alias != person.name and alias not in person.aliases:
            person.aliases.append(alias)
    if isinstance(entry, OfficeRow):
        if bool(entry.country) == bool(entry.org):
            raise error("country", "an office needs a country or an org (one of the two)")
        where = entry.org
        if entry.country:
            where = ontology.country(entry.country)
            if where is None:
                raise error("country", f"'{entry.country}' is not a country the places list knows")
        role = _role(entry.role, ontology, where if entry.country else None, entry.org)
        if role is None:
            raise error(
                "role", f"'{entry.role}' is not a title the role ontology knows (add it to a roles file: roles = [...])"
            )
        start = parse_date(entry.start, ("by",)) if entry.start else None
        end = parse_date(entry.end, ("after",)) if entry.end else None
        if start and end and end.last < start.first:
            raise error("end", f"'{end}' is before the start '{start}'")
        person.offices.append(Office(person.name, role, where, start, end, cite))
        return
    date = parse_date(entry.date, ("by",) if entry.kind == "death" else ())
    event = Event(person.name, entry.kind, date, cite)
    previous = getattr(person, entry.kind)
    if previous is not None and previous.date.text != date.text:
        raise error("date", f"{person.name} already has a {entry.kind} on {previous.date} ({previous.cite.line})")
    setattr(person, entry.kind, event)


def _name_form(name: str) -> str:
    key = name_key(name)
    return str(key) if key else ""


def _tokens(text: str) -> list[str]:
    from claims.nlp import load_nlp

    return [t.text for t in load_nlp().tokenizer(text)]


def _role(text: str, ontology: Ontology, country: str | None, org: str | None) -> Role | None:
    """The sheet's title through the ontology: the whole text must be one title, maybe with a
    deputy word before it and a portfolio ("for Political Affairs") after it."""
    words = _tokens(" ".join(text.split()))
    deputy = False
    for attempt in range(2):
        match = ontology.match_title(words, 0)
        if match is not None and not match[2]:
            role_id, n, _, _ = match
            rest = words[n:]
            if not rest or (rest[0].lower() == "for" and len(rest) > 1):
                return ontology.make_role(role_id, written=text, deputy=deputy, country=country, org=org)
        if attempt == 0 and words and words[0].lower() in DEPUTY_WORDS and len(words) > 1:
            words, deputy = words[1:], True
        else:
            break
    return None


# --- who on the sheet a corpus entity is ---------------------------------------------------------


@dataclass(frozen=True)
class Match:
    person: Person
    how: str  # "listed name 'Seyed Abbas Araghchi'", "spelling variant ..."
    score: float


def match_entities(corpus, sheet: Sheet) -> dict[str, Match]:
    """Each corpus entity the sheet names, aligned with good confidence: a name of the entity is a
    name the sheet lists, or both are full names (a given name and a surname) that are spellings
    of one name. A bare surname aligns only where the sheet lists it; two sheet people that fit
    one entity, or a full name of the entity that fits none of the person's names, align nothing."""
    cache = corpus.derived.setdefault("reference_matches", {})
    if id(sheet) in cache:
        return cache[id(sheet)]
    listed: dict[str, Person] = {}
    for person in sheet.people.values():
        for name in person.names:
            listed[_name_form(name)] = person
    matches: dict[str, Match] = {}
    for entity in corpus.entities:
        if entity.kind.value != "person":
            continue
        names = list(dict.fromkeys((entity.canonical, *entity.aliases)))
        found: dict[str, Match] = {}
        for name in names:
            form = _name_form(name)
            if form in listed:
                person = listed[form]
                found[person.name] = Match(person, f"'{name}' is a name the sheet lists", 1.0)
        if not found:
            for person in sheet.people.values():
                variant = _variant(names, person)
                if variant is not None:
                    found.setdefault(person.name, variant)
        if len(found) != 1:
            continue
        match = next(iter(found.values()))
        if any(_full(n) and not any(compatible(name_key(n), name_key(s))[0] for s in match.person.names if _full(s))
               for n in names):  # fmt: skip
            continue  # the entity also goes by a full name that is not this person's
        matches[entity.id] = match
    cache[id(sheet)] = matches
    return matches


def _full(name: str) -> bool:
    key = name_key(name)
    return key is not None and key.full and len(key.given[0]) > 1 and key.given[0] not in HONORIFICS


def _variant(names: Sequence[str], person: Person) -> Match | None:
    for name in names:
        if not _full(name):
            continue
        for listed in person.names:
            if not _full(listed):
                continue
            ok, why = compatible(name_key(name), name_key(listed))
            if ok:
                return Match(person, f"'{name}' and '{listed}': {why}", 0.9)
    return None
