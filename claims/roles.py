"""Role claims: who holds which title, from the ways news writes it.

- pre-nominal: "Iranian Foreign Minister Abbas Araghchi", "the late Iranian President
  Ebrahim Raisi", "Deputy Prime Minister and Foreign Minister Ishaq Dar" (two roles),
  "Deputy Foreign Minister for Political Affairs, Seyed Abbas Araghchi";
- appositive: "General Syed Asim Munir, Pakistan's army chief,"; "the chief of staff of
  the Iranian Armed Forces, Mohammad Bagheri";
- counterpart: "his Pakistani counterpart X" gives X the role of the person "his"
  refers to (the nearest title before it), in Pakistan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claims.ontology import DEPUTY_WORDS, QUALIFIERS, Ontology
from claims.people import Name, title_case_line
from claims.types import Role

if TYPE_CHECKING:  # spaCy is imported when a text is parsed, not when accord starts
    from spacy.tokens import Doc

DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our"}
POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(frozen=True)
class TitleMatch:
    start: int  # first token of the title phrase, qualifiers and country included
    end: int
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class FoundRole:
    name: Name
    role: Role
    how: str
    start: int  # token span of the evidence: title and name together
    end: int


def find_roles(doc: Doc, names: list[Name], ontology: Ontology) -> list[FoundRole]:
    words = [t.text for t in doc]
    found: list[FoundRole] = []
    for name in names:
        pre = title_before(doc, name, ontology, words)
        if pre is not None:
            found.extend(FoundRole(name, r, "prenominal", pre.start, name.end) for r in pre.roles)
        post = title_after(doc, name, ontology, words)
        if post is not None:
            found.extend(FoundRole(name, r, "appositive", name.lead, post.end) for r in post.roles)
        if pre is None and post is None:
            found.extend(counterpart_roles(doc, name, ontology, words))
    return found


def title_before(doc: Doc, name: Name, ontology: Ontology, words: list[str]) -> TitleMatch | None:
    """The title phrase that ends just before `name` (allowing ",", "(ACR)" and "for X" between)."""
    sent_start = doc[name.lead].sent.start
    k = name.lead - 1
    if k >= sent_start and doc[k].text == ",":
        k -= 1
    if k >= sent_start and doc[k].text == ")":
        opening = next((j for j in range(k, max(sent_start, k - 6) - 1, -1) if doc[j].text == "("), None)
        k = opening - 1 if opening is not None else k
    portfolio = None
    suffix = None
    if k - 1 >= sent_start and doc[k].lower_ in ("elect", "designate") and doc[k - 1].text == "-":
        suffix, k = doc[k].lower_, k - 2  # "President-elect": a qualifier written after the title
    title = _title_ending_at(ontology, words, k, sent_start)
    if title is None:
        # "Deputy Foreign Minister for Political Affairs, X": find "for" and a title before it;
        # "for" right before the name makes the name the portfolio ("a spokesperson for William Hill")
        for j in range(k - 1, max(sent_start, k - 6), -1):
            if doc[j].lower_ in ("for", "to") and doc[j + 1].is_title:
                title = _title_ending_at(ontology, words, j - 1, sent_start)
                if title is not None and doc[j].lower_ == "to" and ontology.roles[title[2]].body != "foreign_service":
                    title = None  # "to" names a host country for envoys only: "Ambassador to Iran"
                portfolio = doc[j : k + 1].text if title else None
                break
    if title is None:
        return None
    found = _with_modifiers(doc, ontology, words, title, sent_start, portfolio)
    if doc[name.lead].lower_ in DEPUTY_WORDS and name.lead < name.start and k == name.lead - 1:
        # "Sheriff Deputy John Doe" is "Deputy Sheriff John Doe": the deputy word after the title
        roles = tuple(_as_deputy(ontology, r, doc[found.start : name.lead + 1].text) for r in found.roles)
        found = TitleMatch(start=found.start, end=found.end, roles=roles)
    if suffix is None:
        return found
    roles = tuple(r.model_copy(update={"qualifiers": tuple(sorted({*r.qualifiers, suffix}))}) for r in found.roles)
    return TitleMatch(start=found.start, end=found.end, roles=roles)


def _title_ending_at(
    ontology: Ontology, words: list[str], k: int, floor: int
) -> tuple[int, int, str, bool, str | None] | None:
    for start in range(max(floor, k - ontology.max_alias_tokens), k + 1):
        match = ontology.match_title(words, start)
        if match is not None and start + match[1] == k + 1:
            role_id, n, fuzzy, inner_country = match
            return start, start + n, role_id, fuzzy, inner_country
    return None


def _with_modifiers(doc, ontology, words, title, floor: int, portfolio: str | None) -> TitleMatch:
    """Add what stands before the title: "and"-joined titles, deputy, qualifiers, country, organisation."""
    titles = [title]
    start = title[0]
    while start - 2 >= floor and doc[start - 1].lower_ in ("and", "&"):
        previous = _title_ending_at(ontology, words, start - 2, floor)
        if previous is None:
            break
        titles.insert(0, previous)
        start = previous[0]
    deputy_for_first = False
    deputy_at = start
    qualifiers: list[str] = []
    country = org = None
    k = start - 1
    while k >= floor:
        token = doc[k]
        low = token.lower_
        if low in DEPUTY_WORDS and not qualifiers and country is None and not deputy_for_first:
            deputy_for_first, deputy_at = True, k
        elif low in QUALIFIERS:
            qualifiers.append(low)
        elif token.text in POSSESSIVE:
            pass
        elif k > floor and country is None and ontology.country(f"{doc[k - 1].text} {token.text}"):
            country = ontology.country(f"{doc[k - 1].text} {token.text}")  # "South Sudan", "New Zealand"
            k -= 1
        elif ontology.country(token.text) and country is None:
            country = ontology.country(token.text)
        elif token.ent_type_ == "ORG" and token.text[:1].isupper() and org is None and not title_case_line(token.sent):
            org = _entity_text(doc, token)
            k = _entity_start(doc, k)
        elif low in DETERMINERS:
            k -= 1
            break
        else:
            break
        k -= 1
    roles = []
    for index, (t_start, t_end, role_id, _fuzzy, inner_country) in enumerate(titles):
        roles.append(
            ontology.make_role(
                role_id,
                written=doc[deputy_at if deputy_for_first and index == 0 else t_start : t_end].text,
                deputy=deputy_for_first and index == 0,
                qualifiers=qualifiers,
                country=inner_country or country,
                org=org,
                portfolio=portfolio if index == len(titles) - 1 else None,
            )
        )
    return TitleMatch(start=k + 1, end=titles[-1][1], roles=tuple(roles))


def _as_deputy(ontology: Ontology, role, written: str):
    if role.role.startswith("deputy_") or role.role not in ontology.roles:
        return role
    return ontology.make_role(
        role.role,
        written=written,
        deputy=True,
        qualifiers=role.qualifiers,
        country=role.country,
        org=role.org,
        portfolio=role.portfolio,
    )


def _entity_start(doc: Doc, k: int) -> int:
    while k > 0 and doc[k].ent_iob_ == "I":
        k -= 1
    return k


def _entity_text(doc: Doc, token) -> str:
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def title_after(doc: Doc, name: Name, ontology: Ontology, words: list[str]) -> TitleMatch | None:
    """An appositive title: "X, Pakistan's army chief," or "X, the chief of staff of the Iranian Armed Forces"."""
    sent_end = doc[name.lead].sent.end
    i = name.end
    if i >= sent_end or doc[i].text != ",":
        return None
    i += 1
    j = i
    while j < sent_end and (
        doc[j].lower_ in DETERMINERS
        or doc[j].lower_ in QUALIFIERS
        or (doc[j].lower_ in DEPUTY_WORDS and ontology.match_title(words, j) is None)  # "vice president" is one
        or doc[j].text in POSSESSIVE
        or ontology.country(doc[j].text)
    ):
        j += 1
    match = ontology.match_title(words, j) if j < sent_end else None
    if match is None:
        return None
    end = j + match[1]
    if end < sent_end and doc[end].lower_ in ("of", "for") and end + 1 < sent_end:
        # "chief of staff of the army": the longest title already took what it could; the rest is a body
        tail = end + 1
        while tail < sent_end and (doc[tail].is_title or doc[tail].lower_ == "the") and tail - end < 6:
            tail += 1
        body = doc[end + 1 : tail].text
        country_of_body = ontology.country(body.removeprefix("the ").strip())
        if country_of_body is None and tail > end + 1:
            country_of_body = next(
                (ontology.country(t.text) for t in doc[end + 1 : tail] if ontology.country(t.text)), None
            )
        end = tail
    else:
        country_of_body = None
    if end < sent_end and doc[end].text[:1].isupper() and doc[end].is_alpha:
        return None  # the title belongs to the next name: "X, President Y's adviser"
    if (
        end < sent_end
        and doc[end].text not in (",", ".", ";", ")", "—", "–", "-")
        and doc[end].lower_ not in ("and", "who")
    ):
        return None  # "than Harris, the president said": the title is the subject of what follows, not hers
    title = (j, j + match[1], match[0], match[2], match[3] or country_of_body)
    result = _with_modifiers(doc, ontology, words, title, i, None)
    return TitleMatch(start=result.start, end=end, roles=result.roles)


def counterpart_roles(doc: Doc, name: Name, ontology: Ontology, words: list[str]) -> list[FoundRole]:
    """ "his Pakistani counterpart X": X holds the role of the nearest earlier title, in X's country."""
    sent = doc[name.lead].sent
    k = name.lead - 1
    if k >= sent.start and doc[k].text == ",":
        k -= 1
    if k < sent.start or doc[k].lower_ not in ("counterpart", "counterparts"):
        return []
    country = None
    j = k - 1
    while j >= sent.start and doc[j].lower_ not in DETERMINERS:
        country = country or ontology.country(doc[j].text)
        j -= 1
    for end in range(j - 1, sent.start - 1, -1):
        title = _title_ending_at(ontology, words, end, sent.start)
        if title is None:
            continue
        start, _end, role_id, _fuzzy, _inner = title
        deputy = start > 0 and doc[start - 1].lower_ in DEPUTY_WORDS
        role = ontology.make_role(role_id, written=doc[j : k + 1].text, deputy=deputy, country=country)
        return [FoundRole(name, role, "counterpart", j, name.end)]
    return []
