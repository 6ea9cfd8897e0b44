// `ci logs` on the project-written archive of tests/fixtures/ci/logs (see SOURCES.md): a
// double-base64 secret dump and POSTs to hosts that are not allowed, inside and outside the
// compromise window.
#include <gtest/gtest.h>

#include <cctype>

#include "ci/ci.h"
#include "core/error.h"

namespace tocsin::ci {
namespace {

const std::string kLogs = std::string(TOCSIN_FIXTURES) + "/ci/logs";
// The fake token inside the dump (never a real one); only its last four characters may show.
const std::string kFakeTokenTail = "YZ12";
const std::string kFakeTokenBody = "FAKEtocsinTEST0123456789abcdefWXYZ12";

// A stand-in for the secrets module's detectors (the CLI passes secrets::scan_text; the
// module tests run without it): every "ghs_"/"ghp_" word of 20+ characters is a token,
// redacted to its prefix and last four characters. It checks the wiring, not detection.
std::vector<SecretHit> fake_scanner(std::string_view text) {
  std::vector<SecretHit> hits;
  std::size_t line = 1, at = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (i < at || (text.compare(i, 4, "ghs_") != 0 && text.compare(i, 4, "ghp_") != 0)) continue;
    std::size_t end = i;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    if (end - i >= 20)
      hits.push_back(
          {line, "fake GitHub token", std::string(text.substr(i, 4)) + "…" + std::string(text.substr(end - 4, 4))});
    at = end;
  }
  return hits;
}

std::vector<LogFinding> of_kind(const std::vector<LogFinding>& all, const std::string& kind) {
  std::vector<LogFinding> out;
  for (const auto& f : all)
    if (f.kind == kind) out.push_back(f);
  return out;
}

TEST(Logs, WholeArchiveFindsEverything) {
  LogOptions options;
  options.allowed_hosts = {"github.com"};
  options.find_secrets = fake_scanner;
  auto findings = scan_logs(kLogs, options);
  auto dumps = of_kind(findings, "double-base64");
  ASSERT_EQ(dumps.size(), 3u);
  EXPECT_EQ(dumps[0].file, "run-7/0_files.txt");
  EXPECT_EQ(dumps[0].run, "run-7");
  EXPECT_EQ(dumps[0].job, "files");
  EXPECT_EQ(dumps[0].line, 4);
  EXPECT_EQ(dumps[0].timestamp, "2025-03-14T16:02:31.1234567Z");
  EXPECT_NE(dumps[0].message.find("runner secrets JSON"), std::string::npos) << dumps[0].message;
  // The decoded dump went through the secret scanner; its kind and redaction are reported.
  EXPECT_NE(dumps[0].message.find("contains a fake GitHub token ghs_…" + kFakeTokenTail), std::string::npos)
      << dumps[0].message;
  EXPECT_EQ(dumps[2].step, "Get changed files");
  auto posts = of_kind(findings, "post");
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_NE(posts[0].message.find("exfil.example.net"), std::string::npos);
  EXPECT_EQ(posts[0].line, 5);
  EXPECT_NE(posts[1].message.find("later.example.org"), std::string::npos);
  EXPECT_NE(posts[2].message.find("ps.example.com"), std::string::npos);
  // github.com is allowed: the release download on line 6 is not reported.
  for (const auto& f : findings) EXPECT_FALSE(f.file == "run-7/0_files.txt" && f.line == 6) << f.message;
  for (const auto& f : findings) EXPECT_EQ(f.message.find(kFakeTokenBody), std::string::npos) << f.message;
}

TEST(Logs, WindowKeepsOnlyItsLines) {
  LogOptions options;
  options.from = "2025-03-14T16:00:00Z";
  options.to = "2025-03-15T00:00:00Z";
  options.allowed_hosts = {"github.com"};
  auto findings = scan_logs(kLogs, options);
  EXPECT_EQ(of_kind(findings, "double-base64").size(), 2u);
  auto posts = of_kind(findings, "post");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_NE(posts[0].message.find("exfil.example.net"), std::string::npos);
  EXPECT_NE(posts[1].message.find("ps.example.com"), std::string::npos);
  // After the window: only the 16 March lines.
  options.from = "2025-03-16T00:00:00Z";
  options.to = "";
  findings = scan_logs(kLogs, options);
  EXPECT_EQ(of_kind(findings, "double-base64").size(), 1u);
  ASSERT_EQ(of_kind(findings, "post").size(), 1u);
  EXPECT_EQ(of_kind(findings, "post")[0].line, 9);
}

TEST(Logs, AllowlistCoversSubdomainsAndPaths) {
  LogOptions options;
  options.allowed_hosts = {"github.com", "example.net", "example.org/upload", "ps.example.com"};
  auto posts = of_kind(scan_logs(kLogs, options), "post");
  EXPECT_TRUE(posts.empty()) << posts.front().message;
  options.allowed_hosts = {"github.com", "example.org/other"};
  posts = of_kind(scan_logs(kLogs, options), "post");
  EXPECT_EQ(posts.size(), 3u);
}

TEST(Logs, BadWindowAndDirectoryAreErrors) {
  LogOptions options;
  options.from = "yesterday";
  EXPECT_THROW(scan_logs(kLogs, options), Error);
  options.from = "2025-03-14";  // a plain date is midnight UTC, as in every time option
  EXPECT_NO_THROW(scan_logs(kLogs, options));
  EXPECT_THROW(scan_logs(kLogs + "/nope", LogOptions{}), Error);
}

TEST(Logs, SecretsInClearComeFromTheScannerLineByLineInTheWindow) {
  const std::string text =
      "2025-01-01T00:00:00Z token=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"               // 1
      "2025-01-01T00:00:01Z nothing\n"                                                      // 2
      "\n"                                                                                  // 3
      "no timestamp ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876 and ghs_aaaaaaaaaaaaaaaaaaaaaaaa\n"  // 4
      "2025-06-01T00:00:00Z late ghp_abcdefghijklmnopqrstuvwxyz01234567AB\n";               // 5
  LogOptions options;
  options.find_secrets = fake_scanner;
  std::vector<LogFinding> out;
  scan_log_text(text, options, LogFinding{}, out);
  std::vector<int> lines;
  for (const auto& f : out) {
    EXPECT_EQ(f.kind, "secret");
    EXPECT_EQ(f.message.find("abcdefghij"), std::string::npos) << f.message;  // only the redacted form
    lines.push_back(f.line);
  }
  EXPECT_EQ(lines, (std::vector<int>{1, 4, 4, 5}));
  EXPECT_NE(out[0].message.find("fake GitHub token printed in clear: ghp_…6789"), std::string::npos) << out[0].message;
  // A window drops line 5 (after it); line 4 has no timestamp and is kept.
  options.to = "2025-02-01T00:00:00Z";
  out.clear();
  scan_log_text(text, options, LogFinding{}, out);
  lines.clear();
  for (const auto& f : out) lines.push_back(f.line);
  EXPECT_EQ(lines, (std::vector<int>{1, 4, 4}));
  // Without a scanner no token is looked for.
  out.clear();
  scan_log_text(text, LogOptions{}, LogFinding{}, out);
  EXPECT_TRUE(out.empty());
}

TEST(Logs, SingleBase64IsNotADump) {
  std::vector<LogFinding> out;
  // base64("hello world, this is a plain message") once: not reported.
  scan_log_text("aGVsbG8gd29ybGQsIHRoaXMgaXMgYSBwbGFpbiBtZXNzYWdl\n", LogOptions{}, LogFinding{}, out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace tocsin::ci
