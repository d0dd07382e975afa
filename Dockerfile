# syntax=docker/dockerfile:1
# Catalyse image: web (Daphne, the default command) and worker (manage.py worker).
# See compose.yaml and docs/operations.md.

# Front-end packages (map shapes, see package.json and docs/credits.md): Debian's Node.js and
# npm in a build stage only; the image keeps node_modules, not Node.js.
FROM python:3.12-slim-bookworm AS node-packages
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    CATALYSE_VAR_DIR=/data/var \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/static-collected \
    WHITENOISE_USE_FINDERS=false

# gettext: msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv==0.13.8

WORKDIR /app

# Dependencies first, in their own layer: rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-project --python /usr/local/bin/python3

COPY . .
COPY --from=node-packages /app/node_modules ./node_modules

# Translations and static files are built into the image. The key only lets settings load.
RUN export SECRET_KEY=build-time-only-not-a-secret CATALYSE_VAR_DIR=/tmp/build-var \
    && if [ -n "$(find . -type d -name locale -print -quit)" ]; then \
        python manage.py compilemessages -v 0; fi \
    && python manage.py collectstatic --noinput -v 0 \
    && rm -rf /tmp/build-var

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin catalyse \
    && mkdir -p /data/media /data/var \
    && chown -R catalyse:catalyse /data
USER catalyse

EXPOSE 8000
# No --proxy-headers: it believes any X-Forwarded-For; TRUSTED_PROXIES does it right
# (config/client_address.py).
# Daphne through config/serve.py: a bounded shutdown that closes the sockets with 1001.
CMD ["python", "-m", "config.serve", "--bind", "0.0.0.0", "--port", "8000", "config.asgi:application"]
