"""Every interface text has its Dutch translation; every data text has Dutch."""

from app.services.i18n import translations
from app.services.messages import interface_messages, untranslated


def test_interface_texts_are_found_in_code_and_templates():
    messages = interface_messages()
    assert "Find help that suits you" in messages
    assert len(messages) > 40


def test_every_interface_text_has_a_dutch_translation():
    assert untranslated("nl", interface_messages()) == []


def test_the_dutch_catalog_is_used():
    assert translations("nl").gettext("Search") == "Zoeken"
