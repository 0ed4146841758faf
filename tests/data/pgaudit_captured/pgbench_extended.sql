-- Run with extended query protocol so values arrive as bound parameters ($1):
--   PGPASSWORD=clin-pw pgbench -n -t 1 -M extended -D mrn=MRN0001234 -D 'addr=7 Bound Ave, Apt "B"' \
--           -h 127.0.0.1 -p 5499 -U clinician -f pgbench_extended.sql ehr
-- (also run once with -M prepared)
SELECT mrn, name, ssn FROM patients WHERE mrn = :mrn;
UPDATE patients SET address = :addr WHERE mrn = :mrn;
