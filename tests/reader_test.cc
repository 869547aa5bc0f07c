// Tests for the readers (src/io): one per format and one per kind of bad input, with and without
// --strict.

#include "unspun/reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/reader_internal.h"

namespace unspun {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

size_t CountOf(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("unspun_reader_test_" + std::to_string(getpid()) + "_" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `bytes` to `name` (which may contain directories) and returns the full path.
  std::string Write(const std::string& name, std::string_view bytes) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }
  std::string Path(const std::string& name = "") const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// One read: documents, warnings and stats.
struct Read {
  Status status;
  std::vector<Document> docs;
  std::vector<std::string> warnings;
  ReadStats stats;

  bool Warned(std::string_view text) const {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const std::string& w) { return w.find(text) != std::string::npos; });
  }
};

Read ReadPaths(const std::vector<std::string>& paths, bool strict = false) {
  Read r;
  ReadOptions options;
  options.strict = strict;
  options.warn = [&r](std::string_view w) { r.warnings.emplace_back(w); };
  r.status = ReadAllDocuments(paths, options, &r.docs, &r.stats);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Plain text.

TEST(ReaderTextTest, MetadataLinesFillFieldsAndLeaveTheText) {
  TempDir dir;
  const std::string path = dir.Write("axios-summit.txt",
                                     "\n  Defensive Putin calls Biden summit \"constructive\"  \n"
                                     "Published Date: 6/16/2021\n"
                                     "SOURCE: axios.com\n"
                                     "url: https://www.axios.com/putin-biden\n"
                                     "\n\n"
                                     "Russian President Vladimir Putin said Wednesday...\n"
                                     "\n"
                                     "Source: a line in the body stays.   \n\n\n");
  const Read r = ReadPaths({path});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 1u);
  const Document& d = r.docs[0];
  EXPECT_EQ(d.id, "axios-summit");
  EXPECT_EQ(d.title, "Defensive Putin calls Biden summit \"constructive\"");
  EXPECT_EQ(d.published, "2021-06-16");
  EXPECT_EQ(d.source, "axios.com");
  EXPECT_EQ(d.url, "https://www.axios.com/putin-biden");
  EXPECT_EQ(d.text,
            "Russian President Vladimir Putin said Wednesday...\n\n"
            "Source: a line in the body stays.");
  EXPECT_EQ(d.origin_file, path);
  EXPECT_EQ(d.origin_line, 0u);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.stats.documents, 1u);
  EXPECT_EQ(r.stats.files, 1u);
}

TEST(ReaderTextTest, MetadataOnlyDirectlyUnderTheTitle) {
  Document d;
  // A blank line ends the metadata block; "Update:" is not a metadata key.
  ASSERT_TRUE(ParsePlainText("Title\n\nSource: https://ibb.co/x\n\nBody.", "a.txt", &d));
  EXPECT_EQ(d.source, "");
  EXPECT_EQ(d.text, "Source: https://ibb.co/x\n\nBody.");
  ASSERT_TRUE(ParsePlainText("Title\nUpdate: delayed\nSource: X\n\nBody.", "a.txt", &d));
  EXPECT_EQ(d.source, "");
  EXPECT_EQ(d.text, "Update: delayed\nSource: X\n\nBody.");
  // Every recognized key is removed, an unparseable date leaves `published` empty.
  ASSERT_TRUE(ParsePlainText("Title\nOutlet: Wire\nDate: sometime soon\nBody line.", "a.txt", &d));
  EXPECT_EQ(d.source, "Wire");
  EXPECT_EQ(d.published, "");
  EXPECT_EQ(d.text, "Body line.");
  ASSERT_TRUE(ParsePlainText("Title\nPublished: June 14, 2021\n\nBody.", "x/y/b.c.txt", &d));
  EXPECT_EQ(d.published, "2021-06-14");
  EXPECT_EQ(d.id, "b.c");
}

TEST(ReaderTextTest, CrlfLineEndingsAndByteOrderMark) {
  TempDir dir;
  const std::string path = dir.Write("win.txt",
                                     "\xEF\xBB\xBFHeadline from Windows\r\n"
                                     "Outlet: Wire Service\r\n"
                                     "Published: 2021-06-16\r\n"
                                     "\r\n"
                                     "Line one,\r\n"
                                     "line two.\r\n"
                                     "\r\n"
                                     "Second  paragraph\twith spacing kept.\r\n\r\n");
  const Read r = ReadPaths({path});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].title, "Headline from Windows");
  EXPECT_EQ(r.docs[0].source, "Wire Service");
  EXPECT_EQ(r.docs[0].published, "2021-06-16");
  EXPECT_EQ(r.docs[0].text, "Line one,\nline two.\n\nSecond  paragraph\twith spacing kept.");
}

TEST(ReaderTextTest, SingleLineFileIsTextWithoutTitle) {
  Document d;
  ASSERT_TRUE(ParsePlainText("  Just one paragraph of text.  \n", "one.txt", &d));
  EXPECT_EQ(d.title, "");
  EXPECT_EQ(d.text, "Just one paragraph of text.");
  EXPECT_FALSE(ParsePlainText(" \n\t\n", "blank.txt", &d));
}

// ---------------------------------------------------------------------------------------------
// HTML.

