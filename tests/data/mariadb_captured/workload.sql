-- phi-auditd MariaDB server_audit capture workload.
-- run_capture.sh splits this file at "-- @session" markers; each chunk is piped into its own
-- `mariadb` client process with the given options (so each chunk is one connection).
-- Socket: /tmp/mdbcap/mysqld.sock, TCP: 127.0.0.1:3399. Audit logging is already ON here.

-- @session root-setup: -uroot --socket=/tmp/mdbcap/mysqld.sock
CREATE DATABASE ehr;
USE ehr;
CREATE TABLE patients (
    mrn      VARCHAR(16) PRIMARY KEY,
    name     VARCHAR(100) NOT NULL,
    dob      DATE,
    ssn      VARCHAR(11),
    address  VARCHAR(200)
);
CREATE TABLE notes (
    note_id  INT AUTO_INCREMENT PRIMARY KEY,
    mrn      VARCHAR(16),
    author   VARCHAR(50),
    body     TEXT
);
CREATE USER 'clinician'@'127.0.0.1' IDENTIFIED BY 'clin-pw';
CREATE USER 'clinician'@'localhost' IDENTIFIED BY 'clin-pw';
CREATE USER 'intruder'@'127.0.0.1' IDENTIFIED BY 'intr-pw';
GRANT SELECT, INSERT, UPDATE, DELETE ON ehr.* TO 'clinician'@'127.0.0.1';
GRANT SELECT, INSERT, UPDATE, DELETE ON ehr.* TO 'clinician'@'localhost';
INSERT INTO patients VALUES
    ('MRN0000123', 'Alice Smith', '1970-01-02', '123-45-6789', '1 Main St'),
    ('MRN0001234', 'Doe, "Johnny"', '1985-07-14', '987-65-4321', '22 Elm St, Apt 3'),
    ('MRN0004567', 'José Müller', '1992-11-30', NULL, 'Hauptstraße 5'),
    ('MRN0007890', 'Bob O''Brien', '1960-03-03', '555-12-3456', NULL);

-- @session clinician-tcp: -uclinician -pclin-pw -h127.0.0.1 -P3399 --protocol=TCP ehr
SELECT name, dob FROM patients WHERE mrn = 'MRN0001234';
SELECT p.mrn,
       p.name
  FROM patients p
 WHERE p.mrn IN ('MRN0000123', 'MRN0004567');
INSERT INTO notes (mrn, author, body) VALUES ('MRN0000123', 'dr_o''hara', 'He said \'it\'s fine\', path C:\\temp\\x.txt, tab\there
second line after a real newline, and an escaped \\n stays literal');
INSERT INTO notes (mrn, author, body) VALUES ("MRN0001234", "dr_jones", "double-quoted \"string\" literal");
UPDATE patients SET address = '99 New Rd' WHERE mrn = 'MRN0000123';
INSERT INTO notes (mrn, author, body) VALUES ('MRN0004567', 'dr_tab', 'real TAB->	<-, CR-><-, backslash-quote \\\'');
DELETE FROM notes WHERE mrn = 'MRN0001234';
PREPARE find_patient FROM 'SELECT mrn, name, ssn FROM patients WHERE mrn = ?';
SET @m = 'MRN0004567';
EXECUTE find_patient USING @m;
DEALLOCATE PREPARE find_patient;
SELECT * FROM patients;
SELEC mrn FROM patients;

-- @session rotate: -uroot --socket=/tmp/mdbcap/mysqld.sock
SET GLOBAL server_audit_file_rotate_now = ON;

-- @session clinician-socket: -uclinician -pclin-pw --socket=/tmp/mdbcap/mysqld.sock ehr
SELECT * FROM patients WHERE mrn = 'MRN0007890';
SELECT n.body FROM notes n JOIN patients p ON p.mrn = n.mrn WHERE p.mrn = 'MRN0000123';
INSERT INTO notes (mrn, author, body) VALUES ('MRN0007890', 'dr_long', 'Long note: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. END-OF-LONG-NOTE MRN0007890');

-- @session intruder-denied: -uintruder -pintr-pw -h127.0.0.1 -P3399 --protocol=TCP
SELECT * FROM ehr.patients WHERE mrn = 'MRN0001234';
USE ehr;
SELECT CURRENT_USER();

-- After the chunks above, run_capture.sh also runs:
--   mariadb -uclinician -pWRONG -h127.0.0.1 -P3399 --protocol=TCP ehr -e 'SELECT 1'   (failed login)
--   mariadb -umallory -px -h127.0.0.1 -P3399 --protocol=TCP -e 'SELECT 1'             (unknown user)
--   perl bound_params.pl                                                             (binary-protocol bound params)
--   mariadb-dump -uroot --socket=/tmp/mdbcap/mysqld.sock ehr > /dev/null              (full dump)
