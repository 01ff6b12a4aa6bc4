#!/bin/bash
# The official mysql image's entrypoint contract on MariaDB: on an empty data directory,
# initialise it, set the root password (root@localhost and root@MYSQL_ROOT_HOST), create
# MYSQL_DATABASE and MYSQL_USER with every right on that database only, run
# /docker-entrypoint-initdb.d/*.sql|*.sh, then start the server in the foreground.
set -euo pipefail

log() { printf '%s [Entrypoint]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
# SQL string literal contents: backslashes and quotes escaped.
sql_string() { local value="${1//\\/\\\\}"; printf '%s' "${value//\'/\\\'}"; }

if [[ "${1:-}" == -* ]]; then set -- mariadbd "$@"; fi
if [[ "$1" != mariadbd && "$1" != mysqld ]]; then exec "$@"; fi

datadir=/var/lib/mysql
socket=/var/run/mysqld/mysqld.sock
if [[ "$(id -u)" == 0 ]]; then
  chown mysql:mysql "$datadir" /var/run/mysqld
  exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [[ ! -d "$datadir/mysql" ]]; then
  if [[ -z "${MYSQL_ROOT_PASSWORD:-}" && -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ]]; then
    log "Database is uninitialized and password option is not specified"
    log "You need to specify one of MYSQL_ROOT_PASSWORD or MYSQL_ALLOW_EMPTY_PASSWORD"
    exit 1
  fi
  log "Initializing database files"
  mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >/dev/null
  log "Starting temporary server"
  "$@" --skip-networking --socket="$socket" &
  server=$!
  for _ in $(seq 120); do
    mariadb-admin --socket="$socket" ping --silent 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { log "temporary server exited"; exit 1; }
    sleep 0.5
  done
  root_password="$(sql_string "${MYSQL_ROOT_PASSWORD:-}")"
  root_host="$(sql_string "${MYSQL_ROOT_HOST:-%}")"
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    echo "DELETE FROM mysql.global_priv WHERE User='' OR (User='root' AND Host NOT IN ('localhost'));"
    echo "DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost');"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_password';"
    if [[ "$root_host" != localhost ]]; then
      echo "CREATE USER 'root'@'$root_host' IDENTIFIED BY '$root_password';"
      echo "GRANT ALL ON *.* TO 'root'@'$root_host' WITH GRANT OPTION;"
    fi
    if [[ -n "${MYSQL_DATABASE:-}" ]]; then
      echo "CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/\`\`}\`;"
    fi
    if [[ -n "${MYSQL_USER:-}" && -n "${MYSQL_PASSWORD:-}" ]]; then
      user="$(sql_string "$MYSQL_USER")"
      echo "CREATE USER '$user'@'%' IDENTIFIED BY '$(sql_string "$MYSQL_PASSWORD")';"
      if [[ -n "${MYSQL_DATABASE:-}" ]]; then
        echo "GRANT ALL ON \`${MYSQL_DATABASE//\`/\`\`}\`.* TO '$user'@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$socket" --user=root
  client=(mariadb --socket="$socket" --user=root "--password=${MYSQL_ROOT_PASSWORD:-}")
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
    *.sh)
      log "running $file"
      # shellcheck disable=SC1090  # init scripts are the image user's
      source "$file"
      ;;
    *.sql) log "running $file"; "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} <"$file" ;;
    *.sql.gz) log "running $file"; gunzip -c "$file" | "${client[@]}" ${MYSQL_DATABASE:+"$MYSQL_DATABASE"} ;;
    *) ;;
    esac
  done
  log "Stopping temporary server"
  mariadb-admin --socket="$socket" --user=root "--password=${MYSQL_ROOT_PASSWORD:-}" shutdown
  wait "$server" || true
  log "Database initialized; ready for start up"
fi
exec "$@"
