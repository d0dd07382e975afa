"""`manage.py check --deploy` is clean with production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Service variables that must not leak in from the developer's or CI's environment,
# except DATABASE_URL, kept when set (PostgreSQL in CI).
DROPPED = ("REDIS_URL", "MEILISEARCH_URL", "MEILISEARCH_API_KEY", "EMAIL_URL", "SECRET_KEY_FILE")


def test_check_deploy_is_clean(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in DROPPED}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="catalyse.example.org",
        CSRF_TRUSTED_ORIGINS="https://catalyse.example.org",
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
