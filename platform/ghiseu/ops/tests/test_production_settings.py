"""Production refuses embedded defaults and passes `check --deploy` with no warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]

PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "ghiseu.settings",
    "DJANGO_SECRET_KEY": "k8$Hq2!vZr@9pL#xT4wYc^mN7bF&eJ0uGd*Ks5aR1oQz3iV6hW",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "ghiseu-documents",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.internal:587",
    "GHISEU_BASE_DOMAIN": "ghiseu.cjcs.ro",
    "SMS_PROVIDERS": "sns",
    "SMS_RECEIPT_SECRET": "a-long-shared-secret-for-gateway-receipts",
}


def run_manage(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_ENV",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_its_services():
    result = run_manage({"DJANGO_ENV": "production"}, "check")
    assert result.returncode != 0
    assert "refuses to start on embedded defaults" in result.stderr
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "AWS_STORAGE_BUCKET_NAME"):
        assert name in result.stderr


def test_production_refuses_an_embedded_database_even_with_everything_else():
    env = {**PRODUCTION}
    result = run_manage(env, "check")
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    env = {**PRODUCTION, "DATABASE_URL": os.environ["DATABASE_URL"]}
    result = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_self_hosted_store_gets_no_kms_header_path_addresses_and_streamed_downloads():
    env = {
        **PRODUCTION,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "AWS_S3_ENDPOINT_URL": "http://garage:3900",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_S3_SERVER_SIDE_ENCRYPTION": "",
        "AWS_QUERYSTRING_AUTH": "false",
    }
    show = "from django.conf import settings; print(settings.STORAGES['default']['OPTIONS'])"
    options = run_manage(env, "shell", "-c", show)
    assert options.returncode == 0, options.stderr
    assert "'object_parameters': {}" in options.stdout
    assert "'querystring_auth': False" in options.stdout
    assert "'addressing_style': 'path'" in options.stdout
    amazon = run_manage({**env, "AWS_S3_SERVER_SIDE_ENCRYPTION": "aws:kms"}, "shell", "-c", show)
    assert "'object_parameters': {'ServerSideEncryption': 'aws:kms'}" in amazon.stdout
