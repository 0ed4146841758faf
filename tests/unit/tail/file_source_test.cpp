#include "collectors/tail/file_source.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "collectors/parse/csv_export_parser.hpp"
#include "collectors/parse/mariadb_audit_parser.hpp"
#include "collectors/parse/pgaudit_csvlog_parser.hpp"
#include "collectors/parse/pgaudit_jsonlog_parser.hpp"
#include "collectors/parse/pgaudit_stderr_parser.hpp"
#include "tests/test_support.hpp"
#include "tests/unit/parse/parser_test_support.hpp"
#include "tests/unit/tail/test_line_parser.hpp"

namespace phi {
namespace {

using testing::AppendFile;
using testing::ScratchDir;
using testing::WriteFile;

// Stands in for the timeline: keeps what was committed, as the real one would.
class CommitLog {
 public:
  void Run(FileSource& source, int64_t now_ms, bool end_of_input = false, size_t batch = 3) {
    while (true) {
      IngestBatch b;
      PollStats stats = source.Poll(b, batch, now_ms, 0, end_of_input);
      for (size_t i = 0; i < b.event_count; ++i) users.push_back(b.events[i].user);
      for (auto& d : b.dead_letters) dead.push_back(d);
      for (auto& c : b.checkpoints) {
        if (c.erase) {
          checkpoints.erase(c.key);
        } else {
          checkpoints[c.key] = c.value;
        }
      }
      source.Committed();
      for (auto& n : source.TakeNotices()) notices.push_back(n);
      if (!stats.batch_full) break;
    }
  }
  std::vector<CheckpointUpdate> Saved() const {
    std::vector<CheckpointUpdate> out;
    for (const auto& [k, v] : checkpoints) out.push_back({k, v, false});
    return out;
  }
  bool Noticed(SourceNotice::Kind kind) const {
    for (const auto& n : notices) {
      if (n.kind == kind) return true;
    }
    return false;
  }

