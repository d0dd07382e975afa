"""Accounts, roles and member profiles."""

import uuid
from pathlib import PurePath

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from community import taxonomy


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Administrator")


class UserStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    MEMBER = "member", _("Member")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Account closed")


class UserQuerySet(models.QuerySet):
    def members(self):
        """Approved members who may use the platform."""
        return self.filter(status=UserStatus.MEMBER, is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.create(user=user)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN, status=UserStatus.MEMBER)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account. Email is the login; ``status`` says whether the person is in the group."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=UserStatus, default=UserStatus.APPLICANT
    )
    # A closed account (privacy/closure/) keeps its row, emptied, so that what stays of the
    # person (their content "signed Ancien membre", the audit log) points at something stable:
    # ``pseudonym`` is the only name the platform knows them by afterwards.
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=12, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["status", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.closed_at is not None:
            return self.closed_label
        return self.get_full_name() or self.email.split("@")[0]

    @property
    def closed_label(self) -> str:
        """How a closed account is named where a name is still needed: "Ancien membre #a1b2c3",
        the same everywhere and for ever, with nothing of the person in it."""
        return f"{_('Former member')} #{self.pseudonym}"

    @property
    def is_closed(self) -> bool:
        return self.status == UserStatus.CLOSED

    @property
    def is_member(self) -> bool:
        return self.is_active and self.status == UserStatus.MEMBER

    @property
    def is_moderator(self) -> bool:
        return self.is_member and self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_member and self.role == Role.ADMIN

    def get_absolute_url(self) -> str:
        return reverse("community:member_detail", args=[self.pk])


class Metier(models.Model):
    """One of the four trades; the label comes from the code so that it can be translated."""

    slug = models.CharField(primary_key=True, max_length=40, choices=taxonomy.Metier)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.get_slug_display()


class FragilityDomain(models.Model):
    slug = models.CharField(primary_key=True, max_length=40, choices=taxonomy.FragilityDomain)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.get_slug_display()


def avatar_path(instance: "Profile", filename: str) -> str:
    """Random stored names: nothing of the uploaded name reaches the disk."""
    return f"avatars/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


departement_validator = RegexValidator(
    r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$",
    _("Enter a French département number, e.g. 35, 2A or 974."),
)


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    photo = models.ImageField(_("photo"), upload_to=avatar_path, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    actor_kind = models.CharField(
        _("kind of actor"), max_length=20, choices=taxonomy.ActorKind, blank=True
    )
    perimeter = models.CharField(
        _("perimeter"), max_length=20, choices=taxonomy.Perimeter, blank=True
    )
    region = models.CharField(
        _("region"), max_length=40, choices=taxonomy.Region, blank=True, db_index=True
    )
    departement = models.CharField(
        _("département"), max_length=3, blank=True, validators=[departement_validator]
    )
    metiers = models.ManyToManyField(Metier, verbose_name=_("trades"), blank=True)
    domains = models.ManyToManyField(
        FragilityDomain, verbose_name=_("fragility domains"), blank=True
    )
    skills = TaggableManager(verbose_name=_("skills"), blank=True)
    can_help_with = models.TextField(_("I can help with"), max_length=2000, blank=True)
    looking_for = models.TextField(_("I am looking for"), max_length=2000, blank=True)
    bio = models.TextField(_("about me"), max_length=4000, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    show_email = models.BooleanField(_("show my email address to members"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    show_phone = models.BooleanField(_("show my phone number to members"), default=False)
    contact_note = models.CharField(
        _("how best to reach me"), max_length=300, blank=True
    )
    public_directory_consent = models.BooleanField(
        _("appear in a future public directory"), default=False
    )
    onboarded_at = models.DateTimeField(_("profile completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None
