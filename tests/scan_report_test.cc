// Tests for the scan report layer (src/report/scan_report.h): the helpers, the terminal summary,
// the HTML report (escaping, code-point slicing, caps) and the SQLite file read back through the
// sqlite3 C API.

#include "report/scan_report.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "unspun/stories.h"

namespace unspun {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t CountOf(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/unspun_scan_test_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path operator/(const char* name) const { return path_ / name; }

 private:
  fs::path path_;
};

// Three articles: b is a copy of a whose text starts with multi-byte characters, so that byte
// and code-point offsets differ; c is a disguised article with a homoglyph in its title.
ScanResults SmallResults() {
  ScanResults r;
  r.inputs = {"corpus.jsonl"};
  r.input_summary = "read 3 documents from 1 file";
  ScanArticle a;
  a.id = "a";
  a.title = "Original <story> & more";
  a.source = "Wire";
  a.published = "2021-06-16";
  a.origin = "corpus.jsonl:1";
  a.text = "«Ça» — ünïcode first. The shared passage is here. The end.";
  ScanArticle b = a;
  b.id = "b";
  b.title = "Copy";
  b.source = "Farm";
  b.published = "2021-06-18";
  b.origin = "corpus.jsonl:2";
  b.text = "The shared passage is here. Something else.";
  ScanArticle c;
  c.id = "c";
  c.title = "Rаce";  // Cyrillic а at code point 1.
  c.text = "Nothing to see.";
  c.origin = "corpus.jsonl:3";
  c.flags.push_back({"homoglyphs", "1 look-alike letter", {{true, 1, 2, "Cyrillic а for a"}}});
  r.articles = {a, b, c};

  // "The shared passage is here." sits at code point 22 of a (after 21 code points of prefix).
  const uint32_t start = 22, length = 27;
  ReusePair p;
  p.a = 0;
  p.b = 1;
  p.relation = Relation::kPartial;
  p.score = 0.9;
  p.source = 0;
  p.coverage_a = 0.5;
  p.coverage_b = 0.6;
  p.passages.push_back({start, start + length, 0, length});
  r.pairs.push_back(p);

  ScanStory s;
  s.id = 0;
  s.articles = {0, 1};
  DescribeStory(r.articles, &s);
  r.stories.push_back(s);
  // A story of one article (a clusterer may report them): stored, but neither counted nor shown.
  ScanStory alone;
  alone.id = 2;
  alone.articles = {2};
  DescribeStory(r.articles, &alone);
  r.stories.push_back(alone);
  return r;
}

TEST(ScanReportHelpers, CodePointOffsets) {
  EXPECT_EQ(CodePointOffsets(""), std::vector<uint32_t>({0}));
  // a, é (2 bytes), 中 (3 bytes), 😀 (4 bytes).
  EXPECT_EQ(CodePointOffsets("aé中😀"), std::vector<uint32_t>({0, 1, 3, 6, 10}));
}

TEST(ScanReportHelpers, HtmlEscaping) {
  std::string out;
  AppendHtmlEscaped("<a href=\"x\">Tom & Jerry's</a>", &out);
  EXPECT_EQ(out, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(ScanReportHelpers, DayNumber) {
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("2021-06-16"), 18794);
  EXPECT_EQ(DayNumber("2021-06-16T21:05:00Z"), 18794);
  EXPECT_EQ(DayNumber("2000-02-29"), 11016);
  EXPECT_EQ(DayNumber("2001-02-29"), -1);
  EXPECT_EQ(DayNumber("2021-13-01"), -1);
  EXPECT_EQ(DayNumber("6/17/2021"), -1);
  EXPECT_EQ(DayNumber(""), -1);
}

TEST(ScanReportHelpers, DescribeStory) {
  std::vector<ScanArticle> articles(4);
  const char* sources[] = {"X", "Y", "Y", ""};
  const char* dates[] = {"2021-06-18", "", "2021-06-15", "2021-06-20"};
  for (int i = 0; i < 4; ++i) {
    articles[i].id = "id" + std::to_string(i);
    articles[i].title = "title " + std::to_string(i);
    articles[i].source = sources[i];
    articles[i].published = dates[i];
  }
  ScanStory s;
  s.articles = {0, 1, 2, 3};
  DescribeStory(articles, &s);
  EXPECT_EQ(s.label, "title 2");  // The earliest dated article's title.
  EXPECT_EQ(s.outlets, std::vector<std::string>({"Y", "X"}));
  EXPECT_EQ(s.first, "2021-06-15");
  EXPECT_EQ(s.last, "2021-06-20");
}

TEST(ScanSummary, CountsAndCopyLines) {
  const ScanResults r = SmallResults();
  ReportLimits limits;
  const std::string s = ScanSummary(r, limits);
  EXPECT_NE(s.find("3 articles, 1 story (2 articles), 1 reuse pair (1 partial), 1 flagged article"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("b <- a"), std::string::npos) << s;
  EXPECT_NE(s.find("  c (homoglyphs)"), std::string::npos) << s;
  limits.summary_pairs = 0;
  EXPECT_NE(ScanSummary(r, limits).find("... and 1 more"), std::string::npos);
}

TEST(ScanHtml, EscapesSlicesByCodePointsAndHasEverySection) {
  TempDir dir;
  const ScanResults r = SmallResults();
  ASSERT_TRUE(WriteHtmlReport(r, dir / "r.html", ReportLimits()).ok());
  const std::string html = ReadFile(dir / "r.html");
  EXPECT_FALSE(fs::exists(dir / "r.html.tmp"));
  EXPECT_EQ(html.find("<story>"), std::string::npos) << "title not escaped";
  EXPECT_NE(html.find("Original &lt;story&gt; &amp; more"), std::string::npos);
  for (const char* id : {"id=\"summary\"", "id=\"score-histogram\"", "id=\"story-timeline\"",
                         "id=\"stories\"", "id=\"pairs\"", "id=\"evidence\"", "id=\"flagged\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(CountOf(html, "<tr class=\"pair\""), 1u);
  EXPECT_EQ(CountOf(html, "class=\"evidence\" id=\"pair-0\""), 1u);
  EXPECT_EQ(CountOf(html, "<article class=\"story\""), 1u);
  EXPECT_EQ(CountOf(html, "<article class=\"flagged\""), 1u);
  // Two dated articles: two dots on the timeline.
  EXPECT_EQ(CountOf(html, "<circle class=\"dot"), 2u);
  // The passage is sliced by code points: it starts exactly at "The shared" on a's side, where a
  // byte slice would start 7 bytes early (inside "ünïcode first.").
  EXPECT_NE(html.find("code points 22–49</span></h4>The shared passage is here."),
            std::string::npos);
  // The homoglyph in the flagged title is marked.
  EXPECT_NE(html.find("R<mark title=\"Cyrillic а for a\">а</mark>ce"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos) << "the report must not fetch anything";
}

TEST(ScanHtml, CapsListsWithANote) {
  TempDir dir;
  ScanResults r = SmallResults();
  r.pairs.push_back(r.pairs[0]);
  r.pairs.push_back(r.pairs[0]);
  ReportLimits limits;
  limits.pairs = 1;
  limits.evidence = 0;
  ASSERT_TRUE(WriteHtmlReport(r, dir / "r.html", limits).ok());
  const std::string html = ReadFile(dir / "r.html");
  EXPECT_EQ(CountOf(html, "<tr class=\"pair\""), 1u);
  EXPECT_NE(html.find("Showing 1 of 3 pairs"), std::string::npos);
  EXPECT_EQ(CountOf(html, "class=\"evidence\" id="), 0u);
}

// Offsets past the end (a corrupt or mismatched result), reversed spans and stray UTF-8
// continuation bytes must not crash the writers: spans are clamped to the text.
TEST(ScanHtml, OutOfRangeOffsetsAreClamped) {
  TempDir dir;
  ScanResults r = SmallResults();
  r.articles[1].text = "short \x80\xBF text";
  r.pairs[0].passages.push_back({1000, 2000, 5, 3});
  r.pairs[0].passages.push_back({0, 100000, 0, 100000});
  r.articles[2].flags[0].marks.push_back({true, 50, 60, "past the title"});
  r.articles[2].flags[0].marks.push_back({false, 3, 100, "runs past the text"});
  r.articles[2].flags[0].marks.push_back({false, 500, 501, "past the text"});
  ASSERT_TRUE(WriteHtmlReport(r, dir / "r.html", ReportLimits()).ok());
  const std::string html = ReadFile(dir / "r.html");
  EXPECT_NE(html.find("runs past the text"), std::string::npos);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  ASSERT_TRUE(WriteSqlite(r, dir / "r.db").ok());
}

TEST(ScanHtml, UnwritablePathIsAnError) {
  const Status s =
      WriteHtmlReport(SmallResults(), "/nonexistent-dir/unspun/r.html", ReportLimits());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("/nonexistent-dir/unspun/r.html"), std::string::npos) << s.ToString();
}

// Runs `sql` and returns the first column of the first row as text ("" when none).
std::string Query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sql << ": " << sqlite3_errmsg(db);
  std::string out;
  if (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(stmt, 0);
    if (t != nullptr) out = reinterpret_cast<const char*>(t);
  }
  sqlite3_finalize(stmt);
  return out;
}

TEST(ScanSqlite, WritesEveryTableAndReplacesAnOldFile) {
  TempDir dir;
  const fs::path path = dir / "r.db";
  { std::ofstream(path) << "not a database"; }  // Replaced, not appended to.
  const ScanResults r = SmallResults();
  ASSERT_TRUE(WriteSqlite(r, path).ok());
  EXPECT_FALSE(fs::exists(dir / "r.db.tmp"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  EXPECT_EQ(Query(db, "SELECT value FROM meta WHERE key = 'format_version'"),
            std::to_string(kScanDbFormatVersion));
  EXPECT_EQ(Query(db, "SELECT value FROM meta WHERE key = 'format'"), "unspun-scan");
  EXPECT_EQ(Query(db, "SELECT count(*) FROM articles"), "3");
  EXPECT_EQ(Query(db, "SELECT count(*) FROM pairs"), "1");
  EXPECT_EQ(Query(db, "SELECT count(*) FROM passages"), "1");
  EXPECT_EQ(Query(db, "SELECT count(*) FROM stories"), "2");
  EXPECT_EQ(Query(db, "SELECT count(*) FROM story_articles"), "3");
  EXPECT_EQ(Query(db, "SELECT flag FROM flags WHERE article = 2"), "homoglyphs");
  EXPECT_EQ(Query(db, "SELECT field || span_begin || note FROM flag_marks"),
            "title1Cyrillic а for a");
  EXPECT_EQ(Query(db, "SELECT source FROM articles WHERE id = 'c'"), "");  // NULL when unknown.
  EXPECT_EQ(Query(db, "SELECT copy_id || '<-' || source_id FROM reuse"), "b<-a");
  EXPECT_EQ(Query(db, "SELECT outlets FROM stories WHERE story = 0"), "Wire; Farm");
  // Passage offsets are code points, and SQLite's substr() counts characters: the documented
  // query returns the passage itself.
  EXPECT_EQ(Query(db,
                  "SELECT substr(x.text, g.a_begin + 1, g.a_end - g.a_begin) FROM passages g "
                  "JOIN pairs p USING (pair) JOIN articles x ON x.article = p.a"),
            "The shared passage is here.");
  sqlite3_close(db);
}

TEST(ScanSqlite, UnwritablePathIsAnError) {
  const Status s = WriteSqlite(SmallResults(), "/nonexistent-dir/unspun/r.db");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("/nonexistent-dir/unspun/r.db"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace unspun
