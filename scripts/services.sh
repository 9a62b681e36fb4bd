#!/usr/bin/env bash
# The services the tests use, started if they are not answering: MariaDB on 127.0.0.1:3306 (root,
# empty password) and Redis on 127.0.0.1:6379. `make test` runs this first.
set -euo pipefail

if ! mariadb-admin --host=127.0.0.1 --user=root ping >/dev/null 2>&1; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 60); do mariadb-admin --host=127.0.0.1 --user=root ping >/dev/null 2>&1 && break; sleep 1; done
  mariadb-admin --host=127.0.0.1 --user=root ping >/dev/null 2>&1 || { echo "MariaDB did not start" >&2; exit 1; }
fi

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
