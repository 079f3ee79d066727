"""Settlements (nominative, with their country) and regions in goal/participants texts."""
import pytest

from extract.extractors.settlements import SettlementExtractor

extract = SettlementExtractor()


def settlements(text, locations=()):
    return [m.normal for m in extract(text, locations) if m.label == "SETTLEMENT"]


def regions(text, locations=()):
    return [m.normal for m in extract(text, locations) if m.label == "REGION"]


@pytest.mark.parametrize("text, expected", [
    ("делегация г. Ельни", ["Ельня"]),
    ("агрогородок Новка", ["Новка"]),
    ("пгт. Лиозно и дер. Глущенки", ["Лиозно", "Глущенки"]),
    ("жители пос. Кардымово", ["Кардымово"]),
    ("ГУО «Гимназия № 192 г. Минска»", ["Минск"]),
    ("город-побратим Витебск", ["Витебск"]),
    ("в городе Смоленске", ["Смоленск"]),
    ("из городов Смоленска, Витебска и Могилева", ["Смоленск", "Витебск", "Могилев"]),
    ("г. Алма-Ата и г. Усть-Каменогорска", ["Алма-Ата", "Усть-Каменогорск"]),
    ("в г. Санкт-Петербурге", ["Санкт-Петербург"]),
    ("гости из г. Великих Лук и г. Нижнего Новгорода", ["Великие Луки", "Нижний Новгород"]),
    ("г.Гродно, г. Бобруйска, г.п. Шарковщина", ["Гродно", "Бобруйск", "Шарковщина"]),
    ("с. Большие Кузьмичи", ["Большие Кузьмичи"]),
    # an unknown name in an oblique case is looked up under the nominatives it may have
    ("делегация г. Цзинаня", ["Цзинань"]),
    ("мастера аг. Весея Минской обл.", ["Весея"]),  # a guess that reads a verb form is not used
    ("сборная (г. Эрдэнэт, Монголия)", ["Эрдэнэт"]),  # an unknown name ending in a consonant is nominative
    ("председатель Скупштины города Ниша", ["Ниш"]),  # a capitalised common word ("ниша") declined too
    ("гости из г. Дашогуза", ["Дашогуз"]),
    ("команда г. Костаная", ["Костанай"]),
    # a hyphenated name the dictionary does not know declines in its last part
    ("делегация г. Нови-Сада", ["Нови-Сад"]),
    ("в г. Баня-Луке", ["Баня-Лука"]),
    ("в станице Вешенской", ["Вёшенская"]),
    ("Д.Ф. Мезенцевым и Г.П. Федоровым", []),
    ("в 2023 г. Смоленская делегация", []),
    ("смоляне посетили Минский государственный дворец", []),
    ("Смоленская область, Витебский район", []),
])
def test_typed_settlements(text, expected):
    assert settlements(text) == expected


def _spans(text, *words):
    return [(text.index(w), text.index(w) + len(w)) for w in words]


@pytest.mark.parametrize("text, locations, expected", [
    ("гости из Казани, Гомеля и Караганды", ("Казани", "Гомеля", "Караганды"), ["Казань", "Гомель", "Караганда"]),
    ("делегации Москвы и Республики Беларусь", ("Москвы", "Республики Беларусь"), ["Москва"]),
    ("школьники Смоленской области", ("Смоленской области",), []),
    ("о нашествии на Евразию", ("Евразию",), []),
    ("ансамбль из Бреста", ("Бреста",), ["Брест"]),
    ("по маршруту Витебск – Лиозно – Рудня", ("Витебск", "Лиозно", "Рудня"), ["Витебск", "Лиозно", "Рудня"]),
    ("между МО «город Десногорск» и г. Островцом", ("МО",), ["Десногорск", "Островец"]),  # "МО" is no town
])
def test_ner_locations(text, locations, expected):
    assert settlements(text, _spans(text, *locations)) == expected


