"""Language identification (`language.identify_language`): the language of the script
most of the body is written in."""

from pathlib import Path

import pytest

from corroborate.clean import clean_lexicon, label_lines
from corroborate.language import identify_language

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Short texts written for these tests: a French post quoting Arabic lines, each followed
# by its translation (the Arabic is shorter in letters, longer in bytes).
_ARABIC = [
    "الشمس مشرقة اليوم في المدينة والناس يذهبون إلى السوق لشراء الخبز والفاكهة والخضار.",
    "الأطفال يلعبون في الحديقة بينما يجلس كبار السن في المقهى ويشربون الشاي ويتحدثون.",
    "المدينة هادئة في المساء والشوارع فارغة بعد أن يعود الجميع إلى بيوتهم.",
]
_FRENCH = [
    "Le soleil brille aujourd'hui sur la ville, et les habitants vont au marché acheter "
    "du pain, des fruits et des légumes.",
    "Les enfants jouent dans le jardin pendant que les anciens, assis au café, boivent "
    "du thé et parlent.",
    "La ville est calme le soir, et les rues sont vides une fois que chacun est rentré chez lui.",
]
_FRENCH_WITH_ARABIC = "\n".join(
    ["Le blogueur raconte sa journée au marché du vieux quartier, un samedi matin."]
    + [line for pair in zip(_ARABIC, _FRENCH, strict=True) for line in pair])


def _identify(text: str) -> str:
    return identify_language(text, label_lines(text, clean_lexicon()))


def test_a_french_page_quoting_arabic_with_its_translation_is_french() -> None:
    assert _identify(_FRENCH_WITH_ARABIC) == "fr"


def test_the_arabic_lines_alone_are_arabic() -> None:
    assert _identify("\n".join(_ARABIC)) in {"ar", "ary", "arz"}


def test_a_russian_page_quoting_an_english_line_is_russian() -> None:
    text = "\n".join([
        "Президент выступил в парламенте во вторник и рассказал о новых планах правительства "
        "по строительству дорог и школ в регионах страны.",
        '"We will build roads", he said.',
        "Депутаты задали много вопросов о бюджете и сроках, но министр ответил не на все из них.",
    ])
    assert _identify(text) == "ru"


@pytest.mark.parametrize("name", ["fr/egypt/2011-04-16/gv_22.txt", "fr/syria/2011-07-11/gv_15.txt",
                                  "es/egypt/2012-10-04/gv_11.txt"])
def test_real_posts_quoting_arabic_keep_their_language(name: str) -> None:
    """Global Voices posts that quote Arabic and translate it (read as Moroccan Arabic
    until the script was weighed)."""
    path = SHARED / "data" / "ml-crisis" / name
    assert _identify(path.read_text(encoding="utf-8")) == name[:2]


def test_a_page_in_one_script_is_read_whole() -> None:
    text = ("Les députés ont adopté mardi le projet de loi sur l'énergie, après trois jours "
            "de débats dans l'hémicycle et une longue nuit de négociations.")
    assert _identify(text) == "fr"