constexpr std::string_view kNewsPage = R"(<!doctype html>
<html><head>
<title>Summit ends early with few agreements | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2021-06-16T18:30:00+02:00">
<link rel="canonical" href="https://daily.example/world/summit">
<script>var html = "<p>not text</p>"; if (a < b && c > d) {}</script>
<style>p { color: red }</style>
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li>World</li></ul></nav></header>
<div class="page">
<p>Breaking: subscribe for alerts</p>
<article>
  <header><h1>Summit  ends <em>early</em></h1><p class="byline">By A. Writer</p></header>
  <div class="social-share"><a>Facebook</a> <a>Twitter</a> <a>WhatsApp</a></div>
  <div class="article-body">
    <p>The leaders met for three hours &mdash; less than planned.</p>
    <p>They agreed to return ambassadors,
       officials said.<script>track()</script></p>
    <p><strong>Also Read:</strong> <a href="/x">Ten things about Geneva</a></p>
    <h2>What comes next</h2>
    <p>Talks on arms control will start &ldquo;soon&rdquo;.</p>
    <ul><li>Cyber: a list of 16 sectors</li><li>Prisoners: no deal</li></ul>
    <p>Facebook Twitter WhatsApp Email</p>
    <div class="ad-slot"><p>Advertisement</p></div>
    <p>Advertisement</p>
    <noscript><p>Enable JavaScript</p></noscript>
    <figure><img src="a.jpg"><figcaption>The villa.</figcaption></figure>
    <h3>Related coverage</h3>
  </div>
  <aside class="related"><h2>More</h2><p>Another story teaser.</p></aside>
  <section class="newsletter"><p>Sign up for our newsletter to get the news.</p></section>
</article>
<div id="comments"><p>Great article!</p></div>
</div>
<footer><p>Copyright 2021 The Daily Example. Contact us at news@daily.example.</p></footer>
<script src="x.js"></script>
</body></html>
)";

TEST(ReaderHtmlTest, KeepsArticleParagraphsAndDropsBoilerplate) {
  Document d;
  ASSERT_TRUE(ParseHtml(kNewsPage, "pages/summit.html", &d));
  EXPECT_EQ(d.id, "summit");
  EXPECT_EQ(d.title, "Summit ends early");
  EXPECT_EQ(d.source, "The Daily Example");
  EXPECT_EQ(d.published, "2021-06-16");
  EXPECT_EQ(d.url, "https://daily.example/world/summit");
  EXPECT_EQ(d.text,
            "The leaders met for three hours \xE2\x80\x94 less than planned.\n\n"
            "They agreed to return ambassadors, officials said.\n\n"
            "What comes next\n\n"
            "Talks on arms control will start \xE2\x80\x9Csoon\xE2\x80\x9D.\n\n"
            "Cyber: a list of 16 sectors\n\n"
            "Prisoners: no deal");
}

TEST(ReaderHtmlTest, ReadsPageFromFile) {
  TempDir dir;
  const std::string path = dir.Write("page.HTM", kNewsPage);
  const Read r = ReadPaths({path});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "page");
  EXPECT_EQ(r.docs[0].title, "Summit ends early");
  EXPECT_EQ(r.docs[0].origin_file, path);
}

TEST(ReaderHtmlTest, DecodesCharacterReferences) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<p>a&amp;b &lt;c&gt; &quot;q&quot; it&#39;s&nbsp;x &#8217; &#x2014; "
                "&rsquo;&lsquo;&ldquo;&rdquo;&mdash;&ndash;&hellip; &#146; &#0; &#xD800; "
                "AT&T &bogus; &amp &copy 5&lt;6</p>",
                "e.html", &d));
  EXPECT_EQ(d.text,
            "a&b <c> \"q\" it's\xC2\xA0x \xE2\x80\x99 \xE2\x80\x94 "
            "\xE2\x80\x99\xE2\x80\x98\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\x94\xE2\x80\x93\xE2\x80\xA6 "
            "\xE2\x80\x99 \xEF\xBF\xBD \xEF\xBF\xBD "
            "AT&T &bogus; & \xC2\xA9 5<6");
}

TEST(ReaderHtmlTest, CollapsesWhitespaceInsideParagraphs) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<p>\n  one\t two<br>three <b>four</b><i> five</i>\n</p><p>&nbsp;</p>"
                "<p>six</p>",
                "w.html", &d));
  EXPECT_EQ(d.text, "one two three four five\n\nsix");
}

TEST(ReaderHtmlTest, TitleFallsBackToOgTitleThenTitleTag) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<meta property='og:title' content='From &quot;OG&quot;'>"
                "<title>From title tag | Site</title><p>x</p>",
                "t.html", &d));
  EXPECT_EQ(d.title, "From \"OG\"");
  ASSERT_TRUE(
      ParseHtml("<title>A headline that is long enough - Section | The Site</title>"
                "<h1>Site logo</h1><p>x</p>",
                "t.html", &d));
  EXPECT_EQ(d.title, "A headline that is long enough");
  // Too short a rest: the separator is part of the headline.
  ASSERT_TRUE(ParseHtml("<title>Biden - Putin</title><p>x</p>", "t.html", &d));
  EXPECT_EQ(d.title, "Biden - Putin");
  // An <h1> outside <article>/<main> is only the last resort.
  ASSERT_TRUE(ParseHtml("<h1>Only heading</h1><p>x</p>", "t.html", &d));
  EXPECT_EQ(d.title, "Only heading");
}

