"""Catalyse settings: one file, driven by environment variables (DESIGN.md §4).

With nothing set the platform runs in embedded mode: SQLite, in-memory channel layer,
local-memory cache, tasks run in-process, mail printed to the console.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CATALYSE_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key(), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"  # a French page with a way back
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "taggit",
    "django_htmx",
    "django_tasks_db",
    "worker",
    "community",
    "search",
    "chat",
    "notifications",
    "walls",
    "news",
    "moderation",
    "projects",
    "documents",
    "events",
    "privacy",
    "legal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "community.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.site.SiteAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "community.middleware.MembershipGateMiddleware",
]
if env_bool("SERVER_TIMING", False):
    MIDDLEWARE.insert(0, "config.timing.ServerTimingMiddleware")

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.forms.FormRenderer"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community.context_processors.navigation",
                "chat.context_processors.chat_unread",
                "notifications.context_processors.notifications_badge",
                "moderation.context_processors.navigation",
            ],
            # French typography for composed sentences, in every template (config/typography.py).
            "builtins": ["config.templatetags.typography"],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# PostgreSQL: a pool of connections per process (psycopg_pool), borrowed for a request and given
# back at its end. Under Daphne a persistent connection per thread exhausts the server, and a
# new connection per request costs its set-up every time (docs/benchmarks.md, "Pages under
# load"). 0 turns the pool off; so does a DATABASE_CONN_MAX_AGE (Django cannot combine them).
DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 10)
if (DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        and DATABASE_POOL_MAX_SIZE and not DATABASES["default"]["CONN_MAX_AGE"]):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(2, DATABASE_POOL_MAX_SIZE),
        "max_size": DATABASE_POOL_MAX_SIZE,
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "catalyse",
            # A Redis that hangs costs a page half a second, then the page goes without it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Redis pub/sub rather than channels_redis' core layer: measured faster for a room's
    # fan-out, no group state left in Redis, and it works with redis-py 8's defaults, under
    # which the core layer drops idle sockets every 5 s (docs/benchmarks.md, "Chat fan-out").
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "catalyse"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS_QUEUE = env_str("TASKS_QUEUE", "immediate")
if TASKS_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The worker (manage.py worker, worker/): a RUNNING task whose worker has not beaten for a lease
# goes back to the queue, at most TASKS_MAX_ATTEMPTS claims in all; the worker waits for its
# database with a backoff of up to TASKS_WORKER_MAX_BACKOFF seconds (docs/operations.md).
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_SECONDS", 60)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 5)
TASKS_WORKER_MAX_BACKOFF = env_int("TASKS_WORKER_MAX_BACKOFF", 30)

# Search: Meilisearch when MEILISEARCH_URL is set, the embedded engine otherwise.
# MEILISEARCH_API_KEY: a key allowed to write (indexes, settings, documents); searches use
# MEILISEARCH_SEARCH_KEY when set (a search-only key). MEILISEARCH_TASK_TIMEOUT: seconds a write
# waits for its Meilisearch task, once queued and again once processed (docs/operations.md).
MEILISEARCH_URL = env_str("MEILISEARCH_URL")
MEILISEARCH_API_KEY = env_str("MEILISEARCH_API_KEY")
MEILISEARCH_SEARCH_KEY = env_str("MEILISEARCH_SEARCH_KEY")
MEILISEARCH_TASK_TIMEOUT = env_int("MEILISEARCH_TASK_TIMEOUT", 30)
if MEILISEARCH_URL:
    SEARCH_BACKEND = {
        "BACKEND": "search.backends.meilisearch.MeilisearchBackend",
        "OPTIONS": {
            "url": MEILISEARCH_URL,
            "api_key": MEILISEARCH_API_KEY,
            "search_api_key": MEILISEARCH_SEARCH_KEY,
            "task_timeout": MEILISEARCH_TASK_TIMEOUT,
            "index_prefix": env_str("SEARCH_INDEX_PREFIX", "catalyse_"),
        },
    }
else:
    SEARCH_BACKEND = {
        "BACKEND": "search.backends.embedded.EmbeddedBackend",
        "OPTIONS": {"path": str(VAR_DIR / "search")},
    }

MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
STORAGES = {
    # A write that fails (disk full) removes what it wrote (documents/storage.py).
    "default": {"BACKEND": "documents.storage.WholeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Mail -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Catalyse <ne-pas-repondre@catalyse.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _mail = urlsplit(EMAIL_URL)
    _options = parse_qs(_mail.query)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or 25,
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_tls": _mail.scheme == "smtp+tls" or _options.get("tls") == ["1"],
                "use_ssl": _mail.scheme == "smtps",
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.membership.ApplicationSignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Catalyse] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Activity tracking writes on every request; the session list only needs the login record.
USERSESSIONS_TRACK_ACTIVITY = False
TAGGIT_CASE_INSENSITIVE = True

MFA_ADAPTER = "community.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Catalyse"
MFA_REQUIRED_FOR_MODERATORS = env_bool("MFA_REQUIRED_FOR_MODERATORS", False)
# Key that encrypts TOTP secrets at rest; derived from SECRET_KEY unless given.
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY")

INVITATION_VALID_DAYS = 14
AVATAR_MAX_BYTES = env_int("AVATAR_MAX_BYTES", 3 * 1024 * 1024)
DIRECTORY_PAGE_SIZE = 24
ADMIN_URL = env_str("ADMIN_URL", "admin/")
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Uploads (documents/safety.py). More files than DATA_UPLOAD_MAX_NUMBER_FILES stops the request
# before any view runs: documents/errors.py answers it with a French 400 page.
DOCUMENTS_MAX_UPLOAD_BYTES = env_int("DOCUMENTS_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
DOCUMENTS_MAX_FILES_PER_REQUEST = env_int("DOCUMENTS_MAX_FILES_PER_REQUEST", 10)
DOCUMENTS_MEMBER_QUOTA_BYTES = env_int("DOCUMENTS_MEMBER_QUOTA_BYTES", 500 * 1024 * 1024)
DOCUMENTS_MAX_IMAGE_PIXELS = env_int("DOCUMENTS_MAX_IMAGE_PIXELS", 50_000_000)
# Request bodies are refused from their Content-Length before they are read (413,
# config/request_limits.py): a member's at most a request's files plus the form around them; a
# visitor without a session can only post the login and application forms.
MAX_REQUEST_BODY_BYTES = env_int(
    "MAX_REQUEST_BODY_BYTES", DOCUMENTS_MAX_UPLOAD_BYTES * DOCUMENTS_MAX_FILES_PER_REQUEST + 2**20)
ANONYMOUS_MAX_REQUEST_BODY_BYTES = env_int("ANONYMOUS_MAX_REQUEST_BODY_BYTES", 2**20)
# The first handler stops keeping a file's bytes past DOCUMENTS_MAX_UPLOAD_BYTES (disk safety).
FILE_UPLOAD_HANDLERS = [
    "documents.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "documents.uploads.DiskSafeTemporaryFileUploadHandler",  # a full disk: a form error
]
# ClamAV daemon: "tcp://host:port" or a unix socket path; empty: no virus scan.
CLAMD_ADDRESS = env_str("CLAMD_ADDRESS")
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The footer's RGAA status ("none", "partial", "full"): "none" until an audit says otherwise
# (docs/legal.md); change it together with the accessibility statement's text.
LEGAL_ACCESSIBILITY_STATUS = env_str("LEGAL_ACCESSIBILITY_STATUS", "none")

# --- Security ---------------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# The reverse proxies whose X-Forwarded-For we believe (IPs or CIDR networks, comma-separated;
# none by default): the client is the address the last of them saw (config/client_address.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.tasks": {"level": "WARNING"},
    },
}
