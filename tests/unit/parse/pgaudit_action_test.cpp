#include "collectors/parse/pgaudit_action.hpp"

#include <gtest/gtest.h>

namespace phi {
namespace {

TEST(PgauditAction, MapsClassAndCommand) {
  EXPECT_EQ(PgauditAction("READ", "SELECT", "SELECT * FROM patients"), "query");
  EXPECT_EQ(PgauditAction("READ", "PREPARE", "PREPARE p AS SELECT 1"), "query");
  EXPECT_EQ(PgauditAction("WRITE", "INSERT", "INSERT INTO t VALUES (1)"), "create");
  EXPECT_EQ(PgauditAction("WRITE", "UPDATE", "UPDATE t SET a = 1"), "update");
  EXPECT_EQ(PgauditAction("WRITE", "DELETE", "DELETE FROM t"), "delete");
  EXPECT_EQ(PgauditAction("WRITE", "TRUNCATE TABLE", "TRUNCATE t"), "delete");
  EXPECT_EQ(PgauditAction("WRITE", "COPY", "COPY t FROM STDIN"), "create");
  EXPECT_EQ(PgauditAction("WRITE", "PREPARE", "PREPARE p AS INSERT INTO t VALUES ($1)"), "write");
  EXPECT_EQ(PgauditAction("DDL", "CREATE TABLE", "CREATE TABLE t ()"), "ddl");
  EXPECT_EQ(PgauditAction("ROLE", "GRANT", "GRANT SELECT ON t TO u"), "role");
  EXPECT_EQ(PgauditAction("FUNCTION", "EXECUTE", "SELECT f()"), "execute");
  EXPECT_EQ(PgauditAction("MISC", "SET", "SET x = 1"), "misc");
  EXPECT_EQ(PgauditAction("MISC_SET", "SET", "SET x = 1"), "misc");
  EXPECT_EQ(PgauditAction("SOMETHING_NEW", "X", ""), "misc");
  EXPECT_EQ(PgauditAction("read", "select", "select 1"), "query");
}

TEST(PgauditAction, CopyToIsAnExport) {
  // pgaudit logs COPY t TO as READ,SELECT; with log_rows as READ,COPY.
  EXPECT_EQ(PgauditAction("READ", "SELECT", "COPY patients TO STDOUT;"), "export");
  EXPECT_EQ(PgauditAction("READ", "SELECT", "  copy (select * from p) to '/tmp/x.csv'"), "export");
  EXPECT_EQ(PgauditAction("READ", "COPY", "COPY patients TO STDOUT;"), "export");
  EXPECT_EQ(PgauditAction("READ", "COPY", "<not logged>"), "export");
  EXPECT_EQ(PgauditAction("READ", "SELECT", "<previously logged>"), "query");
}

TEST(PgauditAction, RecognisesCopyToStatements) {
  EXPECT_TRUE(IsCopyToStatement("COPY t TO STDOUT"));
  EXPECT_TRUE(IsCopyToStatement("\n\tCopy t (a, b) To PROGRAM 'gzip > x'"));
  EXPECT_TRUE(IsCopyToStatement("COPY (SELECT 'FROM' AS f) TO STDOUT"));
  EXPECT_FALSE(IsCopyToStatement("COPY t FROM STDIN"));
  EXPECT_FALSE(IsCopyToStatement("COPY t FROM '/tmp/to'"));
  EXPECT_FALSE(IsCopyToStatement("COPY \"to\" FROM STDIN"));
  EXPECT_FALSE(IsCopyToStatement("SELECT * FROM copy_to"));
  EXPECT_FALSE(IsCopyToStatement("copyright TO x"));
  EXPECT_FALSE(IsCopyToStatement("COPY t FROM STDIN WITH (FORMAT csv, tokens)"));
}

}  // namespace
}  // namespace phi
