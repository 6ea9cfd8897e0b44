#include "core/text.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "core/error.h"
#include "core/json.h"

namespace tocsin {
namespace {

TEST(LineIndex, MapsOffsetsToLinesAndColumns) {
  LineIndex index("ab\ncd\n\nx");
  EXPECT_EQ(index.line_of(0), 1);
  EXPECT_EQ(index.line_of(3), 2);
  EXPECT_EQ(index.column_of(4), 2);
  EXPECT_EQ(index.line_of(6), 3);
  EXPECT_EQ(index.line_of(7), 4);
}

TEST(ConflictMarker, FindsFirstMarkerLine) {
  EXPECT_EQ(find_conflict_marker("a\nb\n"), 0);
  EXPECT_EQ(find_conflict_marker("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> x\n"), 2);
}

TEST(Error, RendersLocation) {
  EXPECT_STREQ(Error("f.lock", 3, 7, "expected '='").what(), "f.lock:3:7: expected '='");
  EXPECT_STREQ(Error("f.lock", 0, 0, "cannot open").what(), "f.lock: cannot open");
  EXPECT_STREQ(Error("bad flag").what(), "bad flag");
}

TEST(Json, SyntaxErrorCarriesLineAndColumn) {
  try {
    JsonDocument doc("x.json", "{\n  \"a\": 1,\n  \"b\": }\n");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "x.json");
    EXPECT_EQ(e.line(), 3);
    EXPECT_GT(e.column(), 0);
  }
}

TEST(Json, ReadsValues) {
  JsonDocument doc("x.json", R"({"name": "a", "dev": true})");
  EXPECT_EQ(json_string(doc.root(), "name"), "a");
  EXPECT_TRUE(json_bool(doc.root(), "dev"));
  EXPECT_EQ(json_string(doc.root(), "missing", "fb"), "fb");
}

}  // namespace
}  // namespace tocsin

