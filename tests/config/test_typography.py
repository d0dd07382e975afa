"""config.typography.typeset: French elisions and no-break spaces on composed sentences, and its
template filter."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from config.typography import NBSP, typeset


def fr(text, **options):
    return typeset(text, language="fr", **options)


@pytest.mark.parametrize(("given", "expected"), [
    # de + vowel, accented or not, in names and words
    ("Message de Inès Moreau", "Message d'Inès Moreau"),
    ("Ville de Orléans", "Ville d'Orléans"),
    ("Mairie de Évry-Courcouronnes", "Mairie d'Évry-Courcouronnes"),
    ("Commentaire de Éric", "Commentaire d'Éric"),
    ("de Oliveira", "d'Oliveira"),
    ("Maison de Aïcha", "Maison d'Aïcha"),
    ("Le compte de Agnès est suspendu.", "Le compte d'Agnès est suspendu."),
    ("de Œdipe", "d'Œdipe"),
    ("de Ursule", "d'Ursule"),
    # le, la, que, ne
    ("le Orléanais", "l'Orléanais"),
    ("la association", "l'association"),
    ("la Île-de-France", "l'Île-de-France"),
    ("plus que Inès", "plus qu'Inès"),
    ("ne a pas", "n'a pas"),
    # capitals kept
    ("De Inès, un message", "D'Inès, un message"),
    ("La Association", "L'Association"),
    ("Que Anne vienne", "Qu'Anne vienne"),
    # y: before a consonant it elides, before a vowel it does not
    ("de Yves", "d'Yves"),
    ("de Yann", "de Yann"),
    ("de Yannick", "de Yannick"),
    ("de yaourt", "de yaourt"),
    # h: mute only for a short list of common words
    ("Conseil de habitants", "Conseil d'habitants"),
    ("de habitat", "d'habitat"),
    ("de hôpital", "d'hôpital"),
    ("le homme", "l'homme"),
    ("la histoire", "l'histoire"),
    ("le hôtel de ville", "l'hôtel de ville"),
    ("la heure", "l'heure"),
    ("de Hugo", "de Hugo"),
    ("de Hélène", "de Hélène"),
    ("de Hautefort", "de Hautefort"),
    ("le héros", "le héros"),
    ("la honte", "la honte"),
    # never elided
    ("le onze", "le onze"),
    ("le oui", "le oui"),
    ("de Bernard", "de Bernard"),
    ("de 3 membres", "de 3 membres"),
    ("de  ", "de  "),
    ("de", "de"),
    # only the words themselves, not the end of another word or of an address
    ("Agenda Inès", "Agenda Inès"),
    ("Jade Inès", "Jade Inès"),
    ("Claude Allègre", "Claude Allègre"),
    ("Vue Ouest", "Vue Ouest"),
    ("la Une", "l'Une"),  # a vowel is a vowel: we cannot know every exception
    ("https://exemple.org/de Inès", "https://exemple.org/de Inès"),
    ("fichier.de Inès", "fichier.de Inès"),
    ("aujourd'hui de Inès", "aujourd'hui d'Inès"),
    ("l'de Inès", "l'de Inès"),
    # upper-case words are left as written
    ("DE INÈS", "DE INÈS"),
])
def test_elision(given, expected):
    assert fr(given) == expected


@pytest.mark.parametrize(("given", "expected"), [
    ("Projet : X", f"Projet{NBSP}: X"),
    ("Projet: X", f"Projet{NBSP}: X"),
    ("Qui peut m'aider ?", f"Qui peut m'aider{NBSP}?"),
    ("Bienvenue sur Catalyse !", f"Bienvenue sur Catalyse{NBSP}!"),
    ("Bienvenue!", f"Bienvenue{NBSP}!"),
    ("la limite est de 5 Mo ; réessayez", f"la limite est de 5 Mo{NBSP}; réessayez"),
    ("« Tiers-lieux »", f"«{NBSP}Tiers-lieux{NBSP}»"),
    ("«Tiers-lieux»", f"«{NBSP}Tiers-lieux{NBSP}»"),
    ("Salon « Tiers-lieux » : 3 messages", f"Salon «{NBSP}Tiers-lieux{NBSP}»{NBSP}: 3 messages"),
    ("Mots  :  deux espaces", f"Mots{NBSP}:  deux espaces"),
    # left alone: times, addresses, query strings, marks at the start, a mark after a mark
    ("à 10:30 ce soir", "à 10:30 ce soir"),
    ("https://exemple.org/page?x=1&y=2", "https://exemple.org/page?x=1&y=2"),
    ("voir /recherche/?q=eau", "voir /recherche/?q=eau"),
    ("Quoi ?!", f"Quoi{NBSP}?!"),
    ("?", "?"),
    (":-)", ":-)"),
    ("3!", "3!"),
])
def test_no_break_spaces(given, expected):
    assert fr(given) == expected


def test_both_together_and_applied_twice_changes_nothing_more():
    given = "Message de Inès dans « Tiers-lieux », 07/12/2026 17:36 : à revoir ?"
    once = fr(given)
    assert once == (f"Message d'Inès dans «{NBSP}Tiers-lieux{NBSP}», 07/12/2026 17:36{NBSP}: "
                    f"à revoir{NBSP}?")
    assert fr(once) == once


def test_markup_is_never_changed():
    html = mark_safe('Bienvenue à <a href="/membres/de Inès/?x=1 : y" title="de Inès ?">'
                     "Inès</a> de <b>Orléans</b> : <code>de Inès ; x</code>"
                     "<pre>la Île ?</pre><!-- de Inès ! -->")
    out = fr(html)
    assert isinstance(out, SafeData)
    assert out == ('Bienvenue à <a href="/membres/de Inès/?x=1 : y" title="de Inès ?">'
                   f"Inès</a> d'<b>Orléans</b>{NBSP}: <code>de Inès ; x</code>"
                   "<pre>la Île ?</pre><!-- de Inès ! -->")


def test_an_entity_is_not_punctuation():
    escaped = mark_safe("l&#x27;atelier &quot;de Inès&quot; ; fin")
    assert fr(escaped) == f"l&#x27;atelier &quot;d'Inès&quot;{NBSP}; fin"


def test_plain_text_stays_plain():
    out = fr("de Inès <script>")
    assert not isinstance(out, SafeData) and out == "d'Inès <script>"


@pytest.mark.parametrize(("given", "expected"), [
    ("Mairie de Le Havre", "Mairie du Havre"),
    ("Mairie de Les Mureaux", "Mairie des Mureaux"),
    ("Rencontre à Le Mans", "Rencontre au Mans"),
    ("Fête à Les Sables-d'Olonne", "Fête aux Sables-d'Olonne"),
    ("Ville de La Rochelle", "Ville de La Rochelle"),
    ("Ville de Orléans", "Ville d'Orléans"),
    ("Communauté de communes du Pays de Évry", "Communauté de communes du Pays d'Évry"),
])
def test_places_contract_their_article(given, expected):
    assert fr(given, places=True) == expected


def test_people_keep_their_article():
    assert fr("Message de Le Goff") == "Message de Le Goff"
    assert fr("Message de Le Goff", places=True) == "Message du Goff"  # hence only on request


def test_only_in_french():
    assert typeset("Message de Inès : ok", language="en") == "Message de Inès : ok"
    with translation.override("en"):
        assert typeset("Message de Inès : ok") == "Message de Inès : ok"
    with translation.override("fr"):
        assert typeset("Message de Inès : ok") == f"Message d'Inès{NBSP}: ok"


def test_nothing_and_lazy_strings():
    assert fr(None) == "" and fr("") == ""
    with translation.override("fr"):
        from django.utils.translation import gettext_lazy
        assert typeset(gettext_lazy("Thank you: your report has been sent to the moderators.")
                       ).startswith(f"Merci{NBSP}:")


def test_the_template_filter_is_a_builtin_and_keeps_escaping():
    template = Template(
        "{{ name|typeset }}|{% filter typeset %}Message de {{ name }} : lu{% endfilter %}"
    )
    with translation.override("fr"):
        out = template.render(Context({"name": "Inès <b>"}))
    assert out == f"Inès &lt;b&gt;|Message d'Inès &lt;b&gt;{NBSP}: lu"
    with translation.override("en"):
        assert Template("{{ s|typeset }}").render(Context({"s": "de Inès :"})) == "de Inès :"


# --- Where it is applied (issue 10, item 8): one test per place ------------------------------

INES = {"first_name": "Inès", "last_name": "Moreau"}


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.mark.django_db
def test_a_moderation_notification_reads_in_french(french, moderator):
    from moderation import services
    from notifications.models import Notification
    from tests.factories import MemberFactory, PostFactory

    post = PostFactory(author=MemberFactory(**INES))
    services.decide(actor=moderator, item=post, decision="hide", reason="Hors sujet")
    notification = Notification.objects.get(recipient=post.author)
    assert f"Message d'Inès Moreau sur «{NBSP}" in notification.text
    assert notification.text.startswith(f"Masqué{NBSP}: Message d'Inès")


@pytest.mark.django_db
def test_a_notification_email_subject_keeps_its_no_break_space(french, member, other_member,
                                                                mailoutbox,
                                                                django_capture_on_commit_callbacks):
    from notifications import services
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(other_member, Notification.Kind.ROOM_INVITATION, member,
                        "Claire vous invite dans « Tiers-lieux »", "/chat/7/")
    [email] = mailoutbox
    assert f"{NBSP}: Claire vous invite dans «{NBSP}Tiers-lieux{NBSP}»" in email.subject


@pytest.mark.django_db
def test_the_activity_stream_puts_a_no_break_space_after_the_kind(french, as_user, member):
    from django.urls import reverse

    from news.models import ActivityEvent
    from news.services.activity import activity_record

    activity_record(kind=ActivityEvent.Kind.PROJECT_PUBLISHED, text="Habitat partagé",
                    url="/projets/1/")
    page = as_user(member).get(reverse("news:feed")).content.decode()
    assert f"Projet publié{NBSP}: <a href=\"/projets/1/\">Habitat partagé</a>" in page


@pytest.mark.django_db
def test_a_flash_message_and_a_page_title_are_typeset(french, as_user, member):
    from django.urls import reverse

    from tests.factories import MemberFactory, PostFactory

    post = PostFactory(author=MemberFactory(**INES))
    client = as_user(member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<title>Message d'Inès Moreau sur " in page
    response = client.post(reverse("walls:post_report", args=[post.pk]),
                           {"reason": "Publicité"}, follow=True)
    assert f"Merci{NBSP}: votre signalement" in response.content.decode()


def test_demo_organisations_are_named_in_french():
    from demo.generator import Generator

    class Fixed:
        def __init__(self, pattern):
            self.pattern = pattern

        def choice(self, options):
            return self.pattern if self.pattern in options else options[0]

    generator = Generator()
    for pattern, town, expected in [
        ("Mairie de {town}", "Orléans", "Mairie d'Orléans"),
        ("Ville de {town}", "Évry-Courcouronnes", "Ville d'Évry-Courcouronnes"),
        ("Mairie de {town}", "Le Havre", "Mairie du Havre"),
        ("CCAS de {town}", "Les Mureaux", "CCAS des Mureaux"),
        ("Ville de {town}", "Lyon", "Ville de Lyon"),
    ]:
        generator.rng = Fixed(pattern)
        assert generator.organisation_name("collectivite", "local", "", town) == expected


@pytest.mark.django_db
def test_wall_and_chat_labels_with_a_name(french, as_user, member, moderator):
    from django.urls import reverse

    from chat import services as chat
    from tests.factories import CommentFactory, MemberFactory, PostFactory

    ines = MemberFactory(**INES)
    post = PostFactory(author=ines)
    CommentFactory(post=post, author=ines)
    wall = as_user(member).get(post.get_absolute_url()).content.decode()
    assert "le message écrit par Inès Moreau, " in wall  # the post's actions (screen readers)
    assert "le commentaire d'Inès Moreau, " in wall.replace("&#x27;", "'")
    room = chat.room_create(actor=moderator, name="Tiers-lieux")
    message = chat.message_send(actor=ines, room=room, body="Bonjour")
    page = as_user(moderator).get(
        reverse("chat:message_delete", args=[room.pk, message.pk])).content.decode()
    assert f"<h1>Supprimer le message d'Inès Moreau{NBSP}?</h1>" in page


def test_labels_the_browser_fills_in_need_no_elision(french):
    """static/js/chat_messages.js puts a name into these labels, out of ``typeset``'s reach:
    their French must not put a word that elides ("de", "le", "la", "que") before a name."""
    from chat.views import _chat_strings

    for key, text in _chat_strings().items():
        for placeholder in ("%(name)s", "%(names)s"):
            if placeholder in text:
                before = text.split(placeholder)[0].split()
                assert not before or before[-1].lower() not in {"de", "le", "la", "que"}, (
                    key, text)