  std::vector<std::string> users;
  std::vector<DeadLetter> dead;
  std::map<std::string, std::string> checkpoints;
  std::vector<SourceNotice> notices;
};

TailOptions Options(const ScratchDir& dir, const std::string& pattern) {
  TailOptions o;
  o.source = "test";
  o.paths = {(dir.path() / pattern).string()};
  o.rotate_wait_ms = 1000;
  o.multiline_flush_ms = 500;
  o.discovery_interval_ms = 0;
  return o;
}

std::unique_ptr<FileSource> NewSource(const TailOptions& o, const CommitLog* restore = nullptr) {
  auto s = std::make_unique<FileSource>(o, testing::TestLineParserFactory());
  if (restore) s->Restore(restore->Saved());
  return s;
}

using Users = std::vector<std::string>;

TEST(FileSource, AnEventPastTheMergeHorizonIsHeldBackNotLostByACrash) {
  ScratchDir dir;
  WriteFile(dir / "a.log", "1 alice\n2 bob\n100 carol\n101 dave\n");
  TailOptions o = Options(dir, "a.log");
  auto source = NewSource(o);
  IngestBatch b;
  PollStats stats = source->Poll(b, 100, 0, 0, false, /*stop_after=*/10 * kMicrosPerSecond);
  ASSERT_EQ(b.event_count, 2u);  // carol lies past the horizon: held back, and the batch ends
  EXPECT_TRUE(stats.batch_full);
  EXPECT_EQ(stats.held_back, 100 * kMicrosPerSecond);
  CommitLog log;
  for (auto& c : b.checkpoints) log.checkpoints[c.key] = c.value;
  source->Committed();
  // The daemon dies now: the committed position is before carol, so a restart reads her.
  auto restarted = NewSource(o, &log);
  log.Run(*restarted, 0, true, 100);
  EXPECT_EQ(log.users, (Users{"carol", "dave"}));
  // Without a crash, the next poll past the horizon emits the held event first, once.
  IngestBatch next;
  source->Poll(next, 100, 0, 0, true);
  ASSERT_EQ(next.event_count, 2u);
  EXPECT_EQ(next.events[0].user, "carol");
  EXPECT_EQ(next.events[1].user, "dave");
}

TEST(FileSource, ReadsCompleteLinesOnlyAndResumesAfterRestart) {
  ScratchDir dir;
  WriteFile(dir / "a.log", "1 alice\n2 bob\n3 car");
  auto o = Options(dir, "*.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  EXPECT_EQ(log.users, (Users{"alice", "bob"}));
  AppendFile(dir / "a.log", "ol\n4 dave\n");
  source.reset();
  source = NewSource(o, &log);  // a restart: positions come from the commit log
  log.Run(*source, 10);
  EXPECT_EQ(log.users, (Users{"alice", "bob", "carol", "dave"}));
}

TEST(FileSource, PicksUpFilesCreatedWhileRunning) {
  ScratchDir dir;
  auto o = Options(dir, "*.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  EXPECT_TRUE(log.users.empty());
  WriteFile(dir / "b.log", "1 bea\n");
  WriteFile(dir / "ignored.txt", "1 nobody\n");
  log.Run(*source, 10);
  EXPECT_EQ(log.users, (Users{"bea"}));
}

TEST(FileSource, FollowsRenameRotationWithoutLossOrDuplicates) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 a\n2 b\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  // The writer renames, keeps writing a little to the old file, then opens a new one.
  std::filesystem::rename(dir / "app.log", dir / "app.log.1");
  AppendFile(dir / "app.log.1", "3 c\n");
  WriteFile(dir / "app.log", "4 d\n");
  log.Run(*source, 100);
  AppendFile(dir / "app.log.1", "5 late\n");
  log.Run(*source, 200);
  EXPECT_EQ(source->open_files(), 2u);
  log.Run(*source, 5000);  // rotate_wait has passed: the old file is let go
  EXPECT_EQ(source->open_files(), 1u);
  std::sort(log.users.begin(), log.users.end());
  EXPECT_EQ(log.users, (Users{"a", "b", "c", "d", "late"}));
  EXPECT_EQ(log.checkpoints.size(), 1u);  // the rotated file's position was forgotten
  EXPECT_TRUE(log.Noticed(SourceNotice::Kind::kClosed));
}

TEST(FileSource, CopyTruncateStartsAgainFromTheTop) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 one\n2 two\n3 three\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  std::filesystem::copy_file(dir / "app.log", dir / "app.log.1");
  std::filesystem::resize_file(dir / "app.log", 0);
  AppendFile(dir / "app.log", "4 four\n");
  log.Run(*source, 100);
  EXPECT_EQ(log.users, (Users{"one", "two", "three", "four"}));
  EXPECT_TRUE(log.Noticed(SourceNotice::Kind::kTruncated));
}

TEST(FileSource, DeletedFileIsDrainedThenForgotten) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 one\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  AppendFile(dir / "app.log", "2 two\n3 thr");
  std::filesystem::remove(dir / "app.log");
  log.Run(*source, 100);
  EXPECT_EQ(source->open_files(), 1u);  // still within rotate_wait of its last data
  log.Run(*source, 5000);
  EXPECT_EQ(log.users, (Users{"one", "two"}));
  // The unterminated last record is not lost silently: it is a dead letter.
  ASSERT_EQ(log.dead.size(), 1u);
  EXPECT_EQ(log.dead[0].raw, "3 thr");
  EXPECT_EQ(log.dead[0].line, 3u);
  EXPECT_EQ(source->open_files(), 0u);
  EXPECT_TRUE(log.checkpoints.empty());
}

TEST(FileSource, SameInodeWithNewContentIsANewFile) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 old-content-line-one\n2 old-content-line-two\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  source.reset();
  ino_t before = std::filesystem::status(dir / "app.log").type() == std::filesystem::file_type::regular
                     ? [&] { struct stat st; stat((dir / "app.log").c_str(), &st); return st.st_ino; }()
                     : 0;
  // Rewritten in place (O_TRUNC keeps the inode): the checkpoint's offset must not be reused,
  // exactly as when the kernel recycles a deleted file's inode for a new file.
  WriteFile(dir / "app.log", "3 new-first-line-is-long-enough-to-pass-the-offset\n4 new\n");
  struct stat st;
  stat((dir / "app.log").c_str(), &st);
  ASSERT_EQ(st.st_ino, before);
  source = NewSource(o, &log);
  log.Run(*source, 10);
  EXPECT_EQ(log.users, (Users{"old-content-line-one", "old-content-line-two",
                              "new-first-line-is-long-enough-to-pass-the-offset", "new"}));
}