TEST(ReaderHtmlTest, MetadataFallbacks) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<meta property='article:publisher' content='https://facebook.com/x'>"
                "<meta property='og:url' content='https://www.Example.com/a?b'>"
                "<article><time datetime='June 14, 2021'>Monday</time><p>x</p></article>",
                "m.html", &d));
  EXPECT_EQ(d.source, "example.com");
  EXPECT_EQ(d.url, "https://www.Example.com/a?b");
  EXPECT_EQ(d.published, "2021-06-14");
  ASSERT_TRUE(ParseHtml("<meta name='article:publisher' content='Wire Co'><p>x</p>", "m.html", &d));
  EXPECT_EQ(d.source, "Wire Co");
}

TEST(ReaderHtmlTest, ClassNamesDropFurnitureButNotTheStory) {
  Document d;
  // "has-sidebar" says what the wrapper holds, not what it is.
  ASSERT_TRUE(
      ParseHtml("<div class='page has-sidebar'><p>Kept one.</p></div>"
                "<div class='sidebar'><p>Dropped.</p></div>"
                "<div id='ad-1' class='ad'><p>Dropped too.</p></div>",
                "c.html", &d));
  EXPECT_EQ(d.text, "Kept one.");
  // The element named as the story body stays, whatever else its class says.
  ASSERT_TRUE(
      ParseHtml("<div class='article-body share-enabled'><p>Kept.</p></div>", "c.html", &d));
  EXPECT_EQ(d.text, "Kept.");
  // When class names would leave nothing, they are ignored.
  ASSERT_TRUE(
      ParseHtml("<div class='layout-sidebar-right'><p>All the text.</p></div>"
                "<nav><p>Menu</p></nav>",
                "c.html", &d));
  EXPECT_EQ(d.text, "All the text.");
}

TEST(ReaderHtmlTest, BoilerplateParagraphs) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<p>Also Read: Ten things</p><p>READ MORE: x</p><p>Related: y</p>"
                "<p>Advertisement</p><p>Share on: Facebook | X | Copy link</p>"
                "<p>Subscribers to the service rose by 5% last year.</p>"
                "<p>Read more slowly, the report says.</p>"
                "<p>Twitter said on Tuesday it would appeal.</p>"
                "<p>Advertisement spending fell.</p>"
                "<p>\xC2\xA9 2021 Example Media</p>",
                "b.html", &d));
  EXPECT_EQ(d.text,
            "Subscribers to the service rose by 5% last year.\n\n"
            "Twitter said on Tuesday it would appeal.");
}

TEST(ReaderHtmlTest, TeaserArticleDoesNotHideThePage) {
  // The only <article> is a one-line card; the story is in plain <p>s of the page.
  const std::string page = "<body><p>" + std::string(300, 'a') + "</p><p>" + std::string(300, 'b') +
                           "</p><article class='card'><p>Teaser.</p></article></body>";
  Document d;
  ASSERT_TRUE(ParseHtml(page, "t.html", &d));
  EXPECT_EQ(d.text, std::string(300, 'a') + "\n\n" + std::string(300, 'b') + "\n\nTeaser.");
}

TEST(ReaderHtmlTest, PageWithoutParagraphElementsUsesLooseText) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<div class='story-body'>First part.<br><br>Second<br>part.</div>"
                "<div class='x'>Outside.</div>",
                "l.html", &d));
  EXPECT_EQ(d.text, "First part.\n\nSecond part.");
}

TEST(ReaderHtmlTest, UnclosedAndMisnestedTags) {
  Document d;
  ASSERT_TRUE(
      ParseHtml("<article><p>one<p>two<div>three</p>four</div><li>five<li>six</article>"
                "</div></div></span><p>seven",
                "u.html", &d));
  EXPECT_EQ(d.text, "one\n\ntwo\n\nfive\n\nsix");
  // Everything after an unterminated tag is lost, nothing before it.
  ASSERT_TRUE(ParseHtml("<p>kept</p><p class=\"never closed>lost</p>", "u.html", &d));
  EXPECT_EQ(d.text, "kept");
  ASSERT_TRUE(
      ParseHtml("<p>a < b and c<3</p><!-- <p>comment</p> --><p>d</p><!-- open", "u.html", &d));
  EXPECT_EQ(d.text, "a < b and c<3\n\nd");
}

TEST(ReaderHtmlTest, GarbageNeverCrashesOrHangs) {
  // Random soup of the characters that steer the tokenizer.
  const std::string alphabet = "<>/!-=\"' \n&#;pdivlah1script\xC3\xA9";
  std::mt19937 rng(1234);
  Document d;
  for (int round = 0; round < 2000; ++round) {
    std::string soup(rng() % 400, ' ');
    for (char& c : soup) c = alphabet[rng() % alphabet.size()];
    (void)ParseHtml(soup, "soup.html", &d);
  }
  // Pathological shapes, each a few MB: must stay linear.
  const auto start = std::chrono::steady_clock::now();
  const size_t n = 4 << 20;
  for (const std::string& garbage :
       {std::string(n, '<'), "<p" + std::string(n, 'a'), "<p title=\"" + std::string(n, 'x'),
        std::string("<script>") + std::string(n, '<'),
        [] {
          std::string s;
          while (s.size() < (4u << 20)) s += "<div><span><li><p>x";
          return s;
        }(),
        [] {
          std::string s = "<ul>";
          for (int i = 0; i < 600; ++i) s += "<span>";
          while (s.size() < (4u << 20)) s += "<li>y</li></div>";
          return s;
        }()}) {
    (void)ParseHtml(garbage, "g.html", &d);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 20.0);
}

