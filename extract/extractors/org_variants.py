"""One organization written several ways in a row is one mention, in its fullest form.

The guide lists an organization once however often a row names it; reports write the
same body in full and abbreviated ("ФГБОУ ВО «Смоленская государственная
сельскохозяйственная академия»" and "ФГБОУ ВО «Смоленская ГСХА»"), contracted
("Мозырского райисполкома", "Мозырским районным исполнительным комитетом"), or with
and without its descriptors ("Ансамбль «Родничок»", "Образцовый ансамбль народного
танца «Родничок»"). Two mentions are one organization when their words align:

- word for word by dictionary form (any case);
- an abbreviation against the words it stands for: each capital (or capital with
  lower-case letters, "СмолГУ") begins the next word ("ГСХА": государственная,
  сельско-хозяйственная, академия; a letter may also start a root inside a compound
  word, after its linking vowel);
- a contracted word against the words whose beginnings it joins ("райисполком":
  рай·онный исп·олнительный ком·итет), pieces of at least three letters;
- one may leave out where the body is ("Мозырским районным исполнительным комитетом",
  "Мозырского районного исполнительного комитета Гомельской области"), or the name of
  its region ("Правительства края", "Правительства Приморского края");
- a name written bare is its quoted name written with a legal form ("Российского экспортного
  центра", "АО «Российский экспортный центр»");
- when both name the same quoted name, the shorter one's other words may leave out
  descriptors the longer one has ("Ансамбль" within "Образцовый ансамбль народного
  танца"), but not a head noun before them: "центра банковских услуг ОАО «…»" is a
  unit of "ОАО «…»", another organization.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extract.morph import lemma, parses

_QUOTED = re.compile(r"[«\"„“]([^«»\"„“”]*)[»\"“”]")
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+")
_ABBREVIATION = re.compile(r"(?:[А-ЯЁA-Z][а-яёa-z]*){2,}")
#: Linking vowels of Russian compound words ("сельск-о-хозяйственная", "военн-о-…").
_LINKING = "оеё"
#: The shortest piece of a contracted word ("рай", "ком").
_MIN_PIECE = 3


def merge_variants(mentions: list[str]) -> list[str]:
    """The mentions with each organization kept once, in its longest written form, in the
    order each organization is first named."""
    groups: list[list[str]] = []
    for mention in mentions:
        for group in groups:
            if any(same_organization(mention, other) for other in group):
                group.append(mention)
                break
        else:
            groups.append([mention])
    return [max(group, key=len) for group in groups]


def same_organization(a: str, b: str) -> bool:
    """Do two mentions name one organization (see the module's rules)?"""
    if len(a) > len(b):
        a, b = b, a
    quote_a, quote_b = _quoted(a), _quoted(b)
    words_a, words_b = _words(_QUOTED.sub(" ", a)), _words(_QUOTED.sub(" ", b))
    if quote_a is not None and quote_b is not None:
        if not _aligns(_words(quote_a), _words(quote_b), skip=False):
            return False
        return _aligns(words_a, words_b, skip=True)
    if (quote_a is None) != (quote_b is None):
        # "Российского экспортного центра" and "АО «Российский экспортный центр»": the bare name
        # against the other's quoted name
        bare, quoted = (words_a, quote_b) if quote_a is None else (words_b, quote_a)
        return len(bare) >= 2 and _aligns(bare, _words(quoted), skip=False)
    return _aligns(words_a, words_b, skip=False)


def _quoted(text: str) -> str | None:
    """The outermost quoted name of a mention, or None."""
    start = next((i for i, ch in enumerate(text) if ch in "«\"„“"), None)
    if start is None:
        return None
    end = max(text.rfind("»"), text.rfind("\""), text.rfind("“"), text.rfind("”"))
    return text[start + 1:end] if end > start else None


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    return lemma(word).replace("ё", "е")


#: Inflection endings are at most this long ("-ским", "-ого"); the stem must be longer.
_ENDING = 3
_MIN_STEM = 5


@lru_cache(maxsize=50_000)
def _lemmas(word: str) -> frozenset[str]:
    return frozenset(p.normal_form.replace("ё", "е") for p in parses(word))


@lru_cache(maxsize=50_000)
def _is_modifier(word: str) -> bool:
    return parses(word)[0].tag.POS in ("ADJF", "PRTF")


@lru_cache(maxsize=50_000)
def _same_word(a: str, b: str) -> bool:
    """One word in two forms: the same dictionary form, or, for a word the dictionary does not
    know ("Несвижским", "Несвижского"), the same stem with different endings."""
    if _lemma(a) == _lemma(b) or _lemmas(a) & _lemmas(b):  # "Смоленском": Смоленск's or смоленский's
        return True
    if all(p.is_known for w in (a, b) for p in parses(w)[:1]):
        return False
    x, y = a.lower(), b.lower()
    common = len(next((x[:n] for n in range(min(len(x), len(y)), 0, -1) if x[:n] == y[:n]), ""))
    return common >= _MIN_STEM and len(x) - common <= _ENDING and len(y) - common <= _ENDING


def _aligns(short: tuple[str, ...], long: tuple[str, ...], skip: bool) -> bool:
    """Can every word of `short` be matched, in order, to one or more words of `long`,
    covering `long` whole (or leaving out some of its words, when `skip`)?"""

    @lru_cache(maxsize=None)
    def go(i: int, j: int) -> bool:
        if i == len(short):
            return j == len(long) or skip or _place_tail(long[j:])
        if j == len(long):
            return False
        word = short[i]
        if _same_word(word, long[j]) and go(i + 1, j + 1):
            return True
        for k in range(j + 2, len(long) + 1):
            if _abbreviates(word, long[j:k]) and go(i + 1, k):
                return True
        if skip and (i > 0 or _is_modifier(long[j])) and go(i, j + 1):
            return True  # a descriptor left out; before the first shared word only a modifier
        if long[j][:1].isupper() and _is_modifier(long[j]) and j + 1 < len(long) and _lemma(long[j + 1]) in {
                full for _, full in _region_heads()} and i < len(short) and _same_word(short[i], long[j + 1]) \
                and go(i, j + 1):
            return True  # "Правительства края" and "Правительства Приморского края": the region's name left out
        return False     # ("Образцовый"), not a unit's own head ("центра … ОАО «…»")

    return bool(short) and go(0, 0)


def _place_tail(words: tuple[str, ...]) -> bool:
    """Words that only say where a body is ("Гомельской области", "Республики Беларусь"): a
    mention may leave them out and still name the same body."""
    heads = {full for _, full in _region_heads()}
    return any(_lemma(w) in heads for w in words) and all(
        w[:1].isupper() or _lemma(w) in heads for w in words)


@lru_cache(maxsize=1)
def _region_heads() -> tuple[tuple[str, str], ...]:
    from extract.geo import region_words

    return tuple((key, full) for key, values in region_words().entries.items() for full in values)


def _abbreviates(word: str, words: tuple[str, ...]) -> bool:
    """Does `word` (an abbreviation or a contracted word) stand for these words?"""
    if _ABBREVIATION.fullmatch(word):
        pieces = re.findall(r"[А-ЯЁA-Z][а-яёa-z]*", word)
        return _pieces_match([p.lower() for p in pieces], [w.lower() for w in words], min_len=1)
    if word[1:].islower() and len(word) >= 2 * _MIN_PIECE:  # "райисполкома", "Мингорисполкома"
        return _contraction_matches(_lemma(word).lower(), [_lemma(w).lower() for w in words])
    return False


def _pieces_match(pieces: list[str], words: list[str], min_len: int) -> bool:
    """Each word begins with the next piece; further pieces may start a root inside the word,
    right after a linking vowel ("сельскохозяйственная": с…, х…)."""

    @lru_cache(maxsize=None)
    def go(p: int, w: int) -> bool:
        if w == len(words):
            return p == len(pieces)
        if p == len(pieces) or len(pieces[p]) < min_len or not words[w].startswith(pieces[p]):
            return False
        return inside(p + 1, w, len(pieces[p]))

    @lru_cache(maxsize=None)
    def inside(p: int, w: int, at: int) -> bool:
        if go(p, w + 1):
            return True
        word = words[w]
        if p == len(pieces):
            return False
        for k in range(at + 1, len(word)):
            if word[k - 1] in _LINKING and word.startswith(pieces[p], k) and inside(p + 1, w, k + len(pieces[p])):
                return True
        return False

    return go(0, 0)


def _contraction_matches(word: str, words: list[str]) -> bool:
    """"райисполком" = "рай" + "испол" + "ком": the word is the beginnings of the words, joined."""

    @lru_cache(maxsize=None)
    def go(at: int, w: int) -> bool:
        if w == len(words):
            return at == len(word)
        target = words[w]
        for size in range(min(len(target), len(word) - at), _MIN_PIECE - 1, -1):
            if target[:size] == word[at:at + size] and go(at + size, w + 1):
                return True
        return False

    return len(words) >= 2 and go(0, 0)
