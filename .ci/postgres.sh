#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1:55432 with role and database "pxe", and
# exports PXE_TEST_POSTGRES_URL/USER/PASSWORD for the store tests and PXE_TEST_POSTGRES_CTL (how
# to stop and start the cluster) for the fault tests. Source it, then call postgres_start;
# postgres_stop removes the cluster.

PXE_PG_VERSION=${PXE_PG_VERSION:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)}
PXE_PG_CLUSTER=pxetest
PXE_PG_PORT=55432

postgres_start() {
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$PXE_PG_CLUSTER"; then
    pg_createcluster "$PXE_PG_VERSION" "$PXE_PG_CLUSTER" -p "$PXE_PG_PORT" -- --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    echo "listen_addresses = '127.0.0.1'" >> "/etc/postgresql/$PXE_PG_VERSION/$PXE_PG_CLUSTER/postgresql.conf"
  fi
  pg_ctlcluster "$PXE_PG_VERSION" "$PXE_PG_CLUSTER" start 2>/dev/null || true
  local i
  for i in $(seq 1 30); do
    su postgres -c "psql -p $PXE_PG_PORT -qtAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -p $PXE_PG_PORT -qtAc \"select 1 from pg_roles where rolname='pxe'\"" | grep -q 1 \
    || su postgres -c "psql -p $PXE_PG_PORT -qc \"create role pxe login password 'pxe'\""
  su postgres -c "psql -p $PXE_PG_PORT -qtAc \"select 1 from pg_database where datname='pxe'\"" | grep -q 1 \
    || su postgres -c "psql -p $PXE_PG_PORT -qc 'create database pxe owner pxe'"
  export PXE_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$PXE_PG_PORT/pxe"
  export PXE_TEST_POSTGRES_USER=pxe
  export PXE_TEST_POSTGRES_PASSWORD=pxe
  # For the fault tests, which stop and start the cluster (as root).
  export PXE_TEST_POSTGRES_CTL="pg_ctlcluster $PXE_PG_VERSION $PXE_PG_CLUSTER"
  echo "PostgreSQL $PXE_PG_VERSION for the store tests at $PXE_TEST_POSTGRES_URL"
}

postgres_stop() {
  pg_dropcluster --stop "$PXE_PG_VERSION" "$PXE_PG_CLUSTER" 2>/dev/null || true
}