// ---------------------------------------------------------------------------------------------
// JSON Lines.

TEST(ReaderJsonTest, NullFieldsMissingIdsAndBlankLines) {
  TempDir dir;
  const std::string path = dir.Write(
      "wire.jsonl",
      R"({"id": "a1", "title": "T", "text": "Body one.", "source": null, "published": null})"
      "\n\n   \n"
      R"({"text": "Body two.", "published": "June 16, 2021", "url": "https://x.example/2", "extra": [1, {"y": 2}]})"
      "\r\n"
      R"({"id": 42, "text": "Body three.", "source": "Wire", "title": null})");
  const Read r = ReadPaths({path});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].id, "a1");
  EXPECT_EQ(r.docs[0].title, "T");
  EXPECT_EQ(r.docs[0].source, "");
  EXPECT_EQ(r.docs[0].published, "");
  EXPECT_EQ(r.docs[0].origin_line, 1u);
  EXPECT_EQ(r.docs[1].id, "wire:4");
  EXPECT_EQ(r.docs[1].published, "2021-06-16");
  EXPECT_EQ(r.docs[1].url, "https://x.example/2");
  EXPECT_EQ(r.docs[1].origin_line, 4u);
  EXPECT_EQ(r.docs[1].Origin(), path + ":4");
  EXPECT_EQ(r.docs[2].id, "42");
  EXPECT_EQ(r.docs[2].source, "Wire");
  EXPECT_EQ(r.docs[2].origin_line, 5u);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_FALSE(r.stats.AnySkipped());
}

TEST(ReaderJsonTest, MalformedLinesAreReportedAndSkipped) {
  TempDir dir;
  const std::string path = dir.Write("feed.jsonl",
                                     "{\"id\": \"ok1\", \"text\": \"first\"}\n"
                                     "{\"id\": \"bad\", \"text\": \"unterminated}\n"
                                     "[1, 2, 3]\n"
                                     "{\"id\": \"notext\", \"title\": \"x\"}\n"
                                     "{\"id\": \"numtext\", \"text\": 7}\n"
                                     "{\"id\": \"trailing\", \"text\": \"x\"} junk\n"
                                     "{\"id\": \"badtitle\", \"text\": \"x\", \"title\": 3}\n"
                                     "{\"id\": \"ok2\", \"text\": \"last\"}\n");
  const Read r = ReadPaths({path});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].id, "ok1");
  EXPECT_EQ(r.docs[1].id, "ok2");
  EXPECT_EQ(r.docs[1].origin_line, 8u);
  EXPECT_EQ(r.stats.malformed_json, 6u);
  ASSERT_EQ(r.warnings.size(), 6u);
  for (int line = 2; line <= 7; ++line) {
    EXPECT_EQ(r.warnings[line - 2].rfind(
                  path + ":" + std::to_string(line) + ": malformed JSON line skipped (", 0),
              0u)
        << r.warnings[line - 2];
  }
  EXPECT_TRUE(r.Warned("not a JSON object"));
  EXPECT_TRUE(r.Warned("\"text\" is missing"));
  EXPECT_TRUE(r.Warned("\"text\" is not a string"));
  EXPECT_TRUE(r.Warned("\"title\" is not a string or null"));
}

TEST(ReaderJsonTest, LargeFileIsReadInChunksWithLinesAcrossTheirEdges) {
  // About 40 MB: more than two 16 MiB read chunks, so lines straddle chunk edges. One malformed
  // line far past the first chunk must still be reported with its own line number, and the last
  // line has no newline.
  TempDir dir;
  std::string feed = "\xEF\xBB\xBF";
  const std::string filler(700, 'x');
  const int lines = 55000;
  for (int i = 1; i <= lines; ++i) {
    if (i == 40000) {
      feed += "{\"id\": \"broken\", \"text\": \"no end}\n";
    } else {
      feed.append("{\"id\": \"a").append(std::to_string(i)).append("\", \"text\": \"");
      feed.append(filler).append("\"}");
      if (i < lines) feed += "\n";
    }
  }
  const std::string path = dir.Write("big.jsonl", feed);
  const Read r = ReadPaths({path});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), static_cast<size_t>(lines - 1));
  EXPECT_EQ(r.docs.front().id, "a1");
  EXPECT_EQ(r.docs[39999].id, "a40001");
  EXPECT_EQ(r.docs[39999].origin_line, 40001u);
  EXPECT_EQ(r.docs.back().id, "a55000");
  EXPECT_EQ(r.docs.back().text, filler);
  EXPECT_EQ(r.stats.bytes, feed.size());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].rfind(path + ":40000: malformed JSON line skipped", 0), 0u);
}

// ---------------------------------------------------------------------------------------------
// UTF-8.