@pytest.mark.parametrize("text, locations, settled, region", [
    # "-щина" of a region's stem is the region ("Смоленщина" is also a village in the gazetteer)
    ("памятные места Витебщины и Смоленщины", ("Витебщины", "Смоленщины"), [],
     ["Витебская область", "Смоленская область"]),
    # ... a town whose stem begins no region's name stays a town
    ("гости из Духовщины", ("Духовщины",), ["Духовщина"], []),
])
def test_region_nicknames(text, locations, settled, region):
    spans = _spans(text, *locations)
    assert (settlements(text, spans), regions(text, spans)) == (settled, region)


@pytest.mark.parametrize("text, expected", [
    ("Смоленская область", ["Смоленская область"]),
    ("жители Витебского района", ["Витебский район"]),
    ("Могилевской области", ["Могилёвская область"]),
    ("Республики Татарстан", ["Республика Татарстан"]),
    ("Ханты-Мансийского автономного округа", ["Ханты-Мансийский автономный округ"]),
    ("делегации Минской и Гродненской областей", ["Минская область", "Гродненская область"]),
    ("Павлодарской области", ["Павлодарская область"]),
    ("6 чел. – Слуцкий р-н", ["Слуцкий район"]),  # pymorphy3 reads "Слуцкий" first as a surname
    # a name after a region noun in apposition is the region's, undeclined
    ("делегация провинции Анкара (Турция)", ["провинция Анкара"]),
    ("сборная аймака Орхон", ["аймак Орхон"]),
    ("министр промышленности штата Раджешем Кумаром", []),  # declined: a person after the noun
    ("Республики Беларусь", []),
])
def test_regions(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("г. Орша (Республика Беларусь)", {"Орша": "BY"}),
    ("г. Могилева, г. Мстиславля Республики Беларусь", {"Могилев": "BY", "Мстиславль": "BY"}),
    ("Тверская область, Конаковский район, дер. Карачарово", {"Карачарово": "RU"}),
    ("г. Смоленск, г. Минск (Республика Беларусь)", {"Смоленск": "RU", "Минск": "BY"}),
    ("агрогородок Александрия", {"Александрия": "BY"}),
    ("г. Павлодар", {"Павлодар": "KZ"}),
    ("Смоленской области, г. Москвы, Республики Беларусь", {"Москва": "RU"}),
    ("дер. Неизвестная", {"Неизвестная": None}),
])
def test_settlement_country(text, expected):
    found = {m.normal: m.data["country"] for m in extract(text) if m.label == "SETTLEMENT"}
    assert found == expected


def test_offsets_point_into_text():
    text = "Учителя МБОУ «СШ № 12» г. Смоленска"
    (m,) = extract(text)
    assert text[m.start:m.end] == m.text == "Смоленска"


@pytest.mark.parametrize("text, expected", [
    ("творческие коллективы г. Смоленска и Республики Беларусь", {"Смоленск": "RU"}),
    ("делегации г. Витебска и Смоленской области", {"Витебск": "BY"}),
])
def test_coordination_does_not_locate(text, expected):
    found = {m.normal: m.data["country"] for m in extract(text) if m.label == "SETTLEMENT"}
    assert found == expected


@pytest.mark.parametrize("text, expected", [
    # э in Russian transcription of East Asian and Buryat names is not Belarusian spelling
    ("Делегация Бурятии вернулась в Улан-Удэ из города Эрдэнэта", {"Улан-Удэ": "RU", "Эрдэнэт": "MN"}),
    ("переговоры в Хэфэе, Шэньяне и Чэнду", {"Хэфэй": "CN", "Шэньян": "CN", "Чэнду": "CN"}),
    # a big East Asian city under each of its Russian transcriptions
    ("выставка в Ханчжоу и в Чунцине", {"Ханчжоу": "CN", "Чунцин": "CN"}),
])
def test_big_east_asian_cities_without_a_type_word(text, expected):
    found = {m.normal: m.data["country"] for m in SettlementExtractor(big_cities=True)(text)
             if m.label == "SETTLEMENT"}
    assert found == expected


@pytest.mark.parametrize("name", ["Стакгольм", "Атэны", "Мадрыд", "Абърдийн", "Западен Джордан"])
def test_other_cyrillic_alphabets_spellings_are_not_in_the_gazetteer(name):
    from extract.geo import settlements as gazetteer

    assert gazetteer().get(name) == []
