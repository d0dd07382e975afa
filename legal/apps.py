from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """The pages every French public-facing service shows (mentions légales, politique de
    confidentialité, charte de la communauté, déclaration d'accessibilité, plan du site) and the
    members' acceptance of the charter. At the bottom of the house with ``config``: it depends on
    no other app, so that community's onboarding may ask it whether the charter is accepted."""

    name = "legal"
    verbose_name = _("Legal pages")

    def ready(self) -> None:
        from legal import checks, gate  # noqa: F401 (the deploy check; the gate's signals)
