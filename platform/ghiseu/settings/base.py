"""Core Django settings: applications, tenancy, middleware, templates, i18n."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from .env import DJANGO_ENV, IS_PRODUCTION, IS_TEST, REPO_ROOT, env, secret

BASE_DIR = REPO_ROOT
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# In development a fixed, clearly-marked key; production refuses to start without a real one.
SECRET_KEY = secret("DJANGO_SECRET_KEY") or (
    "" if IS_PRODUCTION else "dev-only-insecure-key-ghiseu-" + DJANGO_ENV + "-0123456789abcdef"
)

# Every host is checked against the Domain table by the tenant routing middleware, which is
# the real allow-list (custom domains are data, not configuration).
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])

# The county's site: public schema, directory of UATs and the county console.
GHISEU_BASE_DOMAIN = env.str("GHISEU_BASE_DOMAIN", default="localhost").lower().rstrip(".")
GHISEU_URL_SCHEME = env.str("GHISEU_URL_SCHEME", default="https" if IS_PRODUCTION else "http")
GHISEU_URL_PORT = env.str("GHISEU_URL_PORT", default="" if IS_PRODUCTION else "8000")
GHISEU_COUNTY_NAME = env.str("GHISEU_COUNTY_NAME", default="Caraș-Severin")
# Seconds each process keeps a host's UAT (tenants.host_cache). The tests change UATs behind
# the ORM's back (queryset updates) and look at once: off there, but in the cache's own tests.
GHISEU_HOST_CACHE_SECONDS = env.int("GHISEU_HOST_CACHE_SECONDS", default=0 if IS_TEST else 10)
# Subdomains that can never be a UAT's slug.
GHISEU_RESERVED_SLUGS = frozenset(
    {
        "www",
        "admin",
        "api",
        "static",
        "media",
        "mail",
        "smtp",
        "ftp",
        "consola",
        "console",
        "public",
        "app",
        "assets",
        "cdn",
        "status",
        "help",
        "docs",
        "ns1",
        "ns2",
        "localhost",
    }
)

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "ghiseu.accounts",
    "ghiseu.audit",
    "ghiseu.ops",
    "services_catalog",
    "billing_reporting",
    "citizens",
    "website.county",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
# Users and sessions live in each UAT's own schema: a login on one UAT is worthless on another.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "ghiseu.accounts",
    "ghiseu.audit",
    "ghiseu.notifications",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "services_catalog.offers",
    "services_catalog.drafts",
    "dms",
    "payments",
    "billing_reporting.quality",
    "website",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.UAT"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "ghiseu.urls_public"
ROOT_URLCONF = "ghiseu.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"  # /birou/ on a portal, /consola/cont/ on the county site
# django-axes first: it refuses a sign-in while its (username, address) pair is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Attempts are stored in the schema of the portal they were made on, like the users.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, holding the e-mail
# Behind the load balancer the client's address is the last one it appended.
# Without a proxy in front, X-Forwarded-For is whatever the client wrote: ignore it.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1 if IS_PRODUCTION else 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# An invitation link stays valid this many days; after that the staff list marks it expired.
GHISEU_INVITATION_DAYS = env.int("GHISEU_INVITATION_DAYS", default=3)
PASSWORD_RESET_TIMEOUT = GHISEU_INVITATION_DAYS * 24 * 3600

MIDDLEWARE = [
    "ghiseu.ops.middleware.RequestIdMiddleware",
    "ghiseu.ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ghiseu.ops.middleware.ContentSecurityPolicyMiddleware",
    # Above the host routing, so pages for unknown or malformed hosts cannot be framed either.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Static files are the same on every host: served before the host is even looked up.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.TenantRoutingMiddleware",
    "ghiseu.ops.middleware.LanguageMiddleware",
    # Before anything reads a parameter, a form field or a cookie (the session key).
    "ghiseu.ops.middleware.ControlCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ghiseu.accounts.middleware.SessionTenantBindingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ghiseu.accounts.sessions.middleware.SessionLifetimeMiddleware",
    "tenants.middleware.TenantStatusMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_ROOT / "platform" / "ghiseu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ghiseu.branding.context_processors.branding",
                "citizens.context_processors.citizen",
                "website.navigation.site_navigation",
            ],
        },
    }
]

WSGI_APPLICATION = "ghiseu.wsgi.application"
ASGI_APPLICATION = "ghiseu.asgi.application"

# Romanian first; English too. Message ids are Romanian, so a missing English string still
# shows the primary language rather than a developer's placeholder.
LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", _("Română")), ("en", _("English"))]
LOCALE_PATHS = [REPO_ROOT / "platform" / "ghiseu" / "locale"]
LANGUAGE_COOKIE_NAME = "ghiseu_lang"
LANGUAGE_COOKIE_SECURE = IS_PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "ghiseu.ops.api.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "ghiseu.ops.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ghișeu API",
    "DESCRIPTION": "Public API of the Ghișeu platform",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema view would read ROOT_URLCONF, the UAT portals' URLs, which hold no API: it
    # documents the county site's API and the portals' together.
    "SERVE_URLCONF": [PUBLIC_SCHEMA_URLCONF, ROOT_URLCONF],
}

# Uploaded coats of arms: at most this many bytes, and only raster formats
# (an SVG can carry script).
GHISEU_LOGO_MAX_BYTES = env.int("GHISEU_LOGO_MAX_BYTES", default=1024 * 1024)
GHISEU_LOGO_FORMATS = ("PNG", "JPEG", "WEBP")

# migrate_schemas skips UAT schemas that are already up to date (tenants/migration_executor.py).
GET_EXECUTOR_FUNCTION = "tenants.migration_executor.get_executor"

# Custom domains: how their proof of control is checked (tests point these at stand-ins).
GHISEU_DNS_NAMESERVERS = env.list("GHISEU_DNS_NAMESERVERS", default=[])
GHISEU_DNS_PORT = env.int("GHISEU_DNS_PORT", default=53)
GHISEU_DOMAIN_PROOF_HTTP_PORT = env.int("GHISEU_DOMAIN_PROOF_HTTP_PORT", default=80)
GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE = env.bool("GHISEU_DOMAIN_PROOF_ALLOW_PRIVATE", default=False)

# Years a closed case keeps the citizen's personal data when neither its service nor its
# archive file code says otherwise (dms.archive.retention).
GHISEU_PERSONAL_DATA_YEARS = env.int("GHISEU_PERSONAL_DATA_YEARS", default=5)
