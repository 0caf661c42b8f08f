"""Values as written, normalised so that one fact written two ways compares equal.

Outlets print the same figure differently: "1,000" / "1 000", "4½" / "4 1/2" / "4.5", a
fraction whose glyph was lost in encoding ("4�"), "the '50s" / "the 1950s", "1st" / "first",
"10-12", "$5 million" / "5 million dollars". A phone number or a code is an identifier: its
digits are one string however they are spaced, never a count. Every check that sets two
values against each other reads them through `read_value` and `conflicting`, so a value is
in conflict only when both are of one kind (and one currency) and cannot both be true.

Amounts and currencies are read with price-parser (Zyte's parser of prices as shops and
scrapers print them: grouping, decimal marks, currency signs and codes); phone numbers are
found with phonenumbers (Google's libphonenumber).
"""

from __future__ import annotations

import re
from enum import StrEnum
from fractions import Fraction

from pydantic import BaseModel, ConfigDict


class ValueKind(StrEnum):
    NUMBER = "number"  # a count or measure: 14, 4.5, 230,000
    ORDINAL = "ordinal"  # 1st, first
    DECADE = "decade"  # the 1950s
    IDENTIFIER = "identifier"  # a phone number, a code: compared as a whole string
    UNCERTAIN = "uncertain"  # a number whose fraction was lost ("4�"): somewhere in [4, 5)


class Value(BaseModel):
    """A value as the interval it allows, in its kind and currency."""

    model_config = ConfigDict(frozen=True)

    kind: ValueKind
    low: float
    high: float
    currency: str | None = None
    digits: str | None = None  # an identifier's digits

    @property
    def exact(self) -> bool:
        return self.low == self.high


WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
DECADE_WORDS = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
    "eighties": 80, "nineties": 90,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12}
GLYPHS = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3)}
GLYPHS |= {"⅛": Fraction(1, 8), "⅜": Fraction(3, 8), "⅝": Fraction(5, 8), "⅞": Fraction(7, 8), "⅕": Fraction(1, 5)}
LOST = "\ufffd"  # what a decoder writes for a byte it could not read
CURRENCY_WORDS = {
    "dollar": "$", "dollars": "$", "usd": "$", "us$": "$", "euro": "€", "euros": "€", "eur": "€",
    "pound": "£", "pounds": "£", "gbp": "£", "sterling": "£", "yen": "¥", "jpy": "¥", "rupees": "₹", "rupee": "₹",
    "inr": "₹", "yuan": "CN¥", "cny": "CN¥", "rmb": "CN¥",
}  # fmt: skip

_DECADE = re.compile(r"^(?:the\s+)?(?:(?:'|’)(\d)0s|(1[0-9]|20)(\d)0s|(\d)0s)$", re.I)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)
_RANGE = re.compile(r"^(\d[\d,.]*)\s*(?:-|–|—|to)\s*(\d[\d,.]*)$")
_MIXED = re.compile(r"^(\d+)(?:\s+|-)?(\d+)/(\d+)$")  # 4 1/2
_IDENTIFIER = re.compile(r"^\+?\(?\d[\d\s().\-/]{5,}\d$")


def read_value(text: str) -> Value | None:
    """The value a short stretch of text states, None where it is no value."""
    raw = " ".join(text.split())
    low = raw.lower().strip(".,;:")
    if not low:
        return None
    if (decade := _decade(low)) is not None:
        return decade
    if low in ORDINAL_WORDS or (m := _ORDINAL.match(low)):
        n = ORDINAL_WORDS.get(low) or int(m.group(1))
        return Value(kind=ValueKind.ORDINAL, low=n, high=n)
    if _is_identifier(raw):
        return Value(kind=ValueKind.IDENTIFIER, low=0, high=0, digits=_digits(raw))
    if LOST in raw:
        whole = re.sub(r"\D", "", raw.split(LOST)[0])
        return Value(kind=ValueKind.UNCERTAIN, low=int(whole), high=int(whole) + 1) if whole else None
    if (m := _RANGE.match(low)) and (a := _plain(m.group(1))) is not None and (b := _plain(m.group(2))) is not None:
        return Value(kind=ValueKind.NUMBER, low=min(a, b), high=max(a, b))
    return _amount(raw)


def _decade(low: str) -> Value | None:
    if low.removeprefix("the ") in DECADE_WORDS:
        tens = DECADE_WORDS[low.removeprefix("the ")]
        return Value(kind=ValueKind.DECADE, low=tens, high=tens)  # the century is not written
    m = _DECADE.match(low)
    if not m:
        return None
    if m.group(1):  # "'50s": the century is not written either
        return Value(kind=ValueKind.DECADE, low=int(m.group(1)) * 10, high=int(m.group(1)) * 10)
    if m.group(2):
        year = int(m.group(2)) * 100 + int(m.group(3)) * 10
        return Value(kind=ValueKind.DECADE, low=year, high=year)
    return Value(kind=ValueKind.DECADE, low=int(m.group(4)) * 10, high=int(m.group(4)) * 10)


def _is_identifier(raw: str) -> bool:
    """A phone number (by libphonenumber), or digits in three or more groups ("0800 555 111", "12-345-678"),
    but not a number grouped in thousands ("2 500 000")."""
    if not _IDENTIFIER.match(raw) or re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+", raw):
        return False
    return len(re.findall(r"\d+", raw)) >= 3 or _phone(raw) is not None


