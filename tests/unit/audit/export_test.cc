// Exports of the trace: NDJSON lines are the canonical entries, CSV is
// quoted and guarded, both stream every matching entry newest first.
#include <gtest/gtest.h>

#include <sstream>

#include "unit/audit/audit_test_util.h"
#include "yungu/audit/audit_trail.h"
#include "yungu/audit/export.h"
#include "yungu/audit/open_audit_log.h"

namespace yungu::audit {
namespace {

std::string Drain(EntryExport& exporter) {
  std::string all, chunk;
  for (;;) {
    chunk.clear();
    auto more = exporter.Next(chunk);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok()) break;
    all += chunk;
    if (!*more) break;
  }
  return all;
}

TEST(AuditExport, NdjsonLinesAreTheCanonicalEntriesNewestFirst) {
  testing::ScratchDir dir;
  auto log = OpenAuditLog(dir.path());
  ASSERT_TRUE(log.ok());
  for (int i = 0; i < 2500; ++i) {
    ASSERT_TRUE((*log)->Append(testing::ReadEvent(i % 2 ? "odd" : "even", std::to_string(i))).ok());
  }
  ASSERT_TRUE((*log)->Flush().ok());
  AuditTrail& trail = *(*log)->trail();
  AuditQuery q;
  q.user_id = "odd";
  EntryExport exporter(trail, q, ExportFormat::kNdjson);
  std::istringstream lines(Drain(exporter));
  std::string line;
  int64_t expected = 2499, count = 0;
  while (std::getline(lines, line)) {
    auto entry = trail.Entry(expected);
    ASSERT_TRUE(entry.ok());
    ASSERT_EQ(line, entry->canonical);
    expected -= 2;
    ++count;
  }
  EXPECT_EQ(count, 1250);
  EntryExport limited(trail, AuditQuery{}, ExportFormat::kNdjson, 3);
  EXPECT_EQ(Drain(limited), trail.Entry(2499)->canonical + "\n" + trail.Entry(2498)->canonical + "\n" +
                                trail.Entry(2497)->canonical + "\n");
}

TEST(AuditExport, CsvQuotesAndGuardsCells) {
  AuditEntry entry;
  entry.index = 5;
  entry.event = testing::ReadEvent("u", "t");
  entry.event.purpose = "=HYPERLINK(\"http://x\")";
  entry.event.fields = {"a", "b,c"};
  entry.event.time = "2026-01-01T00:00:00.000000Z";
  entry.leaf_hash = LeafHash("x");
  std::string row = CsvRow(entry);
  EXPECT_EQ(row.rfind("5,2026-01-01T00:00:00.000000Z,read,dataset.query,ok,,u,", 0), 0u) << row;
  EXPECT_NE(row.find(R"csv("'=HYPERLINK(""http://x"")")csv"), std::string::npos) << row;
  EXPECT_NE(row.find("\"a;b,c\""), std::string::npos) << row;
  EXPECT_NE(row.find(",100,0,"), std::string::npos) << "rows and grant id stay numbers: " << row;
  EXPECT_EQ(row.substr(row.size() - 66), ToHex(entry.leaf_hash) + "\r\n");
  // As many cells as the header names.
  auto count = [](const std::string& text) {
    size_t n = 1;
    bool quoted = false;
    for (char c : text) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++n;
    }
    return n;
  };
  EXPECT_EQ(count(row), count(CsvHeader()));
}

}  // namespace
}  // namespace yungu::audit
