#!/bin/bash
# Capture driver used to produce the files in this directory (run as root).
# usage: run_capture.sh <name> <log_destination> <log_line_prefix> <log_rows on|off>
set -e
NAME=$1; DEST=$2; PREFIX=$3; ROWS=$4
BIN=/usr/lib/postgresql/15/bin
BASE=/tmp/pgcap/$NAME
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$BASE"; mkdir -p "$BASE"; chown postgres: /tmp/pgcap "$BASE"
su postgres -c "$BIN/initdb -D $BASE/data -A trust -E UTF8 --locale=C.UTF-8 -U postgres" >/dev/null
cat >> "$BASE/data/postgresql.conf" <<CONF
port = 5499
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp/pgcap'
timezone = 'Etc/UTC'
log_timezone = 'Etc/UTC'
logging_collector = on
log_destination = '$DEST'
log_directory = '$BASE/log'
log_filename = 'postgresql.log'
log_line_prefix = '$PREFIX'
log_connections = on
shared_preload_libraries = 'pgaudit'
pgaudit.log = 'read,write,ddl'
pgaudit.log_parameter = on
pgaudit.log_relation = on
pgaudit.log_rows = $ROWS
pgaudit.role = 'auditor'
CONF
printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' > "$BASE/data/pg_hba.conf"
su postgres -c "$BIN/pg_ctl -D $BASE/data -w -l $BASE/pg_ctl.out start" >/dev/null
cp "$HERE/workload.sql" "$HERE/pgbench_extended.sql" "$BASE/"; chown postgres: "$BASE"/*.sql
su postgres -c "cd $BASE && PGHOST=/tmp/pgcap PGPORT=5499 $BIN/psql -X -q -U postgres -d postgres -f workload.sql" > "$BASE/psql.out" 2>&1 || true
for ci in "user=intruder password=wrong-pw" "user=mallory password=x"; do
  runuser -u postgres -- $BIN/psql -X "host=127.0.0.1 port=5499 dbname=ehr $ci" -c 'SELECT 1' >> "$BASE/psql.out" 2>&1 || true
done
for mode in extended prepared; do
  (cd "$BASE" && PGPASSWORD=clin-pw runuser -u postgres -- $BIN/pgbench -n -t 1 -M $mode -D mrn=MRN0001234 -D 'addr=7 Bound Ave, Apt "B"' \
     -h 127.0.0.1 -p 5499 -U clinician -f pgbench_extended.sql ehr) >> "$BASE/pgbench.out" 2>&1
done
su postgres -c "$BIN/pg_ctl -D $BASE/data -w -m fast stop" >/dev/null
ls -la "$BASE/log"
