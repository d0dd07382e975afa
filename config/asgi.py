"""ASGI entry point, served by Daphne: HTTP goes to Django, /ws/ to the realtime consumer."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402
from config.disconnects import QuietDisconnects  # noqa: E402
from config.websocket_origin import OriginValidator  # noqa: E402

application = ProtocolTypeRouter({
    # A client that goes away logs nothing (config/disconnects.py).
    "http": QuietDisconnects(django_asgi_app),
    # The Origin is compared scheme, host and port (config/websocket_origin.py).
    "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})

# The client's address from trusted proxies only; bodies over the limit refused from their
# headers, before Daphne reads them (config/client_address.py, config/request_limits.py).
from config.client_address import TrustedProxyMiddleware  # noqa: E402
from config.request_limits import RequestBodyLimitMiddleware, install_daphne_guard  # noqa: E402

application = TrustedProxyMiddleware(RequestBodyLimitMiddleware(application))
install_daphne_guard()

# Everything loaded so far (Django, the apps, the URLconf) lives as long as the process: out of
# the garbage collector's sight, full collections stay short while sockets fan messages out.
gc.freeze()
