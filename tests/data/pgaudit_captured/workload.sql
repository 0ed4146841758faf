-- phi-auditd pgaudit capture workload.
-- Run with: psql -X -v ON_ERROR_STOP=0 -h /tmp/pgcap -p 5499 -U postgres -d postgres -f workload.sql
-- PGHOST/PGPORT are the unix socket dir /tmp/pgcap and port 5499; "host=127.0.0.1" switches to TCP.
-- pg_hba: local = trust, host 127.0.0.1/32 = scram-sha-256.

-- ---------- setup (as superuser postgres, unix socket) ----------
CREATE DATABASE ehr;
CREATE ROLE clinician LOGIN PASSWORD 'clin-pw';
CREATE ROLE billing LOGIN PASSWORD 'bill-pw';
CREATE ROLE intruder LOGIN PASSWORD 'intr-pw';
CREATE ROLE auditor NOLOGIN;

\connect "dbname=ehr user=postgres application_name=ehr-setup"
CREATE EXTENSION pgaudit;
CREATE TABLE patients (
    mrn        text PRIMARY KEY,
    name       text NOT NULL,
    dob        date,
    ssn        text,
    address    text
);
CREATE TABLE notes (
    note_id    serial PRIMARY KEY,
    mrn        text REFERENCES patients(mrn),
    author     text,
    created_at timestamptz DEFAULT now(),
    body       text
);
GRANT SELECT, INSERT, UPDATE, DELETE ON patients, notes TO clinician;
GRANT USAGE ON SEQUENCE notes_note_id_seq TO clinician;
GRANT SELECT (mrn, name) ON patients TO billing;
-- object audit: pgaudit.role = 'auditor' (set in postgresql.conf)
GRANT SELECT, UPDATE ON patients TO auditor;
GRANT SELECT (body) ON notes TO auditor;

INSERT INTO patients (mrn, name, dob, ssn, address) VALUES
    ('MRN0000123', 'Alice Smith', '1970-01-02', '123-45-6789', '1 Main St'),
    ('MRN0001234', 'Doe, "Johnny"', '1985-07-14', '987-65-4321', '22 Elm St, Apt 3'),
    ('MRN0004567', 'José Müller', '1992-11-30', NULL, 'Hauptstraße 5'),
    ('MRN0007890', 'Bob O''Brien', '1960-03-03', '555-12-3456', NULL);
INSERT INTO notes (mrn, author, body) VALUES
    ('MRN0000123', 'dr_jones', 'Patient reports mild headache.'),
    ('MRN0001234', 'dr_jones', 'Follow-up in 2 weeks, "stable".');

-- ---------- clinician over TCP 127.0.0.1 ----------
\connect "host=127.0.0.1 dbname=ehr user=clinician password=clin-pw application_name=ehr-web"
SELECT name, dob FROM patients WHERE mrn = 'MRN0001234';
-- multi-line statement
SELECT p.mrn,
       p.name,
       n.body
  FROM patients p
  JOIN notes n ON n.mrn = p.mrn
 WHERE p.mrn = 'MRN0000123'
 ORDER BY n.created_at;
-- commas and double quotes
SELECT "name", mrn, 'a,b' AS "odd, ""col""" FROM patients WHERE "name" = 'Doe, "Johnny"';
-- SQL-level prepared statement
PREPARE find_patient(text) AS SELECT mrn, name, ssn FROM patients WHERE mrn = $1;
EXECUTE find_patient('MRN0004567');
DEALLOCATE find_patient;
UPDATE patients SET address = '99 New Rd' WHERE mrn = 'MRN0000123';
INSERT INTO notes (mrn, author, body) VALUES ('MRN0004567', 'dr_who', 'Line one
line two');
DELETE FROM notes WHERE mrn = 'MRN0004567';
-- data-modifying CTE touching two tables
WITH moved AS (DELETE FROM notes WHERE mrn = 'MRN0001234' RETURNING *)
SELECT count(*) FROM moved JOIN patients USING (mrn);

-- ---------- clinician over unix socket ----------
\connect "dbname=ehr user=clinician application_name=psql"
SELECT * FROM patients;
COPY patients TO STDOUT;
COPY (SELECT * FROM patients WHERE mrn LIKE 'MRN000%') TO STDOUT WITH (FORMAT csv);

-- ---------- billing: column-level grant, one allowed, one denied ----------
\connect "host=127.0.0.1 dbname=ehr user=billing password=bill-pw application_name=billing-batch"
SELECT mrn, name FROM patients WHERE mrn = 'MRN0007890';
SELECT ssn FROM patients WHERE mrn = 'MRN0007890';

-- ---------- intruder: no grants at all -> ERROR + STATEMENT ----------
\connect "host=127.0.0.1 dbname=ehr user=intruder password=intr-pw application_name=psql"
SELECT * FROM patients WHERE mrn = 'MRN0001234';
\connect "dbname=ehr user=intruder"
SELECT body FROM notes;

-- ---------- superuser DDL at the end ----------
\connect "dbname=ehr user=postgres application_name=ehr-setup"
ALTER TABLE patients ADD COLUMN phone text;
CREATE INDEX patients_name_idx ON patients (name);
TRUNCATE notes;
DROP INDEX patients_name_idx;

-- ---------- after this script, run_capture.sh runs (each as a separate psql, since a
-- failed \connect aborts a non-interactive psql script):
--   psql "host=127.0.0.1 port=5499 dbname=ehr user=intruder password=wrong-pw" -c 'SELECT 1'   (bad password)
--   psql "host=127.0.0.1 port=5499 dbname=ehr user=mallory password=x" -c 'SELECT 1'           (no such role)
-- and then pgbench_extended.sql twice (pgbench -M extended, -M prepared) as clinician over TCP.
