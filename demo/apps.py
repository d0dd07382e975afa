from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional network of ``manage.py seed_demo``.

    The one app that may import every other app (it fills them all through their services);
    nothing imports it, so removing it from INSTALLED_APPS leaves the platform whole.
    """

    name = "demo"
    verbose_name = _("Demo network")