TEST(ReaderUtf8Test, RepairReplacesMaximalSubparts) {
  struct Case {
    std::string in, out;
    size_t replaced;
  };
  const std::string r(kFffd);
  const std::vector<Case> cases = {
      {"plain ascii", "plain ascii", 0},
      {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 0},
      // The example of the Unicode Standard, section 3.9 (U+FFFD substitution of maximal subparts).
      {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
       "a" + r + r + r + "b" + r + "c" + r + r + "d", 6},
      {"\xC0\xAF", r + r, 2},                  // Overlong '/'.
      {"\xED\xA0\x80x", r + r + r + "x", 3},   // A surrogate.
      {"\xF4\x90\x80\x80", r + r + r + r, 4},  // Past U+10FFFF.
      {"ab\xE2\x82", "ab" + r, 1},             // Truncated at the end.
      {"\xE2\x82 ok", r + " ok", 1},           // Truncated before a space.
      {"\xFF\xFE", r + r, 2},
      {"\xF0\x9F\x98", r, 1},
  };
  for (const Case& c : cases) {
    std::string s = c.in;
    EXPECT_EQ(RepairUtf8(&s), c.replaced) << c.in;
    EXPECT_EQ(s, c.out) << c.in;
  }
}

TEST(ReaderUtf8Test, RepairAgreesWithIcuOnRandomBytes) {
  // ICU's UTF-8 converter substitutes maximal subparts too (since ICU 60): a slow reference.
  std::mt19937 rng(7);
  const std::string pieces[] = {"a",
                                " ",
                                "\x80",
                                "\xBF",
                                "\xC2",
                                "\xDF",
                                "\xE0",
                                "\xA0",
                                "\xED",
                                "\x9F",
                                "\xEF",
                                "\xF0",
                                "\x90",
                                "\xF4",
                                "\x8F",
                                "\xF5",
                                "\xC3\xA9",
                                "\xE2\x82\xAC",
                                "\xF0\x9F\x98\x80",
                                "\xFF"};
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int len = rng() % 12;
    for (int i = 0; i < len; ++i) s += pieces[rng() % std::size(pieces)];
    std::string expected;
    ASSERT_TRUE(io::TranscodeToUtf8(s, "UTF-8", &expected));
    std::string got = s;
    const size_t n = RepairUtf8(&got);
    EXPECT_EQ(got, expected);
    EXPECT_EQ(n, CountOf(got, kFffd) - CountOf(s, kFffd));
  }
}

TEST(ReaderUtf8Test, InvalidUtf8IsRepairedAndCountedPerDocument) {
  TempDir dir;
  // Three bad sequences in a text file, the first on line 3.
  const std::string txt = dir.Write("bad.txt", "Title\n\nGood line.\nBad \xC3 here \xFF\xFE.\n");
  // Invalid bytes inside JSON strings: simdjson would reject the line, so it is repaired first.
  const std::string jsonl = dir.Write("bad.jsonl",
                                      "{\"id\": \"j1\", \"text\": \"fine\"}\n"
                                      "{\"id\": \"j2\", \"title\": \"t\xE2\x82\", \"text\": "
                                      "\"x\xF0\x9F y \xED\xA0\x80\"}\n");
  const Read r = ReadPaths({txt, jsonl});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(CountOf(r.docs[0].text, kFffd), 3u);
  EXPECT_EQ(r.docs[0].text, "Good line.\nBad \xEF\xBF\xBD here \xEF\xBF\xBD\xEF\xBF\xBD.");
  EXPECT_EQ(CountOf(r.docs[1].text, kFffd), 0u);
  EXPECT_EQ(r.docs[2].title, "t\xEF\xBF\xBD");
  EXPECT_EQ(CountOf(r.docs[2].text, kFffd), 4u);
  EXPECT_EQ(r.stats.repaired_utf8, 2u);
  EXPECT_TRUE(r.Warned(txt + ":4: invalid UTF-8 replaced with U+FFFD (3 sequences)"));
  EXPECT_TRUE(r.Warned(jsonl + ":2: invalid UTF-8 replaced with U+FFFD (5 sequences)"));
}

TEST(ReaderUtf8Test, HtmlDeclaringLegacyCharsetIsDecoded) {
  TempDir dir;
  // "café – ‘quoted’" in windows-1252.
  const std::string path = dir.Write("latin.html",
                                     "<html><head><meta charset=\"windows-1252\"></head><p>caf\xE9 "
                                     "\x96 \x91quoted\x92</p></html>");
  const Read r = ReadPaths({path});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text, "caf\xC3\xA9 \xE2\x80\x93 \xE2\x80\x98quoted\xE2\x80\x99");
  EXPECT_EQ(r.stats.repaired_utf8, 0u);
}

