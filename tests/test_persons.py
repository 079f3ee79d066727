"""Person mentions: nominative "И.О. Фамилия" or full name; namesakes of organizations and events left out."""
from __future__ import annotations

import pytest

from extract.extractors.organizations import OrganizationExtractor
from extract.extractors.persons import PersonExtractor

PERSONS = PersonExtractor()
ORGS = OrganizationExtractor()


def normals(text: str, ner=()) -> list[str]:
    exclude = [(m.start, m.end) for m in ORGS(text)]
    return [m.normal for m in PERSONS(text, list(ner), exclude)]


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("во главе с Губернатором Смоленской области В.Н. Анохиным", ["В.Н. Анохин"]),
        ("встреча с Государственным секретарем Союзного государства – Д.Ф. Мезенцевым", ["Д.Ф. Мезенцев"]),
        ("Приветствие зачитала заместитель председателя Е.А. Котова.", ["Е.А. Котова"]),
        ("Доклад сделал Петров А.С., директор школы", ["А.С. Петров"]),
        ("выставка, посвящённая творчеству Б. Васильева", ["Б. Васильев"]),
        ("с участием И.И. Сидоренко и О.В. Ковалёвой", ["И.И. Сидоренко", "О.В. Ковалёва"]),
        # the post a name stands in apposition to decides, past its genitive dependents
        ("Губернатор В.Н. Анохин, заместитель Губернатора Смоленской области Н.Г. Мельникова; далее",
         ["В.Н. Анохин", "Н.Г. Мельникова"]),
        ("приняла участие советник Посольства Российской Федерации в Республике Сербия Е.И. Морозова",
         ["Е.И. Морозова"]),
        # namesakes of organizations and events are not person mentions
        ("Обучающиеся МБУДО «Детская музыкальная школа № 5 им. В.П. Дубровского» г. Смоленска", []),
        ("турнир памяти Н.М. Пржевальского", []),
        ("в библиотеке имени А.Т. Твардовского", []),
        ("конкурс «Читаем А.С. Пушкина»", []),
        # places after a capital letter and a dot are not initials
        ("г. Орша, Р. Беларусь", []),
        # a surname read both ways: the clause's verb, coordination and the noun before decide
        ("Грамоту вручила директор музея Т.Н. Соколова.", ["Т.Н. Соколова"]),
        ("Вечер памяти посвящён 100-летию поэта К.М. Симонова", ["К.М. Симонов"]),
        ("лекция о творчестве М.А. Шолохова и А.Т. Твардовского", ["М.А. Шолохов", "А.Т. Твардовский"]),
        ("Программа посвящена творчеству С.А. Есенина, прошла в библиотеке", ["С.А. Есенин"]),
        ("Почётный гость – олимпийская чемпионка Т.Н. Белова", ["Т.Н. Белова"]),
        ("Выступили доценты кафедры истории СмолГУ Е.В. Краснова и Л.И. Белова.", ["Е.В. Краснова", "Л.И. Белова"]),
        ("открытие выставки к юбилею художника П.А. Серова", ["П.А. Серов"]),
        ("Глава муниципального образования «Краснинский район» С.П. Орлова, ветераны", ["С.П. Орлова"]),
        ("Делегацию возглавила начальник Департамента Смоленской области по туризму А.В. Белова", ["А.В. Белова"]),
        ("министр здравоохранения Республики Абхазия Л.А. Ачба и врачи больницы", ["Л.А. Ачба"]),
        ("встреча с Генеральным консулом Республики Таджикистан Р.С. Султонзодой", ["Р.С. Султонзода"]),
        ("вечер к 200-летию со дня рождения А.К. Толстого", ["А.К. Толстой"]),
        ("турнир памяти Героя Советского Союза И.П. Кузнецова", []),
        ("жюри – профессор академии имени Гнесиных О.Л. Петров", ["О.Л. Петров"]),
        ("посольства Российской Федерации А.Б. Смирнов", ["А.Б. Смирнов"]),
    ],
)
def test_initials(text: str, expected: list[str]) -> None:
    assert normals(text) == expected


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("художественное наследие Наполеона Орды – уроженца Беларуси", "Наполеона Орды", "Наполеон Орда"),
        ("стихи Марины Цветаевой прочитали школьники", "Марины Цветаевой", "Марина Цветаева"),
        ("Концерт открыл Михаил Иванович Глинкин", "Михаил Иванович Глинкин", "Михаил Иванович Глинкин"),
        ("вместе с Юрием Гагариным", "Юрием Гагариным", "Юрий Гагарин"),
        # surname first: the whole name is in one case, and "Иванов" is not Иван's plural
        ("выступил Иванов Иван Иванович", "Иванов Иван Иванович", "Иванов Иван Иванович"),
        # ... and a surname natasha leaves out of the span is taken back
        ("во главе с заместителем председателя облисполкома Дубовиком Сергеем Николаевичем",
         "Сергеем Николаевичем", "Дубовик Сергей Николаевич"),
        ("Заместитель Главы района Ларионова Светлана Викторовна выступила", "Светлана Викторовна",
         "Ларионова Светлана Викторовна"),
        # foreign names: every part takes the case the last one shows, or does not decline
        ("переговоры с мэром Милошем Йовановичем", "Милошем Йовановичем", "Милош Йованович"),
        ("встреча с послом Чан Ань Туаном", "Чан Ань Туаном", "Чан Ань Туан"),
        # a post before the name is not a surname
        ("Встреча прошла. Председатель Сергей Николаевич открыл её", "Сергей Николаевич", "Сергей Николаевич"),
    ],
)
def test_ner_full_names(text: str, part: str, expected: str) -> None:
    assert normals(text, [span(text, part)]) == [expected]


