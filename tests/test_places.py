"""The place column: online flag, settlements, and countries named or implied by settlements and regions."""
import pytest

from extract.extractors.places import PlaceReader

read = PlaceReader()


@pytest.mark.parametrize("text, online, settlements, countries", [
    ("г. Москва", False, {"Москва"}, {"RU"}),
    ("г. Орша, Витебская область, Республика Беларусь", False, {"Орша"}, {"BY"}),
    ("Тверская область, Конаковский район, дер. Карачарово", False, {"Карачарово"}, {"RU"}),
    ("Смоленская область", False, set(), {"RU"}),
    ("Республика Татарстан, г. Казань", False, {"Казань"}, {"RU"}),
    ("Витебская область", False, set(), {"BY"}),
    ("г. Смоленск, ГБУК «Смоленский областной центр народного творчества»", False, {"Смоленск"}, {"RU"}),
    ("Брест, областной драматический театр", False, {"Брест"}, {"BY"}),
    ("Караганда, Республика Казахстан", False, {"Караганда"}, {"KZ"}),
    ("в дистанционном формате", True, set(), set()),
    ("онлайн", True, set(), set()),
    ("в режиме видеоконференцсвязи", True, set(), set()),
    ("г. Минск (очно и дистанционно)", True, {"Минск"}, {"BY"}),
    ("в комбинированном формате, г. Гомель", True, {"Гомель"}, {"BY"}),
    ("виртуальная выставка", True, set(), set()),
    ("Дом Советов, зал «Мир»", False, set(), set()),
    ("Шанхай, Китайская Народная Республика", False, {"Шанхай"}, {"CN"}),
    # a spaced dash links two ends: one end's country is not the other's
    ("г. Самарканд, Республика Узбекистан – г. Смоленск (в режиме ВКС)", True, {"Самарканд", "Смоленск"},
     {"UZ", "RU"}),
])
def test_place(text, online, settlements, countries):
    place = read(text)
    assert (place.online, set(place.settlements), set(place.countries)) == (online, settlements, countries)


@pytest.mark.parametrize("text", [
    "ул. Гагарина, д. 5",
    "МБУК «Ярцевский Дом культуры»",
    "Мемориал «Катынь»",
])
def test_no_settlement_from_street_names_or_quotes(text):
    assert read(text).settlements == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("ОГБУЗ «Брянская областная больница» (в режиме ВКС)", ("RU",)),
    ("Гродненский областной драматический театр", ("BY",)),
    ("в режиме ВКС (ОГБУК «Смоленская областная библиотека» – ГУ «Витебская областная библиотека»)",
     ("RU", "BY")),
    ("Северный речной вокзал", ()),
    ("В дистанционном формате", ()),
])
def test_an_institution_of_a_region_gives_its_country(text, expected):
    assert PlaceReader()(text).countries == expected
