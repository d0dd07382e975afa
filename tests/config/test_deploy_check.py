"""`manage.py check --deploy` is clean with production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Variables that must not leak in from the developer's or CI's environment (nor any *_FILE
# secret); DATABASE_URL is kept when set (PostgreSQL in CI).
DROPPED = {"REDIS_URL", "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "SECURE_SSL_REDIRECT"}


def test_check_deploy_is_clean(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in DROPPED and not name.endswith("_FILE")
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="catalyse.example.org",
        CSRF_TRUSTED_ORIGINS="https://catalyse.example.org",
        SITE_URL="https://catalyse.example.org",
        EMAIL_URL="smtp+tls://catalyse:password@smtp.example.org:587",
        HTTPS="true",
        DEBUG="false",
        CATALYSE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
