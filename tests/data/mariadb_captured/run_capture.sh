#!/bin/bash
# Capture driver used to produce the files in this directory (run as root on Debian 12).
set -e
BASE=/tmp/mdbcap; HERE=$(cd "$(dirname "$0")" && pwd)
SOCK=$BASE/mysqld.sock
rm -rf "$BASE"; mkdir -p "$BASE/data" "$BASE/audit"; chown -R mysql: "$BASE"
mariadb-install-db --user=mysql --datadir=$BASE/data --auth-root-authentication-method=socket >/dev/null
mariadbd --no-defaults --user=mysql --datadir=$BASE/data --socket=$SOCK --port=3399 \
  --bind-address=127.0.0.1 --skip-name-resolve --pid-file=$BASE/mysqld.pid --log-error=$BASE/error.log &
for i in $(seq 50); do mariadb-admin -uroot --socket=$SOCK ping >/dev/null 2>&1 && break; sleep 0.2; done
mariadb -uroot --socket=$SOCK <<SQL
INSTALL SONAME 'server_audit';
SET GLOBAL server_audit_file_path = '$BASE/audit/server_audit.log';
SET GLOBAL server_audit_events = 'CONNECT,QUERY,TABLE';
SET GLOBAL server_audit_logging = ON;
SQL
# split workload.sql at "-- @session name: client-options" markers
awk -v dir="$BASE" '/^-- @session /{n++; f=sprintf("%s/chunk%02d.sql",dir,n); sub(/^-- @session [^:]*: /,""); print > (dir "/chunk" sprintf("%02d",n) ".opts"); next} n{print > f}' "$HERE/workload.sql"
for o in $BASE/chunk*.opts; do
  c=${o%.opts}.sql
  mariadb $(cat "$o") --force < "$c" >> $BASE/client.out 2>&1 || true
  sleep 0.2
done
mariadb -uclinician -pWRONG -h127.0.0.1 -P3399 --protocol=TCP ehr -e 'SELECT 1' >> $BASE/client.out 2>&1 || true
mariadb -umallory -px -h127.0.0.1 -P3399 --protocol=TCP -e 'SELECT 1' >> $BASE/client.out 2>&1 || true
perl "$HERE/bound_params.pl" >> $BASE/client.out 2>&1
mariadb-dump -uroot --socket=$SOCK ehr > $BASE/dump.sql 2>>$BASE/client.out
mariadb -uroot --socket=$SOCK -e "SHOW GLOBAL VARIABLES LIKE 'server_audit%'; SELECT PLUGIN_NAME, PLUGIN_VERSION, PLUGIN_AUTH_VERSION FROM information_schema.PLUGINS WHERE PLUGIN_NAME='SERVER_AUDIT'" > $BASE/variables.out
mariadb-admin -uroot --socket=$SOCK shutdown
wait
ls -la $BASE/audit
