"""Every interface text and every data text exists in all six languages."""

import pytest

from app.config import LANGUAGES
from app.services.i18n import interface_languages, translations
from app.services.loading import read_data
from app.services.messages import interface_messages, missing_data_texts, untranslated
from tests.conftest import DATA_DIR

TRANSLATED = [language for language in LANGUAGES if language != "en"]


def test_interface_texts_are_found_in_code_and_templates():
    messages = interface_messages()
    assert "Find help that suits you" in messages
    assert len(messages) > 40


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_text_is_translated(language):
    assert untranslated(language, interface_messages()) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_data_text_is_translated(language):
    assert missing_data_texts(read_data(DATA_DIR), language) == []


def test_all_six_languages_can_be_chosen():
    assert interface_languages() == LANGUAGES


def test_the_catalogs_are_used():
    assert translations("nl").gettext("Search") == "Zoeken"
    assert translations("ar").gettext("Search") not in ("Search", "Zoeken")


def test_placeholders_survive_translation():
    for language in TRANSLATED:
        text = translations(language).gettext("Help near %(place)s") % {"place": "Almelo"}
        assert "Almelo" in text, language
