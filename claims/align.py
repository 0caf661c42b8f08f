"""Entity alignment: which person mentions, across the corpus, are one person.

1. Inside an article, a surname alone ("Araghchi", "Dr Larijani") joins the one full
   name in that article ending with it.
2. Across articles, full names join when their surnames are one name and their given
   names are one name or spelling variants (Amina/Amna); honorifics (Syed, Dr, General)
   and a leading Mohammad are not part of the comparison. Given names that disagree
   beyond a spelling variant never join.
3. An article's surname-only person joins the one full-name person in the corpus with
   that surname; with two candidates it stays apart.
Every merge records its rule and score, so a reviewer can see why, and every mention how
surely it is its entity (`Alignment.link`): a full name as the entity's own name is sure, a
spelling variant nearly so, an initial less, and a surname joined across articles only
because no other full name in the corpus ends with it is weak: relatives and namesakes share
surnames. Checks read the weakest link of the articles a finding sets against each other.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claims.names import NameKey, compatible, fold, name_key
from claims.types import Entity, EntityKind, Mention


@dataclass
class _Cluster:
    mentions: list[Mention] = field(default_factory=list)
    keys: list[NameKey] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    weak: set[int] = field(default_factory=set)  # ids of mentions joined on a shared surname alone

    @property
    def full_keys(self) -> list[NameKey]:
        return [k for k in self.keys if k.full]

    @property
    def surname(self) -> str:
        return Counter(k.surname for k in self.keys).most_common(1)[0][0]


@dataclass(frozen=True)
class Alignment:
    """The entities of a corpus and, for each mention (by article and offsets), its entity id."""

    entities: tuple[Entity, ...]
    by_span: dict[tuple[str, int, int], str]
    # how surely each mention (by article and offsets) is its entity; absent: sure (1.0)
    strength: dict[tuple[str, int, int], float] = field(default_factory=dict)

    def entity_of(self, mention: Mention) -> str | None:
        return self.by_span.get((mention.span.article, mention.span.start, mention.span.end))

    def link(self, mention: Mention) -> float:
        return self.strength.get((mention.span.article, mention.span.start, mention.span.end), 1.0)


def align_people(mentions_by_article: dict[str, Sequence[Mention]]) -> Alignment:
    """People, and organisations (mentions of kind org), aligned across the corpus."""
    clusters: list[_Cluster] = []
    orgs: list[Mention] = []
    for article in sorted(mentions_by_article):
        people = [m for m in mentions_by_article[article] if m.kind is EntityKind.PERSON]
        orgs.extend(m for m in mentions_by_article[article] if m.kind is EntityKind.ORG)
        clusters.extend(_article_clusters(article, people))
    clusters = _merge_full_names(clusters)
    clusters = _attach_surnames(clusters)
    people_alignment = _to_alignment(clusters)
    org_entities, org_spans = align_orgs(orgs)
    return Alignment(
        entities=people_alignment.entities + tuple(sorted(org_entities, key=lambda e: e.id)),
        by_span={**people_alignment.by_span, **org_spans},
        strength=people_alignment.strength,
    )


def _article_clusters(article: str, mentions: Iterable[Mention]) -> list[_Cluster]:
    full: list[_Cluster] = []
    partial: dict[str, _Cluster] = {}
    keyed = [(m, name_key(m.name)) for m in mentions]
    for mention, key in keyed:
        if key is None or not key.full:
            continue
        home = next(
            (c for c in full if compatible(c.full_keys[0], key)[0] and c.full_keys[0].given[0] == key.given[0]), None
        )
        if home is None:
            full.append(_Cluster([mention], [key]))
        else:
            home.mentions.append(mention)
            home.keys.append(key)
    for mention, key in keyed:
        if key is None or key.full:
            continue
        owners = [c for c in full if any(k.surname == key.surname for k in c.full_keys)]
        if len(owners) == 1:
            owners[0].mentions.append(mention)
            owners[0].keys.append(key)
            note = f"{mention.text} -> {owners[0].full_keys[0]}: surname in the same article ({article})"
            if note not in owners[0].merges:
                owners[0].merges.append(note)
        else:
            cluster = partial.setdefault(key.surname, _Cluster())
            cluster.mentions.append(mention)
            cluster.keys.append(key)
    return full + list(partial.values())


def _merge_full_names(clusters: list[_Cluster]) -> list[_Cluster]:
    full = [c for c in clusters if c.full_keys]
    rest = [c for c in clusters if not c.full_keys]
    # Clusters written with the same full names are one name: compared once, through a representative,
    # so a person named in a thousand articles costs one comparison per other name, not a million.
    rep_of: list[int] = []
    by_signature: dict[tuple, int] = {}
    for i, cluster in enumerate(full):
        signature = tuple(sorted({(k.given, k.surname) for k in cluster.full_keys}))
        if signature not in by_signature and not _clusters_compatible(cluster, cluster)[0]:
            signature = (i,)  # variants that disagree among themselves: never stands for another cluster
        rep_of.append(by_signature.setdefault(signature, i))
    reps = list(by_signature.values())
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        by_surname[full[i].full_keys[0].surname[:3]].append(i)  # block on the surname's start
    parent = {i: i for i in reps}
    members = {i: [i] for i in reps}  # each group's representatives

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    notes: dict[int, list[str]] = defaultdict(list)
    for block in by_surname.values():
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                ok, why = _clusters_compatible(full[i], full[j])
                root_i, root_j = find(i), find(j)
                # never let a chain of merges join two names that disagree: check the whole groups
                if ok and root_i != root_j and _groups_compatible(full, members[root_i], members[root_j]):
                    note = f"{full[i].full_keys[0]} = {full[j].full_keys[0]}: {why}"
                    if why != "same name" and note not in notes[root_i]:
                        notes[root_i].append(note)
                    parent[root_j] = root_i
                    members[root_i].extend(members.pop(root_j))
                    notes[root_i].extend(notes.pop(root_j, []))
    merged: dict[int, _Cluster] = {}
    for i, cluster in enumerate(full):
        target = merged.setdefault(find(rep_of[i]), _Cluster())
        target.mentions.extend(cluster.mentions)
        target.keys.extend(cluster.keys)
        target.merges.extend(cluster.merges)
    for root, lines in notes.items():
        merged[root].merges.extend(lines)
    return list(merged.values()) + rest


def _groups_compatible(full: list[_Cluster], group_a: list[int], group_b: list[int]) -> bool:
    return all(_clusters_compatible(full[a], full[b])[0] for a in group_a for b in group_b)


def _clusters_compatible(a: _Cluster, b: _Cluster) -> tuple[bool, str]:
    ok, why = compatible(a.full_keys[0], b.full_keys[0])
    if not ok:
        return False, why
    for key_a in a.full_keys:
        for key_b in b.full_keys:
            if not compatible(key_a, key_b)[0]:
                return False, "a variant disagrees"
    return True, why


def _attach_surnames(clusters: list[_Cluster]) -> list[_Cluster]:
    full = [c for c in clusters if c.full_keys]
    kept = list(full)
    by_surname: dict[str, list[_Cluster]] = defaultdict(list)
    for f in full:
        by_surname[f.surname].append(f)
    for cluster in (c for c in clusters if not c.full_keys):
        owners = by_surname.get(cluster.surname, [])
        if len(owners) == 1:
            owners[0].mentions.extend(cluster.mentions)
            owners[0].keys.extend(cluster.keys)
            owners[0].weak.update(id(m) for m in cluster.mentions)
            note = f"the only person named {cluster.surname} in the corpus"
            owners[0].merges.append(f"{cluster.mentions[0].text} -> {owners[0].full_keys[0]}: {note}")
        else:
            kept.append(cluster)
    return kept


# How surely a mention is its entity, by how it was joined (see the module's doc).
SAME_NAME, VARIANT, INITIAL, SURNAME_ONLY = 1.0, 0.9, 0.75, 0.5


def _strength(key: NameKey, own: NameKey | None, weak: bool) -> float:
    """A mention's link to its cluster, whose own name (the canonical one's key) is `own`."""
    if weak:
        return SURNAME_ONLY
    if own is None or not own.full or not key.full or (key.given, key.surname) == (own.given, own.surname):
        return SAME_NAME  # a surname in an article that names the full name is that name
    if key.surname == own.surname and key.given[:1] == own.given[:1]:
        return SAME_NAME  # "Mark Kelly" / "Mark E. Kelly": the same first name and surname
    if min(len(key.given[0]), len(own.given[0])) == 1 or len(key.given) != len(own.given):
        return INITIAL  # "A. Araghchi", "Tayyip Erdogan" / "Recep Tayyip Erdogan"
    return VARIANT


def _to_alignment(clusters: list[_Cluster]) -> Alignment:
    entities = []
    by_span: dict[tuple[str, int, int], str] = {}
    strength: dict[tuple[str, int, int], float] = {}
    used: set[str] = set()
    for cluster in sorted(clusters, key=lambda c: (-len(c.mentions), _canonical(c))):
        canonical = _canonical(cluster)
        own = name_key(canonical)
        entity_id = _unique(_slug(canonical), used)
        aliases = sorted({v for m in cluster.mentions for v in _written_forms(m)})
        entities.append(
            Entity(
                id=entity_id,
                canonical=canonical,
                aliases=tuple(aliases),
                kind=EntityKind.PERSON,
                merges=tuple(cluster.merges),
            )
        )
        links = {
            id(m): _strength(k, own, id(m) in cluster.weak) for m, k in zip(cluster.mentions, cluster.keys, strict=True)
        }
        # a surname joined to the full name its article gives is as sure as that full name
        full_in: dict[str, float] = {}
        for mention, key in zip(cluster.mentions, cluster.keys, strict=True):
            if key.full:
                article = mention.span.article
                full_in[article] = max(full_in.get(article, 0.0), links[id(mention)])
        for mention, key in zip(cluster.mentions, cluster.keys, strict=True):
            span = (mention.span.article, mention.span.start, mention.span.end)
            by_span[span] = entity_id
            link = links[id(mention)] if key.full or id(mention) in cluster.weak else full_in.get(span[0], SAME_NAME)
            if link < SAME_NAME:
                strength[span] = link
    entities.sort(key=lambda e: e.id)
    return Alignment(entities=tuple(entities), by_span=by_span, strength=strength)


def _canonical(cluster: _Cluster) -> str:
    """The most frequent full name as written without honorifics; the longest on a tie."""
    names = Counter(_core_name(m) for m, k in zip(cluster.mentions, cluster.keys, strict=True) if k.full)
    if not names:
        names = Counter(m.name for m in cluster.mentions)
    return max(names, key=lambda n: (names[n], -len(n.split()), n))


def _core_name(mention: Mention) -> str:
    key = name_key(mention.name)
    words = mention.name.split()
    if key is None:
        return mention.name
    n = len(key.given) + 1
    return " ".join(words[-n:])


def _written_forms(mention: Mention) -> set[str]:
    """The mention as written, and with each leading honorific dropped: all are names people search for."""
    words = mention.text.split()
    forms = {mention.text, mention.name}
    name_words = len(mention.name.split())
    for i in range(1, len(words) - name_words + 1):
        forms.add(" ".join(words[i:]))
    return forms


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "person"


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def acronym_of(name: str) -> str:
    """Initials of the capitalised words: "Inter-Services Public Relations" -> "ISPR"; a word
    that is an acronym itself gives all its letters ("UN Relief and Works Agency" -> "UNRWA")."""
    words = re.split(r"[\s\-]+", name)
    return "".join(w if len(w) > 1 and w.isupper() and w.isalpha() else w[0] for w in words if w[:1].isupper())


def align_orgs(mentions: Sequence[Mention]) -> tuple[list[Entity], dict[tuple[str, int, int], str]]:
    """Organisations: one entity per name, with the acronym an article defines for it
    ("Inter-Services Public Relations (ISPR)") or whose initials spell it."""
    groups: dict[str, list[Mention]] = {}
    key_of: dict[str, str] = {}  # folded name or acronym -> group key
    for mention in sorted(mentions, key=lambda m: -len(m.name)):
        folded = fold(mention.name).removeprefix("the ")
        acronym = mention.name if mention.name.isupper() else acronym_of(mention.name)
        key = key_of.get(folded) or (key_of.get(acronym) if len(acronym) >= 3 else None)
        if key is None:
            key = folded
            key_of[folded] = key
            if len(acronym) >= 3 and not mention.name.isupper():
                key_of.setdefault(acronym, key)
        groups.setdefault(key, []).append(mention)
    entities, by_span = [], {}
    for members in groups.values():
        names = Counter(m.name for m in members)
        canonical = max(names, key=lambda n: (not n.isupper(), names[n], len(n)))
        acronyms = sorted({m.name for m in members if m.name.isupper()})
        merges = tuple(f"{a} = {canonical}: acronym" for a in acronyms if a != canonical)
        entity = Entity(
            id=f"org:{_slug(canonical)}",
            canonical=canonical,
            aliases=tuple(sorted(names)),
            kind=EntityKind.ORG,
            merges=merges,
        )
        entities.append(entity)
        for m in members:
            by_span[(m.span.article, m.span.start, m.span.end)] = entity.id
    return entities, by_span
