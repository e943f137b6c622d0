"""Text normalisation shared by ingestion, quote verification and evaluation.

Two levels on purpose:
- ``clean_text`` keeps the document's own words for display (NFKC, soft hyphens
  gone, whitespace collapsed) so quotes stay verbatim;
- ``normalise_for_match`` is the comparison form (lowercase, hyphenated line ends
  joined) used to check that a quote or a gold phrase is in a passage.
"""

from __future__ import annotations

import re
import unicodedata

SOFT_HYPHEN = "\u00ad"
# A word cut at a line end: "éti-\nquette". Only when a lowercase letter follows,
# so "Pas-de-\nCalais" keeps its hyphen (see join_hyphenated_lines).
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
_WS = re.compile(r"\s+")
# Typographic apostrophes and spaces that French typesetting uses; folded only in
# the comparison form, never in displayed text.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})


# Fonts that map a glyph to a control code point: Calibri's "ti" ligature comes out of
# Word's PDF export as U+001F ("informa\x1fon"). Repaired only inside a word.
_LIGATURES = {"\x1f": "ti"}
_IN_WORD_CONTROL = re.compile(r"(?<=[^\W\d_])([\x00-\x08\x0b\x0c\x0e-\x1f])(?=[^\W\d_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Symbol fonts (Wingdings, Symbol) put their bullets and arrows in the private-use area
# (U+F0xx): at a line's start they are a bullet, elsewhere they mean nothing in text.
_PRIVATE_BULLET = re.compile(r"^([ \t]*)[\ue000-\uf8ff]+[ \t]*", re.MULTILINE)
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")


def repair_glyphs(text: str) -> str:
    """Code points a font produced instead of characters: ligatures inside words become their
    letters, symbol-font bullets a "•", any other control or private-use character goes."""
    text = _IN_WORD_CONTROL.sub(lambda m: _LIGATURES.get(m.group(1), ""), text)
    text = _PRIVATE_BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    return _PRIVATE.sub("", _CONTROL.sub(" ", text))


def nfkc(text: str) -> str:
    """NFKC folds ligatures (ﬁ, ﬂ) and compatibility spaces; soft hyphens are dropped."""
    return unicodedata.normalize("NFKC", text).replace(SOFT_HYPHEN, "")


def join_hyphenated_lines(text: str) -> str:
    """Join words split at a line end.

    pypdf returns the hyphen the typesetter inserted. When the next line starts
    with a lowercase letter the hyphen is a break ("réglem-\\nentaire" →
    "réglementaire"); before an uppercase letter it belongs to a compound
    ("Pas-de-\\nCalais" → "Pas-de-Calais").
    """

    def _join(match: re.Match[str]) -> str:
        nxt = text[match.end()]
        return "" if nxt.islower() else "-"

    return _HYPHEN_BREAK.sub(_join, text)


def collapse_whitespace(text: str) -> str:
    return _WS.sub(" ", text).strip()


def clean_text(text: str) -> str:
    return collapse_whitespace(join_hyphenated_lines(nfkc(text)))


def normalise_for_match(text: str) -> str:
    """Comparison form: the eval's definition (hyphens joined, NFKC, lowercase, spaces)."""
    return collapse_whitespace(join_hyphenated_lines(nfkc(text)).lower().translate(_APOSTROPHES))


def contains_normalised(haystack: str, needle: str) -> bool:
    needle_n = normalise_for_match(needle)
    return bool(needle_n) and needle_n in normalise_for_match(haystack)


def fold_accents(text: str) -> str:
    """'é' → 'e', 'œ' → 'oe': users type without accents, documents have them."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# "23 000" and "23 000" (narrow no-break space) are one number; "4ème", "4è" and "4e" one
# ordinal. Shared by the index terms, the corpus's name spellings and the question's specific
# words, so a question's "4e comité" or "23 000 logements" is found however the text writes it.
_THOUSANDS = re.compile(r"(?<=\d)[\s\u202f\u00a0](?=\d{3}\b)")
_ORDINAL = re.compile(r"\b(\d+)(?:ème|eme|ième|ieme|è|e)\b", re.IGNORECASE)


def canonical_numbers(text: str) -> str:
    return _ORDINAL.sub(r"\1e", _THOUSANDS.sub("", text))


# A number as written, thousands grouped by a space or a dot (« 10 000 », « 10.000 », « 1,2 »).
NUMBER = re.compile(r"\d+(?:[\s\u202f\u00a0.]\d{3}(?!\d))*(?:,\d+)?")


# A number written in words, or a noun that counts (« douze », « 1,2 million », « des centaines »).
NUMBER_WORD = re.compile(
    r"\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente"
    r"|quarante|cinquante|soixante|cent|mille|million|milliard|millier|dizaine|douzaine|vingtaine|trentaine|centaine"
    r"|moitié|tiers|quart)s?\b",
    re.IGNORECASE,
)


def number_value(written: str) -> str:
    """The digits of a written number: « 10 000 » and « 10.000 » are one value, « 10000 »."""
    return re.sub(r"\D", "", written)


# A sentence ends at . ! ? … (optionally followed by a closing quote or bracket)
# before a space and a capital, a digit, a quote or a bullet.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»\")\]]?\s+(?=[«\"(A-ZÀ-Ý0-9•▶\-])")


def _wraps(text: str, i: int) -> bool:
    """The line break at i wraps a sentence: the line ends no sentence and the next one goes
    on in lower case (a list item printed on two lines: « … désignées par le comité » /
    « national stratégique »). A new line, heading, item or sentence starts otherwise."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and text[j] not in ".!?…\n" and text[i + 1 : i + 2].islower()


def split_sentences(text: str, forced: set[int] | None = None) -> list[tuple[int, int]]:
    newlines = {i + 1 for i, ch in enumerate(text) if ch == "\n" and not _wraps(text, i)}
    cuts = {0, len(text)} | {m.end() for m in _SENTENCE_END.finditer(text)} | (forced or set()) | newlines
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    spans = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = text[start:end]
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
    return spans


def asks(sentence: str) -> bool:
    """A question (« Qui peut saisir le MNE ? »): it introduces an answer and asserts nothing."""
    return sentence.rstrip().rstrip("»\")").rstrip().endswith("?")
