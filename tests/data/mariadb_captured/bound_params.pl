#!/usr/bin/perl
# Binary-protocol (COM_STMT_PREPARE/EXECUTE) statements with bound parameters, run by run_capture.sh:
#   perl bound_params.pl   (connects as clinician over TCP 127.0.0.1:3399, mariadb_server_prepare=1)
use strict; use warnings; use DBI;
my $dbh = DBI->connect("DBI:MariaDB:database=ehr;host=127.0.0.1;port=3399;mariadb_server_prepare=1",
                       "clinician", "clin-pw", { RaiseError => 1, PrintError => 0 });
my $sth = $dbh->prepare("SELECT mrn, name, ssn FROM patients WHERE mrn = ?");
$sth->execute("MRN0001234"); $sth->fetchall_arrayref;
$sth->execute("MRN0000123"); $sth->fetchall_arrayref;
$dbh->do("UPDATE patients SET address = ? WHERE mrn = ?", undef, "7 Bound Ave, Apt 'B'\nline2", "MRN0007890");
$dbh->disconnect;