TEST(FileSource, BadRecordsBecomeDeadLettersWithLineAndOffset) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 ok\nbad record\nskip me\n2 fine\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  EXPECT_EQ(log.users, (Users{"ok", "fine"}));
  ASSERT_EQ(log.dead.size(), 1u);
  EXPECT_EQ(log.dead[0].line, 2u);
  EXPECT_EQ(log.dead[0].offset, 5u);
  EXPECT_EQ(log.dead[0].raw, "bad record");
  EXPECT_NE(log.dead[0].reason.find("test says bad"), std::string::npos);
  EXPECT_EQ(log.dead[0].path, (dir / "app.log").string());
}

TEST(FileSource, StartAtEndSkipsExistingContentOnTheFirstRunOnly) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 history\n");
  auto o = Options(dir, "*.log");
  o.start_at_end = true;
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  AppendFile(dir / "app.log", "2 new\n");
  WriteFile(dir / "later.log", "3 later\n");  // found later: read from its start
  log.Run(*source, 10);
  EXPECT_EQ(log.users, (Users{"new", "later"}));
}

TEST(FileSource, RewindGoesBackToTheLastCommit) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 a\n2 b\n");
  auto o = Options(dir, "app.log");
  auto source = NewSource(o);
  IngestBatch b;
  source->Poll(b, 100, 0, 0, false);
  ASSERT_EQ(b.event_count, 2u);
  source->Rewind();  // the commit failed (disk full)
  b.Reset();
  source->Poll(b, 100, 10, 0, false);
  ASSERT_EQ(b.event_count, 2u);
  EXPECT_EQ(b.events[0].user, "a");
}

TEST(FileSource, UnreadableFileIsReportedOnceAndRetried) {
  ScratchDir dir;
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all |
                                               std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_exec);
  WriteFile(dir / "postgresql.log", "1 secret\n");
  chmod((dir / "postgresql.log").c_str(), 0600);
  auto o = Options(dir, "postgresql.log");
  // Root reads everything, so the check runs in a child that drops to an unprivileged user.
  pid_t pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(10);
    CommitLog log;
    auto source = NewSource(o);
    log.Run(*source, 0);
    log.Run(*source, 10);
    int denied = 0;
    for (const auto& n : log.notices) {
      if (n.kind == SourceNotice::Kind::kPermissionDenied &&
          n.message.find("postgresql.log") != std::string::npos &&
          n.message.find("permission denied") != std::string::npos) {
        ++denied;
      }
    }
    _exit(denied == 1 && log.users.empty() ? 0 : 11);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // Once readable, the same source reads it.
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  EXPECT_EQ(log.users, (Users{"secret"}));
}

// The users read, without LongLine's padding, in name order.
Users SortedNames(const CommitLog& log) {
  Users users;
  for (const auto& u : log.users) users.push_back(u.substr(0, u.find('.')));
  std::sort(users.begin(), users.end());
  return users;
}

// A line long enough that a 256-byte fingerprint covers real content.
std::string LongLine(int n, const std::string& user) {
  return std::to_string(n) + " " + user + std::string(300, '.') + "\n";
}

TEST(FileSource, CopyTruncateWithRotatedNamesInThePatternsReadsNothingTwice) {
  ScratchDir dir;
  WriteFile(dir / "app.log", LongLine(1, "one") + LongLine(2, "two"));
  auto o = Options(dir, "app.log*");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  // logrotate's copytruncate: copy first (a poll may run now), then truncate and go on writing.
  AppendFile(dir / "app.log", LongLine(3, "three"));
  std::filesystem::copy_file(dir / "app.log", dir / "app.log.1");
  log.Run(*source, 100);
  std::filesystem::resize_file(dir / "app.log", 0);
  AppendFile(dir / "app.log", LongLine(4, "four"));
  log.Run(*source, 200);
  log.Run(*source, 5000);
  Users users = SortedNames(log);
  EXPECT_EQ(users, (Users{"four", "one", "three", "two"}));
}