def test_ner_span_starting_with_a_place_is_trimmed() -> None:
    text = "руководитель делегации – вице-мэр г. Оша Нурбек Абдыкадыров"
    assert [m.normal for m in PERSONS(text, [span(text, "Оша Нурбек Абдыкадыров")], [span(text, "Оша")])] == [
        "Нурбек Абдыкадыров"]


def test_ner_span_starting_with_an_abbreviation_is_trimmed() -> None:
    text = "лекции доцентов кафедры СмолГУ О.В. Беловой"
    assert normals(text, [span(text, "СмолГУ О.В. Беловой")]) == ["О.В. Белова"]


@pytest.mark.parametrize("text", ["Врачи-кардиологи областной больницы", "Чрезвычайным и Полномочным Послом",
                                  "Ельня встречает гостей"])
def test_ner_spans_that_are_not_names_are_dropped(text: str) -> None:
    first = text.split()[0]
    assert normals(text, [span(text, first)]) == []


def test_places_passed_as_exclude_are_not_persons() -> None:
    text = "команды г. Островца и г. Нововоронежа"
    places = [span(text, "г. Островца"), span(text, "г. Нововоронежа")]
    assert PERSONS(text, [span(text, "Островца"), span(text, "Нововоронежа")], places) == []


def test_ner_name_inside_organization_is_excluded() -> None:
    text = "представители МБОУ «СШ № 13 имени Э.Д. Балтина» г. Смоленска"
    assert normals(text, [span(text, "Э.Д. Балтина")]) == []


def test_offsets_and_label() -> None:
    text = "выступил В.Н. Анохин"
    [m] = PERSONS(text)
    assert text[m.start:m.end] == m.text == "В.Н. Анохин" and m.label == "PER"


# --- the case and gender of a name from its parts and its context (person_names) ----------------