TEST(ReaderUtf8Test, Utf16TextWithByteOrderMarkIsDecoded) {
  TempDir dir;
  std::string utf16 = "\xFF\xFE";
  for (const char c : std::string("Title\n\nBody text.\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const Read r = ReadPaths({dir.Write("win16.txt", utf16)});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].title, "Title");
  EXPECT_EQ(r.docs[0].text, "Body text.");
  EXPECT_EQ(r.stats.binary_skipped, 0u);
}

// ---------------------------------------------------------------------------------------------
// Binary, random and huge input.

TEST(ReaderInputTest, LooksBinary) {
  EXPECT_FALSE(LooksBinary(""));
  EXPECT_FALSE(LooksBinary("plain text\twith tabs\r\nand a form feed\f"));
  EXPECT_TRUE(LooksBinary(std::string("text with a \0 NUL", 17)));
  EXPECT_TRUE(LooksBinary("\x01\x02\x03 abc"));  // 3 of 7 are controls.
  EXPECT_FALSE(LooksBinary("one escape \x1B[1m in a long line of ordinary text"));
  // Only the first 8 KiB count.
  EXPECT_FALSE(LooksBinary(std::string(8192, 'a') + std::string(100, '\0')));
}

TEST(ReaderInputTest, BinaryFileIsSkippedWithWarning) {
  TempDir dir;
  const std::string png = dir.Write("photo.png", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
  const std::string txt = dir.Write("ok.txt", "Title\nBody.");
  const Read r = ReadPaths({png, txt});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.stats.binary_skipped, 1u);
  EXPECT_EQ(r.stats.files, 2u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], png + ": binary file skipped");
}

TEST(ReaderInputTest, RandomBytesFilesNeitherCrashNorStop) {
  TempDir dir;
  std::mt19937 rng(99);
  std::vector<std::string> paths;
  for (const char* ext : {"txt", "html", "jsonl"}) {
    for (const bool with_controls : {true, false}) {
      std::string bytes(64 << 10, '\0');
      for (char& c : bytes) {
        c = static_cast<char>(with_controls ? rng() % 256 : 0x20 + rng() % 0xE0);
      }
      paths.push_back(
          dir.Write(std::string("random") + (with_controls ? "_bin." : "_high.") + ext, bytes));
    }
  }
  const Read r = ReadPaths(paths);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.stats.files, 6u);
  // Full-range bytes hold NULs: binary. Bytes from 0x20 up are text with invalid UTF-8: the text
  // and HTML files become repaired documents, the JSON Lines file malformed lines.
  EXPECT_EQ(r.stats.binary_skipped, 3u);
  EXPECT_EQ(r.stats.repaired_utf8, 2u);
  EXPECT_EQ(r.docs.size(), 2u);
  EXPECT_GE(r.stats.malformed_json, 1u);
}

TEST(ReaderInputTest, FiftyMegabyteSingleLineFilesReadQuickly) {
  TempDir dir;
  constexpr size_t kSize = 50 << 20;
  std::string words;
  words.reserve(kSize);
  while (words.size() < kSize) words += "lorem ipsum dolor ";
  const std::string txt = dir.Write("huge.txt", words);
  const std::string jsonl =
      dir.Write("huge.jsonl", "{\"id\": \"big\", \"text\": \"" + words + "\"}");
  const std::string html = dir.Write("huge.html", "<html><p class=\"" + words);  // No '>' ever.
  const std::string html2 = dir.Write("huge2.html", "<p>" + words + "</p>");

  const auto start = std::chrono::steady_clock::now();
  const Read r = ReadPaths({txt, jsonl, html, html2});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].text.size(), words.size() - 1);  // The trailing space trimmed.
  EXPECT_EQ(r.docs[1].id, "big");
  EXPECT_EQ(r.docs[1].text.size(), words.size());
  EXPECT_EQ(r.docs[2].text.size(), words.size() - 1);  // Whitespace collapsed and trimmed.
  EXPECT_EQ(r.stats.empty_skipped, 1u);                // The page that never closed its tag.
  EXPECT_LT(seconds, 30.0);  // Linear work takes about a second; quadratic would never finish.
}

// ---------------------------------------------------------------------------------------------
// Skips and renames shared by all formats.

TEST(ReaderReadTest, EmptyArticlesAreSkipped) {
  TempDir dir;
  const std::string txt = dir.Write("blank.txt", "\n \t\n\xC2\xA0\n");
  const std::string html =
      dir.Write("nav.html", "<html><nav><p>Home</p></nav><p>Facebook Twitter</p></html>");
  const std::string jsonl = dir.Write("e.jsonl",
                                      "{\"id\": \"x\", \"text\": \"  \\n \"}\n"
                                      "{\"id\": \"y\", \"text\": \"kept\"}\n");
  const Read r = ReadPaths({txt, html, jsonl});
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "y");
  EXPECT_EQ(r.stats.empty_skipped, 3u);
  EXPECT_TRUE(r.Warned(txt + ": empty article skipped"));
  EXPECT_TRUE(r.Warned(html + ": empty article skipped"));
  EXPECT_TRUE(r.Warned(jsonl + ":1: empty article skipped"));
}

TEST(ReaderReadTest, DuplicateIdsAreRenamed) {
  TempDir dir;
  const std::string jsonl = dir.Write("d.jsonl",
                                      "{\"id\": \"a\", \"text\": \"1\"}\n"
                                      "{\"id\": \"a\", \"text\": \"2\"}\n"
                                      "{\"id\": \"a#3\", \"text\": \"3\"}\n"
                                      "{\"id\": \"a\", \"text\": \"4\"}\n"
                                      "{\"id\": \"b\", \"text\": \"5\"}\n");
  const std::string txt = dir.Write("sub/a.txt", "T\nBody.");
  const Read r = ReadPaths({jsonl, txt});
  ASSERT_TRUE(r.status.ok());
  std::vector<std::string> ids;
  for (const Document& d : r.docs) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "a#2", "a#3", "a#4", "b", "a#5"}));
  EXPECT_EQ(r.stats.duplicate_ids, 3u);
  EXPECT_TRUE(r.Warned(jsonl + ":2: duplicate id \"a\" renamed \"a#2\""));
}

