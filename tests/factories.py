"""factory_boy factories for the community app."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from community.models import Application, Metier, Profile, Role, User, UserStatus
from legal.models import CharterAcceptance
from legal.selectors import current_charter

DEFAULT_PASSWORD = "un-mot-de-passe-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    status = UserStatus.MEMBER
    role = Role.MEMBER
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
            Profile.objects.get_or_create(user=obj)


class MemberFactory(UserFactory):
    """An approved member who completed onboarding."""

    @factory.post_generation
    def onboarded(obj, create, extracted, **kwargs):
        if not create:
            return
        profile = obj.profile
        profile.organisation = "Tiers-lieu de la Vallée"
        profile.actor_kind = "association"
        profile.perimeter = "local"
        profile.region = kwargs.get("region", "bretagne")
        profile.onboarded_at = timezone.now()
        profile.save()
        metiers = kwargs.get("metiers", ["accompagnement"])
        profile.metiers.set(Metier.objects.filter(slug__in=metiers))
        profile.skills.set(kwargs.get("skills", ["Tiers-lieux", "Facilitation"]))
        # Onboarding accepts the charter in force (legal/): a made member has accepted it too.
        # ``charter=False`` makes a member who joined before it was published.
        charter = current_charter()
        if charter is not None and kwargs.get("charter", True):
            CharterAcceptance.objects.get_or_create(user=obj, version=charter)


class ModeratorFactory(MemberFactory):
    role = Role.MODERATOR


class AdminFactory(MemberFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


class ApplicantFactory(UserFactory):
    status = UserStatus.APPLICANT

    @factory.post_generation
    def application(obj, create, extracted, **kwargs):
        if create:
            profile = obj.profile
            profile.organisation = "Mairie de Quimperlé"
            profile.actor_kind = "collectivite"
            profile.perimeter = "local"
            profile.region = "bretagne"
            profile.save()
            Application.objects.create(user=obj, motivation="Je coordonne un PTCE.")


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread mention for a new member, unless told otherwise."""

    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(MemberFactory)
    kind = "mention"
    actor = factory.SubFactory(MemberFactory)
    text = factory.Sequence(lambda n: f"Anouk Martin — message {n}")
    url = "/chat/1/#m-1"


def _group_wall():
    from walls.models import Wall

    return Wall.objects.get(kind=Wall.Kind.GROUP)


class ThemedWallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "walls.Wall"

    kind = "themed"
    name = factory.Sequence(lambda n: f"Mur thématique {n}")
    slug = factory.Sequence(lambda n: f"mur-thematique-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post on the network's wall (created by a migration), rendered as plain text.
    For data in bulk; tests of behaviour go through walls.services."""

    class Meta:
        model = "walls.Post"

    wall = factory.LazyFunction(_group_wall)
    author = factory.SubFactory(MemberFactory)
    body = factory.Sequence(lambda n: f"Billet numéro {n}")
    html = factory.LazyAttribute(lambda post: f"<p>{post.body}</p>")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "walls.Comment"

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(MemberFactory)
    body = factory.Sequence(lambda n: f"Commentaire numéro {n}")
    html = factory.LazyAttribute(lambda comment: f"<p>{comment.body}</p>")