@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # a list shares its case: the genitive of "памяти земляков"
        ("Вечер посвящён памяти земляков – П.А. Соколова, И.В. Орлова и Е.Н. Петровского", [],
         ["П.А. Соколов", "И.В. Орлов", "Е.Н. Петровский"]),
        # the instrumental after a plural noun or a post
        ("концерт с артистами Д.С. Белозерским, К.М. Ивановой", [], ["Д.С. Белозерский", "К.М. Иванова"]),
        ("во главе с мэром города Игорем Степановым", ["Игорем Степановым"], ["Игорь Степанов"]),
        ("встреча с заместителем главы Т.Г. Серебряковой", [], ["Т.Г. Серебрякова"]),
        ("визит Н.Н. Кобякова в г. Минск", [], ["Н.Н. Кобяков"]),
        # foreign names: the ending's paradigm, indeclinable endings left as they are
        ("переговоры с послом Пеккой Лайтиненом", ["Пеккой Лайтиненом"], ["Пекка Лайтинен"]),
        ("встреча с губернатором аймака Батбаяром Дорждамбаа", ["Батбаяром Дорждамбаа"], ["Батбаяр Дорждамбаа"]),
        ("приезд консула Монголии Батчулууна Баатаржава", ["Батчулууна Баатаржава"], ["Батчулуун Баатаржав"]),
        ("с председателем комитета Буяагийном Тулгой", ["Буяагийном Тулгой"], ["Буяагийн Тулга"]),
        ("делегацию возглавил проректор Ли Вэньцзюнь, гости посетили вуз", ["Ли Вэньцзюнь"], ["Ли Вэньцзюнь"]),
        ("лекция профессора Ли Вэньцзюня о медицине", ["Ли Вэньцзюня"], ["Ли Вэньцзюнь"]),
        ("переговоры с Али Резаи о поставках", ["Али Резаи"], ["Али Резаи"]),
        ("концерт солистки Хиблы Герзмавы", ["Хиблы Герзмавы"], ["Хибла Герзмава"]),
        ("встреча с поверенным в делах Владимиром Ваньке", ["Владимиром Ваньке"], ["Владимир Ваньке"]),
        ("с председателем Совета депутатов Екатериной Зенкевич", ["Екатериной Зенкевич"], ["Екатерина Зенкевич"]),
        # a name already in the nominative stays as written, whatever else its words could be
        ("соглашение подписали Андрей Шимкив и Жамшид Ходжаев", ["Андрей Шимкив", "Жамшид Ходжаев"],
         ["Андрей Шимкив", "Жамшид Ходжаев"]),
        ("в форуме участвовали послы К. Джалали, Д. Абаев и Б. Асадов", [], ["К. Джалали", "Д. Абаев", "Б. Асадов"]),
        ("председатель облдумы Валентин Суббот встретился с гостями", ["Валентин Суббот"], ["Валентин Суббот"]),
        # a thing right before the name governs it in the genitive
        ("премьера оперы С.С. Прокофьева «Война и мир»", [], ["С.С. Прокофьев"]),
        ("По оценке Ильсура Метшина, сотрудничество растёт", ["Ильсура Метшина"], ["Ильсур Метшин"]),
        # a participle after the name agrees with it
        ("визит лидера КНДР Ким Чен Ына, прибывшего в Приморье", ["Ким Чен Ына"], ["Ким Чен Ын"]),
        # initials written "Дж." and "К.-Ж."
        ("с таджикской стороны – Дж. Джумахонзода, представители министерства", [], ["Дж. Джумахонзода"]),
        ("послание Президента К.-Ж. Токаева", [], ["К.-Ж. Токаев"]),
    ],
)
def test_case_and_gender_from_parts_and_context(text: str, names: list[str], expected: list[str]) -> None:
    assert normals(text, [span(text, n) for n in names]) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("глава г. Н. Новгорода выступил", []),                      # a town written short
        ("губернатор провинции Хэнань встретил гостей", ["Хэнань"]),  # a province after its noun
    ],
)
def test_places_written_like_names_are_not_persons(text: str, names: list[str]) -> None:
    from extract.extractors.settlements import SettlementExtractor

    places = [(m.start, m.end) for m in SettlementExtractor()(text)]
    exclude = [(m.start, m.end) for m in ORGS(text)] + places
    assert [m.normal for m in PERSONS(text, [span(text, n) for n in names], exclude)] == []


def test_natasha_spans_holding_two_names_or_a_post_are_cut() -> None:
    text = "На встрече с Президентом Ш.М. Мирзиёевым В.П. Хоценко представил проекты. Губернатор А.С. Беспрозванных"
    found = normals(text, [span(text, "Ш.М. Мирзиёевым В.П. Хоценко"), span(text, "Губернатор А.С. Беспрозванных")])
    assert found == ["Ш.М. Мирзиёев", "В.П. Хоценко", "А.С. Беспрозванных"]


def test_a_name_with_an_initial_inside_is_one_name() -> None:
    text = "вышел сборник рассказов писателя Грея Ф. Грина"
    assert normals(text, [span(text, "Грея Ф. Грина")]) == ["Грей Ф. Грин"]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ильсур Раисович Метшин", "И.Р. Метшин"], ["Ильсур Раисович Метшин"]),
        (["Ильсур Метшин", "И.Р. Метшин"], ["И.Р. Метшин"]),
        (["М. Тойсеркани", "Мохсен Тойсеркани"], ["Мохсен Тойсеркани"]),
        (["Дж. Джумахонзода", "Джамшед Джумахонзода"], ["Джамшед Джумахонзода"]),
        (["А.С. Иванов", "В.С. Иванов", "А.С. Иванова"], ["А.С. Иванов", "В.С. Иванов", "А.С. Иванова"]),
        (["Ларионова Светлана Викторовна", "С.В. Ларионова"], ["Ларионова Светлана Викторовна"]),
    ],
)
def test_one_person_written_several_ways_is_listed_once_in_its_fullest_form(names, expected) -> None:
    from extract.extractors.person_variants import merge_person_variants

    assert merge_person_variants(names) == expected