TEST(ReaderReadTest, DirectoriesAreWalkedInNameOrderSkippingHiddenEntries) {
  TempDir dir;
  dir.Write("b.txt", "B\nb");
  dir.Write("a/z.txt", "Z\nz");
  dir.Write("a/m.html", "<p>m</p>");
  dir.Write("a/deeper/k.txt", "K\nk");
  dir.Write("c.jsonl", "{\"id\": \"c1\", \"text\": \"c\"}\n{\"id\": \"c2\", \"text\": \"c\"}\n");
  dir.Write(".hidden.txt", "H\nh");
  dir.Write(".git/config.txt", "G\ng");
  dir.Write("a/.swp", "S\ns");
  dir.Write("A_upper.txt", "U\nu");  // Byte order: upper case before lower case.
  const Read r = ReadPaths({dir.Path()});
  ASSERT_TRUE(r.status.ok());
  std::vector<std::string> ids;
  for (const Document& d : r.docs) ids.push_back(d.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"A_upper", "k", "m", "z", "b", "c1", "c2"}));
  EXPECT_EQ(r.stats.files, 6u);
}

TEST(ReaderReadTest, DanglingSymlinkInDirectoryIsUnreadable) {
  TempDir dir;
  dir.Write("a.txt", "A\na");
  fs::create_symlink(dir.Path("missing.txt"), dir.Path("b.txt"));
  const Read r = ReadPaths({dir.Path()});
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.stats.unreadable, 1u);
  EXPECT_TRUE(r.Warned(dir.Path("b.txt")));
  const Read strict = ReadPaths({dir.Path()}, true);
  EXPECT_EQ(strict.status.code(), Status::Code::kIOError);
  EXPECT_EQ(strict.docs.size(), 1u);
}

TEST(ReaderReadTest, MissingPathIsNotFound) {
  TempDir dir;
  const std::string ok = dir.Write("ok.txt", "T\nbody");
  const Read r = ReadPaths({ok, dir.Path("nope.jsonl")});
  EXPECT_EQ(r.status.code(), Status::Code::kNotFound);
  EXPECT_NE(r.status.message().find(dir.Path("nope.jsonl")), std::string::npos);
  EXPECT_EQ(r.docs.size(), 1u);  // Delivered before the error, never taken back.
}

TEST(ReaderReadTest, StdinIsSniffed) {
  TempDir dir;
  const auto read_stdin = [&](const std::string& bytes) {
    const std::string path = dir.Write("stdin.bin", bytes);
    const int saved = dup(STDIN_FILENO);
    const int fd = open(path.c_str(), O_RDONLY);
    dup2(fd, STDIN_FILENO);
    close(fd);
    Read r = ReadPaths({"-"});
    dup2(saved, STDIN_FILENO);
    close(saved);
    return r;
  };
  Read r = read_stdin("\n  {\"text\": \"one\"}\n{\"text\": \"two\"}\n");
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[1].id, "stdin:3");  // Line 1 is blank.
  EXPECT_EQ(r.docs[1].Origin(), "-:3");
  r = read_stdin("<!-- x -->\n<!DOCTYPE html><title>Page title here</title><p>para</p>");
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text, "para");
  EXPECT_EQ(r.docs[0].id, "stdin");
  r = read_stdin("Plain title\n\n<p>not html</p>");
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].title, "Plain title");
  EXPECT_EQ(r.docs[0].text, "<p>not html</p>");
}

// ---------------------------------------------------------------------------------------------
// --strict: every repair or skip stops the read with a Corruption naming file and line; what was
// delivered before stays delivered.

TEST(ReaderStrictTest, EachProblemIsFatal) {
  TempDir dir;
  const std::string good = "{\"id\": \"g\", \"text\": \"good\"}\n";
  struct Case {
    std::string name, bytes, message;
  };
  const std::vector<Case> cases = {
      {"malformed.jsonl", good + "{\"text\": oops}\n" + good, ":2: malformed JSON line ("},
      {"utf8.jsonl", good + "\n{\"text\": \"\xC3(\"}\n", ":3: invalid UTF-8"},
      {"utf8.txt", "Title\nline 2\nline 3 \xFF\n", ":3: invalid UTF-8"},
      {"empty.jsonl", good + "{\"text\": \" \"}\n", ":2: empty article"},
      {"dup.jsonl", good + good, ":2: duplicate id \"g\""},
      {"binary.txt", std::string("ab\0cd", 5), ": binary file"},
      {"empty.html", "<nav>menu</nav>", ": empty article"},
  };
  for (const Case& c : cases) {
    const std::string path = dir.Write(c.name, c.bytes);
    const std::string before = dir.Write("before-" + c.name + ".txt", "Before\nbody");
    const Read r = ReadPaths({before, path}, true);
    EXPECT_EQ(r.status.code(), Status::Code::kCorruption) << c.name;
    EXPECT_EQ(r.status.message().rfind(path + c.message, 0), 0u) << r.status.message();
    // The file before is delivered, and so is the good first line of a JSON Lines file.
    const bool jsonl = c.name.find(".jsonl") != std::string::npos;
    EXPECT_EQ(r.docs.size(), jsonl ? 2u : 1u) << c.name;
    EXPECT_TRUE(r.warnings.empty()) << c.name;
    // The same input without --strict reads to the end.
    const Read lenient = ReadPaths({before, path}, false);
    EXPECT_TRUE(lenient.status.ok()) << c.name;
    EXPECT_FALSE(lenient.warnings.empty()) << c.name;
    fs::remove(path);
    fs::remove(before);
  }
}