TEST(FileSource, CopyTruncateBetweenTwoPollsTakesTheUnreadLinesFromTheCopy) {
  ScratchDir dir;
  WriteFile(dir / "app.log", LongLine(1, "one"));
  auto o = Options(dir, "app.log*");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  AppendFile(dir / "app.log", LongLine(2, "two"));  // written, not yet read...
  std::filesystem::copy_file(dir / "app.log", dir / "app.log.1");
  std::filesystem::resize_file(dir / "app.log", 0);  // ...and truncated away before the poll
  AppendFile(dir / "app.log", LongLine(3, "three"));
  log.Run(*source, 100);
  log.Run(*source, 5000);
  Users users = SortedNames(log);
  EXPECT_EQ(users, (Users{"one", "three", "two"}));
}

TEST(FileSource, FileRotatedWhileStoppedIsDrainedFromItsNewName) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 a\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  source.reset();  // stopped
  AppendFile(dir / "app.log", "2 b\n");
  std::filesystem::rename(dir / "app.log", dir / "app.log.1");  // outside the pattern
  WriteFile(dir / "app.log", "3 c\n");
  source = NewSource(o, &log);
  log.Run(*source, 10);
  log.Run(*source, 5000);
  std::sort(log.users.begin(), log.users.end());
  EXPECT_EQ(log.users, (Users{"a", "b", "c"}));
  EXPECT_EQ(log.checkpoints.size(), 1u);  // the rotated file's position is gone once drained
}

TEST(FileSource, FileGoneWhileStoppedIsReportedAndForgotten) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 a\n");
  auto o = Options(dir, "app.log");
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  source.reset();
  std::filesystem::remove(dir / "app.log");
  source = NewSource(o, &log);
  log.Run(*source, 10);
  EXPECT_TRUE(log.Noticed(SourceNotice::Kind::kReadError));
  EXPECT_TRUE(log.checkpoints.empty());
}

TEST(FileSource, StartAtEndBeginsAtALineBoundaryAndIsRemembered) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 old\n2 half-writ");
  auto o = Options(dir, "app.log");
  o.start_at_end = true;
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0);
  EXPECT_EQ(log.checkpoints.size(), 1u);  // the starting position is committed at once
  source.reset();
  AppendFile(dir / "app.log", "ten\n3 while-stopped\n");
  source = NewSource(o, &log);
  log.Run(*source, 10);
  EXPECT_EQ(log.users, (Users{"half-written", "while-stopped"}));
}

// Issue 7 (a): the EHR access export, read through FileSource with the real CSV parser.
ParserFactory EhrExportParsers() {
  ParserOptions o;
  o.format = "csv";
  FieldRule ts = testing::Rule(EventField::kTs, "ACCESS_TIME");
  ts.time_format = TimeFormat::Compile("%m/%d/%Y %H:%M:%S", nullptr);
  o.mapping.rules = {ts,
                     testing::Rule(EventField::kUser, "USER_ID"),
                     testing::Rule(EventField::kPatient, "PAT_MRN_ID"),
                     testing::Rule(EventField::kAction, "ACCESS_ACTION"),
                     testing::Rule(EventField::kRecordType, "METRIC_NAME"),
                     testing::Rule(EventField::kRecordCount, "ROW_COUNT")};
  return testing::FactoryOrFail(MakeCsvExportParser(o));
}

struct Collected {
  std::vector<Event> events;
  std::vector<DeadLetter> dead;
};

Collected ReadAll(const TailOptions& o, ParserFactory parsers) {
  FileSource source(o, std::move(parsers));
  Collected out;
  for (int round = 0; round < 100; ++round) {
    IngestBatch b;
    PollStats stats = source.Poll(b, 1000, 0, 0, true);
    for (size_t i = 0; i < b.event_count; ++i) out.events.push_back(b.events[i]);
    for (auto& d : b.dead_letters) out.dead.push_back(d);
    source.Committed();
    if (!stats.batch_full && b.event_count == 0 && b.dead_letters.empty()) break;
  }
  return out;
}