namespace tocsin {
namespace {

// Issue 10 item 5: what reaches a terminal has no raw control character.
TEST(EscapeTerminal, ShowsControlsAsGitDoes) {
  EXPECT_EQ(escape_terminal("serde"), "serde");
  EXPECT_EQ(escape_terminal("évil ✓ \\x"), "évil ✓ \\x");  // ordinary UTF-8 and backslashes unchanged
  EXPECT_EQ(escape_terminal("evil\x1b]0;pwned\x07\x1b[2J"), "evil\\x1b]0;pwned\\x07\\x1b[2J");
  EXPECT_EQ(escape_terminal("a\rb\nc\td\x7f"), "a\\x0db\\x0ac\\x09d\\x7f");
  EXPECT_EQ(escape_terminal("a\nb\tc\r", true), "a\nb\tc\\x0d");
  EXPECT_EQ(escape_terminal("\xc2\x9b"
                            "31m"),
            "\\u009b31m");  // C1 CSI
  EXPECT_EQ(escape_terminal("abc\xe2\x80\xae"
                            "fdp.exe"),
            "abc\\u202efdp.exe");                                              // RLO
  EXPECT_EQ(escape_terminal("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");  // LRI … PDI
  EXPECT_EQ(escape_terminal("\xe2\x80\xa8"), "\\u2028");
  EXPECT_EQ(escape_terminal("\x9b"
                            "2J"),
            "\\x9b2J");                                           // a lone C1 byte
  EXPECT_EQ(escape_terminal("\xff\xc3"), "\\xff\\xc3");           // invalid, truncated
  EXPECT_EQ(escape_terminal("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(escape_terminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
}

// F5–FF never start a UTF-8 sequence: followed by continuation bytes they were read as a
// three-byte character (0xF8 0x80 0x80 as U+8000) and reached the terminal raw.
TEST(EscapeTerminal, BytesF5ToFFAreNeverALeadByte) {
  for (int lead = 0xF5; lead <= 0xFF; ++lead) {
    const std::string bytes = {static_cast<char>(lead), '\x80', '\x80', '\x80'};
    char expected[8];
    std::snprintf(expected, sizeof expected, "\\x%02x", lead);
    EXPECT_EQ(escape_terminal(bytes).substr(0, 4), expected) << lead;
  }
}

TEST(EscapeTerminal, OutputNeverHoldsAControlByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (bool keep : {false, true})
    for (char c : escape_terminal(all, keep)) {
      auto byte = static_cast<unsigned char>(c);
      EXPECT_FALSE((byte < 0x20 && !(keep && (c == '\n' || c == '\t'))) || byte == 0x7f) << int(byte);
      EXPECT_LT(byte, 0x80);  // the high bytes were all invalid alone
    }
}

// Issue 10 item 6: Markdown that renders as the characters given.
TEST(MarkdownText, EscapesMarkupHtmlAndMentions) {
  EXPECT_EQ(markdown_text("plain 1.2.3 text"), "plain 1.2.3 text");
  EXPECT_EQ(markdown_text("[pwn](https://evil.example/b)"), "\\[pwn\\](https://evil.example/b)");
  EXPECT_EQ(markdown_text("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)>");
  EXPECT_EQ(markdown_text("<!-- x --> </b> <https://evil>"), "&lt;!-- x --> &lt;/b> &lt;https://evil>");
  EXPECT_EQ(markdown_text(">= 0.3.0, < 0.4.3 & R&D &#64;"), ">= 0.3.0, < 0.4.3 & R&amp;D &amp;#64;");
  EXPECT_EQ(markdown_text("cc @octocat and @github/security"), "cc @&#8203;octocat and @&#8203;github/security");
  EXPECT_EQ(markdown_text("mail security@example.com"), "mail security@example.com");
  EXPECT_EQ(markdown_text("a|b *c* _d_ `e` ~f~ $x$ \\"), "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\~f\\~ \\$x\\$ \\\\");
  EXPECT_EQ(markdown_text("two\nlines\x1b[2J"), "two lines\\\\x1b\\[2J");
  EXPECT_EQ(markdown_text("&amp;"), "&amp;amp;");
}

TEST(MarkdownCode, SurvivesBackticksAndPipes) {
  EXPECT_EQ(markdown_code("serde@1.0.0"), "`serde@1.0.0`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("`x``"), "``` `x`` ```");
  EXPECT_EQ(markdown_code("a|b", true), "`a\\|b`");
  EXPECT_EQ(markdown_code("a|b"), "`a|b`");
  EXPECT_EQ(markdown_code("a\nb\x07"), "`a b\\x07`");
}

TEST(MarkdownUrl, OnlyHttpLinksThatCannotBeClosedEarly) {
  EXPECT_EQ(markdown_url("https://rustsec.org/advisories/RUSTSEC-2023-0060.html"),
            "https://rustsec.org/advisories/RUSTSEC-2023-0060.html");
  EXPECT_EQ(markdown_url("https://evil.example/a) [pwn](https://evil.example/b"),
            "https://evil.example/a%29%20%5Bpwn%5D%28https://evil.example/b");
  EXPECT_EQ(markdown_url("http://h/a b<c>\"d\""), "http://h/a%20b%3Cc%3E%22d%22");
  EXPECT_EQ(markdown_url("https://h/é"), "https://h/%C3%A9");
  EXPECT_FALSE(markdown_url("javascript:alert(1)"));
  EXPECT_FALSE(markdown_url("data:text/html,x"));
  EXPECT_FALSE(markdown_url("github.com/o/r"));
  EXPECT_FALSE(markdown_url("https://"));
  EXPECT_FALSE(markdown_url("https://user@evil/"));
  EXPECT_FALSE(markdown_url("https://a b/"));
}

TEST(TruncateText, CutsWholeCharactersWithAMarker) {
  EXPECT_EQ(truncate_text("short", 10), "short");
  EXPECT_EQ(truncate_text("abcdef", 3, "…"), "abc…");
  EXPECT_EQ(truncate_text("ééé", 2, "+"), "éé+");
}

TEST(PercentEncodePath, KeepsSlashesAndUnreserved) {
  EXPECT_EQ(percent_encode_path("web/package-lock.json"), "web/package-lock.json");
  EXPECT_EQ(percent_encode_path("my dir/a#b?c%d/é\\x"), "my%20dir/a%23b%3Fc%25d/%C3%A9%5Cx");
}

}  // namespace
}  // namespace tocsin