// ---------------------------------------------------------------------------------------------
// Small pieces.

TEST(ReaderFieldsTest, NormalizeDate) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2021-06-16", "2021-06-16"},
      {"2021-06-16T14:05:00Z", "2021-06-16"},
      {" 2021/6/1 ", "2021-06-01"},
      {"6/16/2021", "2021-06-16"},
      {"16/6/2021", "2021-06-16"},
      {"16.06.2021", "2021-06-16"},
      {"June 14, 2021", "2021-06-14"},
      {"Jun. 14th 2021", "2021-06-14"},
      {"14 June 2021", "2021-06-14"},
      {"Wednesday, June 16, 2021 10:30 AM", "2021-06-16"},
      {"Wed, 16 Jun 2021 14:05:00 GMT", "2021-06-16"},
      {"Sept 3 2020", "2020-09-03"},
      {"2020-02-29", "2020-02-29"},
      {"2021-02-29", ""},
      {"2021-13-01", ""},
      {"June 2021", ""},
      {"yesterday", ""},
      {"", ""},
      {"99999999999999999999-1-1", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(io::NormalizeDate(in), out) << in;
}

TEST(ReaderFieldsTest, FormatDetection) {
  EXPECT_EQ(io::FormatForPath("a/b.JSONL"), io::Format::kJsonLines);
  EXPECT_EQ(io::FormatForPath("b.ndjson"), io::Format::kJsonLines);
  EXPECT_EQ(io::FormatForPath("x.htm"), io::Format::kHtml);
  EXPECT_EQ(io::FormatForPath("x.html.txt"), io::Format::kText);
  EXPECT_EQ(io::FormatForPath("dir.html/readme"), io::Format::kText);
  EXPECT_EQ(io::SniffFormat("\xEF\xBB\xBF \n{\"a\":1}"), io::Format::kJsonLines);
  EXPECT_EQ(io::SniffFormat("<!-- c --><HTML lang=en>"), io::Format::kHtml);
  EXPECT_EQ(io::SniffFormat("Title\n<p>x</p>"), io::Format::kText);
  EXPECT_EQ(io::FileStem("-"), "stdin");
  EXPECT_EQ(io::FileStem("/a/b/c.tar.gz"), "c.tar");
  EXPECT_EQ(io::FileStem("noext"), "noext");
}

TEST(ReaderStatsTest, Summary) {
  ReadStats s;
  s.documents = 1704;
  s.files = 1;
  EXPECT_EQ(s.Summary(), "read 1,704 documents from 1 file");
  s.malformed_json = 2;
  s.binary_skipped = 1;
  s.empty_skipped = 3;
  s.repaired_utf8 = 1;
  s.duplicate_ids = 2;
  s.files = 3;
  EXPECT_EQ(s.Summary(),
            "read 1,704 documents from 3 files; skipped 2 malformed JSON lines, 1 binary file, "
            "3 empty articles; repaired 1 document with invalid UTF-8; renamed 2 duplicate ids");
}

// ---------------------------------------------------------------------------------------------
// The bundled examples.

TEST(ReaderExamplesTest, GenevaSummitPageAndWire) {
  const std::string dir = std::string(UNSPUN_SOURCE_DIR) + "/examples/more";
  const Read r = ReadPaths({dir});
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE(r.warnings.empty());
  ASSERT_EQ(r.docs.size(), 5u);
  const Document& page = r.docs[0];
  EXPECT_EQ(page.id, "geneva-summit");
  EXPECT_EQ(page.title, "Biden and Putin agree to return ambassadors after Geneva summit");
  EXPECT_EQ(page.source, "Harbor City Chronicle");
  EXPECT_EQ(page.published, "2021-06-16");
  EXPECT_EQ(page.text.rfind("GENEVA \xE2\x80\x94 President Joe Biden", 0), 0u);
  EXPECT_EQ(CountOf(page.text, "\n\n"), 8u);  // Eight paragraphs and one subhead.
  for (const char* chrome :
       {"Also Read", "Facebook", "Advertisement", "Related", "cookies", "Comments", "Sign up",
        "rights reserved", "Read more", "Dana", "Photo", "no consent"}) {
    EXPECT_EQ(page.text.find(chrome), std::string::npos) << chrome;
  }
  // The wire's first story is a light edit of the page's article.
  EXPECT_EQ(r.docs[1].source, "Northgate Wire");
  EXPECT_NE(r.docs[1].text.find("Experts from both countries would now work on specific "
                                "understandings"),
            std::string::npos);
  EXPECT_NE(page.text.find("Experts from both countries would now work on specific "
                           "understandings"),
            std::string::npos);
  EXPECT_EQ(r.docs[2].published, "2021-06-16");
  EXPECT_EQ(r.docs[3].id, "wire:3");
  EXPECT_EQ(r.docs[4].published, "2021-06-17");
}

}  // namespace
}  // namespace unspun
