phi-auditd detached signature 2
file: r.csv