def _phone(raw: str):
    import phonenumbers  # imported when a value looks like an identifier: it costs a cold start 0.1 s

    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _digits(raw: str) -> str:
    """An identifier's digits; a phone number's national number, with or without its country code."""
    number = _phone(raw)
    return str(number.national_number) if number is not None else re.sub(r"\D", "", raw)


def _plain(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _amount(raw: str) -> Value | None:
    """A count or an amount of money: words, digits with grouping, a fraction, a scale, a currency."""
    words = raw.split()
    currency = None
    scale = 1.0
    rest = []
    for word in words:
        low = word.lower().strip(".,;:")
        if low in CURRENCY_WORDS:
            currency = CURRENCY_WORDS[low]
        elif low in SCALES and rest:
            scale *= SCALES[low]
        else:
            rest.append(word)
    text = " ".join(rest)
    if not text:
        return None
    if text.lower() in WORDS or re.fullmatch(r"[a-z]+-[a-z]+", text.lower()):
        parts = text.lower().split("-")  # "twenty-two"
        if all(p in WORDS for p in parts) and (len(parts) == 1 or (WORDS[parts[0]] >= 20 and WORDS[parts[1]] < 10)):
            n = float(sum(WORDS[p] for p in parts)) * scale
            return Value(kind=ValueKind.NUMBER, low=n, high=n, currency=currency)
        return None
    fraction = _fraction(text)
    if fraction is not None:
        n = float(fraction) * scale
        return Value(kind=ValueKind.NUMBER, low=n, high=n, currency=currency)
    if not re.fullmatch(r"[^\w]{0,3}\d[\d\s,.\u00a0\u202f]*(?:[a-zA-Z]{1,2})?", text):
        return None  # a word with digits in it ("F-16", "COVID-19") is a name
    from price_parser import Price  # imported on the first amount, as phonenumbers is

    price = Price.fromstring(text)
    if price.amount is None:
        return None
    tail = re.search(r"\d([a-zA-Z]{1,2})$", text)
    if tail and tail.group(1).lower() in SCALES:
        scale *= SCALES[tail.group(1).lower()]
    elif tail:
        return None  # "7GHz" is a measure with its unit, compared with its unit by the caller
    n = float(price.amount) * scale
    return Value(kind=ValueKind.NUMBER, low=n, high=n, currency=currency or _currency(price.currency))


def _currency(sign: str | None) -> str | None:
    if sign is None:
        return None
    return CURRENCY_WORDS.get(sign.lower(), sign.upper() if sign.isalpha() else sign)


def _fraction(text: str) -> Fraction | None:
    """ "4½", "4 ½", "4 1/2", "4-1/2", "1/2"."""
    compact = text.replace(" ", "")
    if compact and compact[-1] in GLYPHS:
        whole = compact[:-1]
        if whole == "" or whole.isdigit():
            return int(whole or 0) + GLYPHS[compact[-1]]
        return None
    if m := _MIXED.match(text):
        return int(m.group(1)) + Fraction(int(m.group(2)), int(m.group(3)))
    if m := re.fullmatch(r"(\d+)/(\d+)", text):
        return Fraction(int(m.group(1)), int(m.group(2))) if int(m.group(2)) else None
    return None


def conflicting(a: Value, b: Value) -> bool:
    """Whether two values cannot both be true: of one kind, in one currency, with no value in common.

    Values of different kinds (a count and an ordinal, a decade and a year) or in different
    currencies (one sum converted) are not compared; identifiers are compared by their digits,
    and an uncertain value (a lost fraction) agrees with every value in its interval."""
    if a.kind is ValueKind.IDENTIFIER or b.kind is ValueKind.IDENTIFIER:
        return False  # a code or a number spaced differently is no count; two codes are no contradiction we can tell
    kinds = {a.kind, b.kind}
    if ValueKind.UNCERTAIN in kinds and kinds <= {ValueKind.UNCERTAIN, ValueKind.NUMBER}:
        lost, other = (a, b) if a.kind is ValueKind.UNCERTAIN else (b, a)
        if other.kind is ValueKind.UNCERTAIN:
            return lost.low != other.low
        return other.high < lost.low or other.low >= lost.high  # [4, 5) allows 4½ and 4.25, not 5
    if a.kind is not b.kind:
        return False
    if a.currency != b.currency and a.currency and b.currency:
        return False
    if a.kind is ValueKind.DECADE:
        return a.low % 100 != b.low % 100  # "'50s" / "1950s": the century is often left out
    return a.high < b.low or b.high < a.low


def same_value(a: str, b: str) -> bool:
    """Whether two written values are one value written two ways ("1,000" / "1 000", "'50s" / "1950s")."""
    va, vb = read_value(a), read_value(b)
    if va is None or vb is None:
        return False
    if ValueKind.IDENTIFIER in (va.kind, vb.kind):
        return va.digits == vb.digits
    if va.kind is ValueKind.DECADE and vb.kind is ValueKind.DECADE:
        return va.low % 100 == vb.low % 100
    return va.kind is vb.kind and va.currency == vb.currency and (va.low, va.high) == (vb.low, vb.high)