constexpr char kExportHeader[] =
    "ACCESS_TIME,USER_ID,PAT_MRN_ID,ACCESS_ACTION,METRIC_NAME,ROW_COUNT\n";

TEST(FileSource, CsvFieldLongerThanTheLimitCannotForgeOrHideARow) {
  ScratchDir dir;
  // A note longer than max_record_bytes, with a forged row typed into it.
  std::string note = "\"" + std::string(300, 'x') +
                     "\n03/04/2024 08:16:03,innocent,MRN0005555,EXPORT,Chart,5000\n" +
                     std::string(300, 'y') + "\"";
  std::string long_row = "03/04/2024 08:16:02,mallory,MRN0000002,VIEW," + note + ",1\n";
  std::string content = std::string(kExportHeader) +
                        "03/04/2024 08:16:01,alice,MRN0000001,VIEW,Chart,1\n" + long_row +
                        "03/04/2024 08:16:04,snoop,MRN0009999,VIEW,Chart,1\n";
  WriteFile(dir / "export.csv", content);
  auto o = Options(dir, "export.csv");
  o.max_record_bytes = 256;
  o.read_chunk_bytes = 64;  // the long field arrives in many pieces
  Collected got = ReadAll(o, EhrExportParsers());
  std::vector<std::string> users;
  for (const Event& e : got.events) users.push_back(e.user);
  EXPECT_EQ(users, (Users{"alice", "snoop"}));  // the real row is an event, the forged one not
  ASSERT_EQ(got.dead.size(), 1u);
  const size_t long_row_offset = std::string(kExportHeader).size() + 50;
  EXPECT_EQ(got.dead[0].offset, long_row_offset);
  EXPECT_EQ(got.dead[0].line, 3u);
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_EQ(got.events[1].patient, "MRN0009999");
  EXPECT_EQ(got.events[1].offset, long_row_offset + long_row.size());
}

TEST(FileSource, CsvLoneQuoteLineIsOneDeadLetterAndTheRowsAfterItAreEvents) {
  ScratchDir dir;
  WriteFile(dir / "export.csv", std::string(kExportHeader) +
                                    "03/04/2024 08:16:01,alice,MRN0000001,VIEW,Chart,1\n"
                                    "\"\n"
                                    "03/04/2024 08:16:02,bob,MRN0000002,VIEW,Chart,1\n"
                                    "03/04/2024 08:16:04,snoop,MRN0009999,VIEW,Chart,1\n");
  Collected got = ReadAll(Options(dir, "export.csv"), EhrExportParsers());
  std::vector<std::string> users;
  for (const Event& e : got.events) users.push_back(e.user);
  EXPECT_EQ(users, (Users{"alice", "bob", "snoop"}));
  ASSERT_EQ(got.dead.size(), 1u);
  EXPECT_EQ(got.dead[0].raw, "\"");
  EXPECT_EQ(got.dead[0].line, 3u);
  EXPECT_EQ(got.dead[0].offset, std::string(kExportHeader).size() + 50);
  EXPECT_NE(got.dead[0].reason.find("never closed"), std::string::npos) << got.dead[0].reason;
}

