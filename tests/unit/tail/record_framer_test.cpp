#include "collectors/tail/record_framer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace phi {
namespace {

std::vector<std::string> Drain(RecordFramer& f, bool flush = false) {
  std::vector<std::string> out;
  FramedRecord r;
  while (f.Next(r, flush)) out.emplace_back(r.text);
  return out;
}

TEST(RecordFramer, NeverReturnsHalfALine) {
  RecordFramer f(Framing::kLine, 1024);
  f.Reset(0, 1);
  f.Append("first li");
  EXPECT_TRUE(Drain(f, true).empty());
  EXPECT_EQ(f.consumed_offset(), 0u);
  f.Append("ne\r\nsecond\nthi");
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"first line", "second"}));
  EXPECT_EQ(f.consumed_offset(), 19u);
  EXPECT_EQ(f.consumed_line(), 3u);
  f.Append("rd\n");
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_EQ(r.text, "third");
  EXPECT_EQ(r.offset, 19u);
  EXPECT_EQ(r.line, 3u);
}

TEST(RecordFramer, CsvQuotedNewlinesStayInOneRecord) {
  RecordFramer f(Framing::kCsvQuoted, 1024);
  f.Reset(100, 7);
  f.Append("a,\"multi\nline \"\"quoted\"\"\nfield\",z\nb,c\n");
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_EQ(r.text, "a,\"multi\nline \"\"quoted\"\"\nfield\",z");
  EXPECT_EQ(r.offset, 100u);
  EXPECT_EQ(r.line, 7u);
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_EQ(r.text, "b,c");
  EXPECT_EQ(r.line, 10u);
}

TEST(RecordFramer, CsvQuoteSplitAcrossAppends) {
  RecordFramer f(Framing::kCsvQuoted, 1024);
  f.Reset(0, 1);
  f.Append("x,\"open\n");
  EXPECT_TRUE(Drain(f).empty());
  f.Append("still\",y\n");
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"x,\"open\nstill\",y"}));
}

TEST(RecordFramer, CsvStrayQuoteInAnUnquotedFieldDoesNotSwallowTheNextRows) {
  RecordFramer f(Framing::kCsvQuoted, 1024);
  f.Reset(0, 1);
  f.Append("a,5\" screen,b\nc,d\ne,\"quoted \"\"x\"\"\nsecond line\",f\n");
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"a,5\" screen,b", "c,d",
                                                "e,\"quoted \"\"x\"\"\nsecond line\",f"}));
}

TEST(RecordFramer, CsvDoubledQuoteSplitBetweenAppends) {
  RecordFramer f(Framing::kCsvQuoted, 1024, ';');
  f.Reset(0, 1);
  f.Append("x;\"say \"");  // a closing quote, or the first half of a doubled one?
  EXPECT_TRUE(Drain(f).empty());
  f.Append("\"hi\"\"\nstill quoted\";y\nz\n");
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"x;\"say \"\"hi\"\"\nstill quoted\";y", "z"}));
}

TEST(RecordFramer, IndentedContinuationWaitsForTheNextRecordOrAFlush) {
  RecordFramer f(Framing::kIndentedContinuation, 1024);
  f.Reset(0, 1);
  f.Append("LOG: select *\n\tfrom t\n\twhere x\n");
  EXPECT_TRUE(Drain(f).empty());  // a continuation line may still come
  f.Append("LOG: next\n");
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"LOG: select *\n\tfrom t\n\twhere x"}));
  EXPECT_TRUE(Drain(f).empty());
  EXPECT_EQ(Drain(f, true), (std::vector<std::string>{"LOG: next"}));
  EXPECT_EQ(f.consumed_line(), 5u);
}

TEST(RecordFramer, OversizedRecordIsCutAndTheRestSkipped) {
  RecordFramer f(Framing::kLine, 8);
  f.Reset(0, 1);
  f.Append("0123456789abcdef");
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_TRUE(r.oversized);
  EXPECT_EQ(r.text, "01234567");
  // Until its line break is seen, a checkpoint stays at the record's start.
  EXPECT_EQ(f.consumed_offset(), 0u);
  f.Append("ghij\nok\n");
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_FALSE(r.oversized);
  EXPECT_EQ(r.text, "ok");
  EXPECT_EQ(r.offset, 21u);
  EXPECT_EQ(f.consumed_offset(), 24u);
}

}  // namespace
}  // namespace phi
