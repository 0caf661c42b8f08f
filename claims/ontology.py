"""The role ontology (claims/data/roles.toml) and country names (claims/data/places.toml).

Titles are matched on lower-cased spaCy tokens, longest alias first, with a fuzzy
fallback for misspellings ("Forign Minister"); a leading "deputy"/"vice" makes the
deputy of any role. Users add or override entries with files of the same format.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

from claims.types import Role

DEPUTY_WORDS = {"deputy", "vice", "assistant", "dep.", "dep", "asst.", "asst"}
# Abbreviations newsrooms write in titles, read as the words they stand for before a title is matched.
ABBREVIATIONS = {
    "vp": ("vice", "president"), "v.p.": ("vice", "president"), "svp": ("vice", "president"),
    "evp": ("vice", "president"), "dep.": ("deputy",), "dep": ("deputy",), "sen.": ("senator",),
    "rep.": ("representative",), "gov.": ("governor",), "lt.": ("lieutenant",), "gen.": ("general",),
    "sec.": ("secretary",), "secy.": ("secretary",), "asst.": ("assistant",), "atty.": ("attorney",),
    "amb.": ("ambassador",), "pres.": ("president",), "supt.": ("superintendent",), "cmdr.": ("commander",),
    "min.": ("minister",), "dept.": ("department",), "lt": ("lieutenant",), "gov": ("governor",),
}  # fmt: skip


def expand(words: Sequence[str]) -> tuple[str, ...]:
    """Lower-cased words with abbreviations written out: ("Dep.", "Foreign", "Minister") ->
    ("deputy", "foreign", "minister")."""
    return tuple(w for word in words for w in ABBREVIATIONS.get(word.lower(), (word.lower(),)))


# Qualifiers that do not change the role, only when or how it is held.
QUALIFIERS = {
    "acting", "interim", "caretaker", "former", "ex", "late", "then", "outgoing", "incoming",
    "designate", "elect", "newly", "new", "current", "sitting", "senior",
}  # fmt: skip
FUZZY_MIN_SCORE = 90  # rapidfuzz ratio: "forign minister" ~ "foreign minister" is 96.8
FUZZY_MIN_LENGTH = 8  # short aliases ("fm", "ceo") are matched exactly or not at all


@dataclass(frozen=True)
class RoleDef:
    id: str
    name: str
    body: str
    rank: int
    single_holder: bool
    aliases: tuple[str, ...]
    scope: str = "country"  # or "org"
    equivalent: dict[str, str] = field(default_factory=dict)


class OntologyError(ValueError):
    """A malformed ontology file; the message names the file and the entry."""


@dataclass(eq=False)
class Ontology:
    roles: dict[str, RoleDef]
    countries: dict[str, str]  # lower-cased name, adjective or alias -> canonical country
    _aliases: dict[tuple[str, ...], str] = field(default_factory=dict)  # alias tokens -> role id
    _by_shape: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=dict)
    _first_words: set[str] = field(default_factory=set)
    _alias_words: set[str] = field(default_factory=set)
    max_alias_tokens: int = 1

    def index(self, tokenize) -> Ontology:
        """Index aliases as token tuples, using the same tokenizer as the text."""
        self._aliases.clear()
        self._by_shape.clear()
        self._first_words.clear()
        self._alias_words.clear()
        for role in self.roles.values():
            for alias in (role.name.lower(), *role.aliases):
                toks = tuple(tokenize(alias))
                self._aliases[toks] = role.id
                self._first_words.add(toks[0])
                self._alias_words.update(toks)
                self._by_shape.setdefault((len(toks), alias[0]), []).append((" ".join(toks), role.id))
        self.max_alias_tokens = max(len(t) for t in self._aliases)
        return self

    def match_title(self, words: Sequence[str], start: int) -> tuple[str, int, bool, str | None] | None:
        """The longest title starting at words[start]: (role id, token count, fuzzy?, country inside).

        A country adjective inside a title is allowed and returned: "chief of staff of the
        Iranian armed forces" is the armed-forces chief of Iran.
        """
        limit = min(self.max_alias_tokens + 1, len(words) - start)
        if limit <= 0:
            return None
        first = expand(words[start : start + 1])[0]
        for n in range(limit, 0, -1):
            key = expand(words[start : start + n])
            if key in self._aliases:
                return self._aliases[key], n, False, None
            if first not in self._first_words or n < 3:
                continue
            for p in range(1, n - 1):  # drop one inner country word: "of the Iranian armed forces"
                country = self.country(key[p])
                if country and key[:p] + key[p + 1 :] in self._aliases:
                    return self._aliases[key[:p] + key[p + 1 :]], n, False, country
        for n in range(min(limit, self.max_alias_tokens), 1, -1):  # fuzzy: multi-word titles, typos
            found = self._fuzzy(words[start : start + n])
            if found is not None:
                return found, n, True, None
        return None

    def _fuzzy(self, words: Sequence[str]) -> str | None:
        # Only capitalised words sharing a word with some title are worth comparing: cheap, and
        # it keeps ordinary prose ("for a minute") from ever looking like a misspelt title.
        if not all(w.isalpha() and w[:1].isupper() for w in words):
            return None
        lowered = [w.lower() for w in words]
        if not any(w in self._alias_words for w in lowered):
            return None
        return self._fuzzy_text(" ".join(lowered), len(words))

    @lru_cache(maxsize=65536)  # noqa: B019  (one ontology per process; the cache dies with it)
    def _fuzzy_text(self, text: str, n: int) -> str | None:
        if len(text) < FUZZY_MIN_LENGTH:
            return None
        best, best_score = None, 0.0
        for alias, role_id in self._by_shape.get((n, text[0]), ()):
            score = fuzz.ratio(text, alias)
            if score > best_score:
                best, best_score = role_id, score
        return best if best_score >= FUZZY_MIN_SCORE else None

    def country(self, word: str) -> str | None:
        """Canonical country for a name, adjective or possessive: "Iranian", "Iran's", "Pakistan"."""
        key = word.lower().strip()
        for suffix in ("'s", "’s", "'", "’"):
            if key.endswith(suffix):
                key = key[: -len(suffix)]
                break
        return self.countries.get(key)

    def make_role(
        self,
        role_id: str,
        *,
        written: str,
        deputy: bool = False,
        qualifiers: Iterable[str] = (),
        country: str | None = None,
        org: str | None = None,
        portfolio: str | None = None,
    ) -> Role:
        base = self.roles[role_id]
        if country and country in base.equivalent:
            base = self.roles[base.equivalent[country]]
        role_key, name, rank, single = base.id, base.name, base.rank, base.single_holder
        if deputy:
            role_key, name, rank, single = f"deputy_{base.id}", f"Deputy {base.name}", base.rank - 10, False
        return Role(
            role=role_key,
            name=name,
            body=base.body,
            rank=rank,
            single_holder=single,
            country=country,
            org=org,
            portfolio=portfolio,
            qualifiers=tuple(sorted(set(qualifiers))),
            written=written,
        )


def _data_file(name: str) -> Path:
    return Path(str(resources.files("claims") / "data" / name))


def read_ontology(role_files: Sequence[Path] = (), place_files: Sequence[Path] = ()) -> Ontology:
    """The shipped ontology, then each user file in order (a later entry with the same id replaces one)."""
    roles: dict[str, RoleDef] = {}
    countries: dict[str, str] = {}
    for path in (_data_file("roles.toml"), *role_files):
        for entry in _load_toml(path).get("role", []):
            role = _role_def(path, entry)
            roles[role.id] = role
    for path in (_data_file("places.toml"), *place_files):
        for name, others in _load_toml(path).get("countries", {}).items():
            for alias in (name, *others):
                countries[alias.lower()] = name
    for role in roles.values():
        for target in role.equivalent.values():
            if target not in roles:
                raise OntologyError(f"role '{role.id}': equivalent role '{target}' is not defined")
    return Ontology(roles=roles, countries=countries)


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise OntologyError(f"{path}: cannot read ontology ({exc})") from None


def _role_def(path: Path, entry: dict) -> RoleDef:
    try:
        return RoleDef(
            id=str(entry["id"]),
            name=str(entry["name"]),
            body=str(entry["body"]),
            rank=int(entry["rank"]),
            single_holder=bool(entry["single_holder"]),
            aliases=tuple(str(a).lower() for a in entry.get("aliases", [])),
            scope=str(entry.get("scope", "country")),
            equivalent=dict(entry.get("equivalent", {})),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise OntologyError(f"{path}: role {entry.get('id', '?')!r}: missing or bad field {exc}") from None


@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    return load_ontology()


def load_ontology(role_files: Sequence[Path] = (), place_files: Sequence[Path] = ()) -> Ontology:
    """The shipped ontology extended by the user's files, indexed with the pipeline's tokenizer."""
    from claims.nlp import load_nlp

    tokenizer = load_nlp().tokenizer
    return read_ontology(role_files, place_files).index(lambda text: [t.lower_ for t in tokenizer(text)])
