"""One organization written several ways in a row is listed once, in its fullest form."""
from __future__ import annotations

import pytest

from extract.extractors.org_variants import merge_variants, same_organization


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # the same words in another case; an unknown adjective by its stem
        ("Мозырским районным исполнительным комитетом", "Мозырского районного исполнительного комитета", True),
        ("Несвижским районным исполнительным комитетом", "Несвижского районного исполнительного комитета", True),
        # abbreviations, letter by letter or with syllables, and a letter starting a root of a compound
        ("ФГБОУ ВО «Смоленская ГСХА»", "ФГБОУ ВО «Смоленская государственная сельскохозяйственная академия»", True),
        ("ФГБОУ ВО «СмолГУ»", "ФГБОУ ВО «Смоленский государственный университет»", True),
        ("МВД России", "Министерства внутренних дел России", True),
        ("ВПК «Гвардеец»", "военно-патриотического клуба «Гвардеец»", True),
        ("Администрации МО «Вяземский район» Смоленской области",
         "Администрацией муниципального образования «Вяземский район» Смоленской области", True),
        # a contracted word, and a body written with and without where it is
        ("Могилевского облисполкома", "Могилевского областного исполнительного комитета", True),
        ("Мозырским районным исполнительным комитетом",
         "Мозырского районного исполнительного комитета Гомельской области", True),
        # a bare name and the same name quoted after a legal form
        ("Российского экспортного центра", "АО «Российский экспортный центр»", True),
        ("Смоленском государственном медицинском университете",
         "ФГБОУ ВО «Смоленский государственный медицинский университет» Минздрава России", True),
        # the same quoted name with descriptors left out
        ("Ансамбль «Родничок»", "Образцовый ансамбль народного танца «Родничок»", True),
        # different organizations
        ("Администрации Смоленской области", "Администрации МО «Вяземский район» Смоленской области", False),
        ("Министерства культуры Республики Беларусь", "Министерства культуры Смоленской области", False),
        ("МБОУ «СШ № 2»", "МБУДО «СШ № 2»", False),
        ("МБОУ «Гимназия № 1»", "МБОУ «Гимназия № 2»", False),
        ("УО «Гродненский государственный университет»", "УО «Гродненский государственный аграрный университет»",
         False),
        ("Смоленской областной Думы", "Смоленского областного суда", False),
        # a unit and its parent are two (the guide lists the parent too when named on its own)
        ("ОАО «Белагропромбанк»", "центра банковских услуг ОАО «Белагропромбанк»", False),
    ],
)
def test_same_organization(a: str, b: str, same: bool) -> None:
    assert same_organization(a, b) is same
    assert same_organization(b, a) is same


def test_merge_keeps_the_fullest_form_in_first_mention_order() -> None:
    mentions = ["ФГБОУ ВО «Смоленская ГСХА»", "УО «Гродненский государственный аграрный университет»",
                "ФГБОУ ВО «Смоленская государственная сельскохозяйственная академия»"]
    assert merge_variants(mentions) == ["ФГБОУ ВО «Смоленская государственная сельскохозяйственная академия»",
                                        "УО «Гродненский государственный аграрный университет»"]
