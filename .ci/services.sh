# Sourced by .ci/run: installs and starts PostgreSQL and Redis on a Debian machine (as root),
# then exports DATABASE_URL, REDIS_URL and CATALYSE_CHROMIUM for the test suite.
# Idempotent: safe to run again on a machine where everything is already up.

export DEBIAN_FRONTEND=noninteractive

ci_log() { printf '\n== %s\n' "$*"; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: poll every 0.2 s
    local seconds=$1 what=$2 tries
    shift 2
    for ((tries = seconds * 5; tries > 0; tries--)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "gave up waiting for $what after ${seconds}s" >&2
    return 1
}

ci_log "apt-get install postgresql redis-server chromium gettext (and nodejs npm if missing)"
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql redis-server chromium gettext >/dev/null
# The machine image may ship Node.js with npm from another source; Debian's npm would conflict.
command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null

ci_log "PostgreSQL"
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if [ ! -d "/etc/postgresql/$PG_VERSION/main" ]; then
    pg_createcluster "$PG_VERSION" main
fi
if ! pg_ctlcluster "$PG_VERSION" main status >/dev/null 2>&1; then
    pg_ctlcluster "$PG_VERSION" main start
fi
PG_PORT=$(pg_lsclusters --no-header | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" { print $3 }')
wait_for 60 "PostgreSQL $PG_VERSION on port $PG_PORT" pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
(
    cd /tmp
    runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" <<'SQL'
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'catalyse') THEN
        ALTER ROLE catalyse WITH LOGIN CREATEDB PASSWORD 'catalyse';
    ELSE
        CREATE ROLE catalyse WITH LOGIN CREATEDB PASSWORD 'catalyse';
    END IF;
END
$$;
SELECT 'CREATE DATABASE catalyse OWNER catalyse'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'catalyse') \gexec
SQL
)
echo "PostgreSQL $PG_VERSION ready on 127.0.0.1:$PG_PORT (role and database 'catalyse')"

ci_log "Redis"
if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -qx PONG; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir /tmp --save ""
fi
wait_for 30 "Redis on port 6379" sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -qx PONG'
echo "Redis ready on 127.0.0.1:6379"

export DATABASE_URL="postgres://catalyse:catalyse@127.0.0.1:$PG_PORT/catalyse"
export REDIS_URL="redis://127.0.0.1:6379/0"
export CATALYSE_CHROMIUM=/usr/bin/chromium