// Issue 7 (b): an oversized record is read as far as it goes instead of vanishing.
TEST(FileSource, OversizedPgauditStatementBecomesATruncatedEventWithItsPatient) {
  ScratchDir dir;
  std::string statement = "SELECT * FROM patients WHERE mrn = 'MRN0009999' OR note = '" +
                          std::string(70'000, 'z') + "';";
  WriteFile(dir / "postgresql.log",
            "2026-11-25 13:37:06.166 UTC [4309] snoop@ehr LOG:  AUDIT: "
            "SESSION,1,1,READ,SELECT,TABLE,public.patients,\"" +
                statement +
                "\",<none>\n"
                "2026-11-25 13:37:07.000 UTC [4309] alice@ehr LOG:  AUDIT: "
                "SESSION,2,1,READ,SELECT,TABLE,public.patients,"
                "SELECT 1 WHERE mrn = 'MRN0000001';,<none>\n");
  auto o = Options(dir, "postgresql.log");  // max_record_bytes: the default 64 KiB
  Collected got = ReadAll(
      o,
      testing::FactoryOrFail(MakePgauditStderrParser(testing::PgauditOptions("pgaudit-stderr"))));
  EXPECT_TRUE(got.dead.empty());
  ASSERT_EQ(got.events.size(), 2u);
  const Event& cut = got.events[0];
  EXPECT_TRUE(cut.truncated);
  EXPECT_EQ(cut.user, "snoop");
  EXPECT_EQ(cut.patient, "MRN0009999");
  EXPECT_EQ(cut.action, "query");
  EXPECT_EQ(cut.statement.size(), ParserOptions().statement_max_bytes);
  EXPECT_FALSE(got.events[1].truncated);
  EXPECT_EQ(got.events[1].user, "alice");
}

// The oversized-record tests below: snoop's 70 KB statement naming MRN0009999 is one
// truncated event with its patient, and alice's ordinary record after it is read whole.
void ExpectTruncatedSnoopThenAlice(const Collected& got) {
  EXPECT_TRUE(got.dead.empty()) << (got.dead.empty() ? "" : got.dead[0].reason);
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_TRUE(got.events[0].truncated);
  EXPECT_EQ(got.events[0].user, "snoop");
  EXPECT_EQ(got.events[0].patient, "MRN0009999");
  EXPECT_EQ(got.events[0].statement.size(), ParserOptions().statement_max_bytes);  // ASCII: exact
  EXPECT_FALSE(got.events[1].truncated);
  EXPECT_EQ(got.events[1].patient, "MRN0000001");
}

TEST(FileSource, OversizedCsvlogRowBecomesATruncatedEventAndTheNextRowIsRead) {
  ScratchDir dir;
  auto row = [](std::string_view user, std::string_view statement) {
    return "2026-11-25 13:37:08.155 UTC,\"" + std::string(user) +
           "\",\"ehr\",4435,\"127.0.0.1:39858\",6b06e484.1153,6,\"SELECT\",2026-11-25 "
           "13:37:08 UTC,3/20,0,LOG,00000,\"AUDIT: SESSION,3,1,READ,SELECT,TABLE,public.patients,"
           "\"\"" +
           std::string(statement) + "\"\",<none>\",,,,,,,,,\"ehr-web\",\"client backend\",,0\n";
  };
  WriteFile(dir / "postgresql.csv",
            row("snoop", "SELECT * FROM patients WHERE mrn = 'MRN0009999' OR note = '" +
                             std::string(70'000, 'z') + "';") +
                row("alice", "SELECT 1 WHERE mrn = 'MRN0000001';"));
  Collected got = ReadAll(
      Options(dir, "postgresql.csv"),
      testing::FactoryOrFail(MakePgauditCsvlogParser(testing::PgauditOptions("pgaudit-csvlog"))));
  ExpectTruncatedSnoopThenAlice(got);
}

TEST(FileSource, OversizedMariadbQueryBecomesATruncatedEventAndTheNextLineIsRead) {
  ScratchDir dir;
  WriteFile(dir / "server_audit.log",
            "20261125 13:38:25,vm,snoop,127.0.0.1,9,39,QUERY,ehr,'SELECT * FROM patients WHERE "
            "mrn = \\'MRN0009999\\' OR note = \\'" +
                std::string(70'000, 'z') +
                "\\'',0\n"
                "20261125 13:38:26,vm,alice,127.0.0.1,9,40,QUERY,ehr,'SELECT 1 WHERE mrn = "
                "\\'MRN0000001\\'',0\n");
  ParserOptions options;
  options.format = "mariadb-audit";
  options.patient_pattern = R"(\b(MRN[0-9]{7})\b)";
  Collected got = ReadAll(Options(dir, "server_audit.log"),
                          testing::FactoryOrFail(MakeMariadbAuditParser(options)));
  ExpectTruncatedSnoopThenAlice(got);
}

TEST(FileSource, OversizedJsonlogRecordBecomesATruncatedEventAndTheNextLineIsRead) {
  ScratchDir dir;
  auto line = [](std::string_view user, std::string_view statement) {
    return R"({"timestamp":"2026-11-25 13:37:09.085 UTC","user":")" + std::string(user) +
           R"(","dbname":"ehr","pid":4493,"error_severity":"LOG","message":"AUDIT: )"
           R"(SESSION,1,1,READ,SELECT,TABLE,public.patients,\")" +
           std::string(statement) + R"(\",<none>","backend_type":"client backend"})" + "\n";
  };
  WriteFile(dir / "postgresql.json",
            line("snoop", "SELECT * FROM patients WHERE mrn = 'MRN0009999' OR note = '\\u00e9" +
                              std::string(70'000, 'z') + "';") +
                line("alice", "SELECT 1 WHERE mrn = 'MRN0000001';"));
  Collected got = ReadAll(
      Options(dir, "postgresql.json"),
      testing::FactoryOrFail(MakePgauditJsonlogParser(testing::PgauditOptions("pgaudit-jsonlog"))));
  ExpectTruncatedSnoopThenAlice(got);
}

TEST(FileSource, OversizedRecordThatCannotBeReadStaysADeadLetter) {
  ScratchDir dir;
  WriteFile(dir / "app.log", "1 ok\n" + std::string(100, 'b') + "\n2 fine\n");
  auto o = Options(dir, "app.log");
  o.max_record_bytes = 32;
  Collected got = ReadAll(o, testing::TestLineParserFactory());
  ASSERT_EQ(got.dead.size(), 1u);
  EXPECT_EQ(got.dead[0].line, 2u);
  EXPECT_NE(got.dead[0].reason.find("max_record_bytes"), std::string::npos);
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_EQ(got.events[1].user, "fine");
}

}  // namespace
}  // namespace phi

namespace phi {
namespace {

bool NoticeSays(const CommitLog& log, const std::string& what) {
  for (const auto& n : log.notices) {
    if (n.message.find(what) != std::string::npos) return true;
  }
  return false;
}

TEST(FileSourceTrust, ASymbolicLinkIsRefusedUnlessLinksAreFollowed) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "secret");
  WriteFile(dir / "secret" / "other.log", "1 mallory\n");
  std::filesystem::create_directories(dir / "logs");
  WriteFile(dir / "logs" / "a.log", "1 alice\n");
  std::filesystem::create_symlink(dir / "secret" / "other.log", dir / "logs" / "b.log");
  CommitLog log;
  auto source = NewSource(Options(dir, "logs/*.log"));
  log.Run(*source, 0, true);
  EXPECT_EQ(log.users, Users({"alice"}));
  EXPECT_TRUE(NoticeSays(log, "it is a symbolic link")) << log.notices.size();
  log.notices.clear();
  log.Run(*source, 10, true);  // said once, not on every scan
  EXPECT_FALSE(NoticeSays(log, "symbolic link"));

  TailOptions follow = Options(dir, "logs/*.log");
  follow.follow_symlinks = true;
  CommitLog followed;
  auto through_links = NewSource(follow);
  followed.Run(*through_links, 0, true);
  std::sort(followed.users.begin(), followed.users.end());
  EXPECT_EQ(followed.users, Users({"alice", "mallory"}));
}

TEST(FileSourceTrust, AFifoIsRefusedWithoutBlocking) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "logs");
  WriteFile(dir / "logs" / "a.log", "1 alice\n");
  ASSERT_EQ(::mkfifo((dir / "logs" / "b.log").c_str(), 0600), 0);
  CommitLog log;
  auto source = NewSource(Options(dir, "logs/*.log"));
  log.Run(*source, 0, true);  // a blocking open of the FIFO would hang here
  EXPECT_EQ(log.users, Users({"alice"}));
  EXPECT_TRUE(NoticeSays(log, "not a regular file"));
}

TEST(FileSourceTrust, ProcFilesAreNeverReadAsLogs) {
  ScratchDir dir;
  TailOptions o;
  o.source = "test";
  o.paths = {"/proc/self/status"};
  o.follow_symlinks = true;
  o.discovery_interval_ms = 0;
  CommitLog log;
  auto source = NewSource(o);
  log.Run(*source, 0, true);
  EXPECT_TRUE(log.users.empty());
  EXPECT_TRUE(log.dead.empty());
  EXPECT_TRUE(NoticeSays(log, "not a regular file"));
}

}  // namespace
}  // namespace phi
