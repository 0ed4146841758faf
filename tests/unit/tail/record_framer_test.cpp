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

// Issue 7: a quoted field longer than the limit must not let the framer resynchronise at a line
// break inside the quotes (that would turn text inside the field into rows of their own).
TEST(RecordFramer, CsvLongQuotedFieldIsOneRecordToItsTrueEnd) {
  const std::string first = "alice,MRN0000001,VIEW,\"ok\"\n";
  // Text typed into a field: a CSV writer doubles any quote in it, so it cannot close the field.
  const std::string fake = "innocent,MRN0005555,EXPORT,\"\"x\"\",5000";
  const std::string long_row = "mallory,MRN0000002,VIEW,\"" + std::string(40, 'p') + "\n" + fake +
                               "\n" + std::string(40, 'q') + "\"\"still quoted\"\"\n" +
                               std::string(30, 'r') + "\",end\r\n";
  const std::string real = "snoop,MRN0009999,VIEW,\"\"";
  const std::string input = first + long_row + real + "\n";
  for (size_t chunk : {size_t{1}, size_t{7}, input.size()}) {
    RecordFramer f(Framing::kCsvQuoted, 64);
    f.Reset(1000, 10);
    std::vector<FramedRecord> records;
    std::vector<std::string> texts;
    for (size_t i = 0; i < input.size(); i += chunk) {
      f.Append(std::string_view(input).substr(i, chunk));
      FramedRecord r;
      while (f.Next(r, false)) {
        records.push_back(r);
        texts.emplace_back(r.text);
      }
    }
    ASSERT_EQ(texts.size(), 3u) << "chunk " << chunk;
    EXPECT_FALSE(records[0].oversized);
    EXPECT_TRUE(records[1].oversized);
    EXPECT_FALSE(records[1].unclosed_quote);
    EXPECT_EQ(texts[1], long_row.substr(0, 64));
    EXPECT_EQ(records[1].offset, 1000 + first.size());
    EXPECT_EQ(records[1].line, 11u);
    EXPECT_EQ(texts[2], real);
    EXPECT_FALSE(records[2].oversized);
    EXPECT_EQ(records[2].offset, 1000 + first.size() + long_row.size());
    EXPECT_EQ(records[2].line, 15u);  // the long row holds three line breaks inside its quotes
    for (const auto& t : texts) EXPECT_EQ(t.find("innocent"), std::string::npos) << t;
    EXPECT_EQ(f.consumed_offset(), 1000 + input.size());
    EXPECT_EQ(f.consumed_line(), 16u);
  }
}

TEST(RecordFramer, CsvLoneQuoteLineIsOneRecordAndTheRowsAfterItAreFramed) {
  RecordFramer f(Framing::kCsvQuoted, 1024);
  f.Reset(0, 1);
  f.Append("a,b\n\"\nc,d\ne,f\n");
  // While more may come, the quote may still close validly.
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"a,b"}));
  EXPECT_EQ(f.consumed_offset(), 4u);
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, true));  // idle or end of input: the quote was a lone one
  EXPECT_EQ(r.text, "\"");
  EXPECT_TRUE(r.unclosed_quote);
  EXPECT_EQ(r.offset, 4u);
  EXPECT_EQ(r.line, 2u);
  ASSERT_TRUE(f.Next(r, true));
  EXPECT_EQ(r.text, "c,d");
  EXPECT_FALSE(r.unclosed_quote);
  EXPECT_EQ(r.offset, 6u);
  EXPECT_EQ(r.line, 3u);
  EXPECT_EQ(Drain(f, true), (std::vector<std::string>{"e,f"}));
  EXPECT_EQ(f.consumed_line(), 5u);
  EXPECT_EQ(f.consumed_offset(), 14u);
}

TEST(RecordFramer, CsvMalformedCloseAfterALineBreakEndsTheLoneQuotesRecordAtItsLine) {
  RecordFramer f(Framing::kCsvQuoted, 1024);
  f.Reset(0, 1);
  f.Append("x,\"oops\ny,\"quoted\",z\nw\n");
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_EQ(r.text, "x,\"oops");
  EXPECT_TRUE(r.unclosed_quote);
  EXPECT_EQ(Drain(f), (std::vector<std::string>{"y,\"quoted\",z", "w"}));
  EXPECT_EQ(f.consumed_line(), 4u);
}

TEST(RecordFramer, CsvQuoteOpenPastTheBoundIsALoneQuote) {
  RecordFramer f(Framing::kCsvQuoted, 16);
  f.Reset(0, 1);
  f.Append("\"\n");
  std::vector<std::string> expected = {"\""};
  for (int i = 0; i < 10; ++i) {
    std::string row = "row,00" + std::to_string(i);
    f.Append(row + "\n");
    expected.push_back(row);
  }
  // 4 x 16 bytes buffered without a valid close: no flush needed.
  std::vector<std::string> got = Drain(f);
  got.resize(std::min(got.size(), expected.size()));
  std::vector<std::string> want(expected.begin(), expected.begin() + got.size());
  ASSERT_GE(got.size(), 5u);
  EXPECT_EQ(got, want);
  std::vector<std::string> rest = Drain(f, true);
  EXPECT_EQ(got.size() + rest.size(), expected.size());
}

TEST(RecordFramer, OversizedCsvLineSkipsThroughItsQuotedLineBreaksAndCountsThem) {
  RecordFramer f(Framing::kCsvQuoted, 8);
  f.Reset(0, 1);
  f.Append(std::string(40, 'a'));  // past 4 x 8 bytes with no end yet: handed out now
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_TRUE(r.oversized);
  EXPECT_EQ(r.text, std::string(8, 'a'));
  EXPECT_EQ(f.consumed_offset(), 0u);
  f.Append(",\"x\ny\nz\",w\nnext\n");
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_EQ(r.text, "next");
  EXPECT_EQ(r.line, 4u);
  EXPECT_EQ(r.offset, 40u + 11u);
}

TEST(RecordFramer, OversizedIndentedRecordSkipsItsContinuationLines) {
  RecordFramer f(Framing::kIndentedContinuation, 8);
  f.Reset(0, 1);
  f.Append("LOG: aaaaaaaaaaaa");
  FramedRecord r;
  ASSERT_TRUE(f.Next(r, false));
  EXPECT_TRUE(r.oversized);
  EXPECT_EQ(r.text, "LOG: aaa");
  f.Append("\n\tfrom x\n");
  EXPECT_FALSE(f.Next(r, false));
  EXPECT_EQ(f.consumed_offset(), 0u);  // still inside the record
  f.Append("\twhere\nLOG: b\n");
  ASSERT_TRUE(f.Next(r, true));
  EXPECT_EQ(r.text, "LOG: b");
  EXPECT_FALSE(r.oversized);
  EXPECT_EQ(r.line, 4u);
  EXPECT_EQ(r.offset, 33u);
  EXPECT_EQ(f.consumed_line(), 5u);
}

}  // namespace
}  // namespace phi
