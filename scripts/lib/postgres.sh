# Sourced by scripts/test.sh and scripts/bench.sh: makes sure a PostgreSQL server runs on
# 127.0.0.1 and exports its URL in the variable named by $1. Stops it on exit if it started it.
ensure_postgres() {
  local url_variable="$1"
  if [[ -n "${!url_variable:-}" ]]; then return; fi
  if ! dpkg -s postgresql >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
      echo "PostgreSQL is not installed: run as root, install it, or set $url_variable" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local version cluster port status
  read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n1)
  if [[ "$status" != online* ]]; then
    pg_ctlcluster "$version" "$cluster" start
    PANE_STARTED_POSTGRES="$version $cluster"
    trap 'pg_ctlcluster $PANE_STARTED_POSTGRES stop >/dev/null 2>&1 || true' EXIT
  fi
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'pane-test'\"" >/dev/null
  export "$url_variable=postgres://postgres:pane-test@127.0.0.1:${port}/postgres"
}
