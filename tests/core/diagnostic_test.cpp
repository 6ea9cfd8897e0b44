#include "core/diagnostic.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

namespace tocsin {
namespace {

// format_diagnostic colours the severity on a colour terminal; the expectations are plain text.
class DiagnosticFormat : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("NO_COLOR", "1", 1);
    unsetenv("CLICOLOR_FORCE");
  }
};

Diagnostic sample() {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.location = {"vex/x.json", 12, 7, "$.statements[0].status"};
  d.message = "unknown status \"Not_Affected\"";
  d.hint = "write \"not_affected\"";
  return d;
}

TEST_F(DiagnosticFormat, PathLineColumnSeverityMessageHint) {
  EXPECT_EQ(format_diagnostic(sample()),
            "vex/x.json:12:7: warning: $.statements[0].status: unknown status \"Not_Affected\" "
            "(write \"not_affected\")");
}

TEST_F(DiagnosticFormat, UnknownPartsAreLeftOut) {
  Diagnostic d;
  d.severity = Severity::Note;
  d.message = "stale-ignore check skipped: needs the advisory database";
  EXPECT_EQ(format_diagnostic(d), "note: stale-ignore check skipped: needs the advisory database");
  d.location.path = "deny.toml";
  EXPECT_EQ(format_diagnostic(d), "deny.toml: note: stale-ignore check skipped: needs the advisory database");
  d.location.line = 3;
  EXPECT_EQ(format_location(d.location), "deny.toml:3");
  EXPECT_EQ(format_location({"", 3, 9, ""}), "line 3, column 9");  // text checked without a file name
}

TEST_F(DiagnosticFormat, CodeAndRelatedLocation) {
  Diagnostic d;
  d.location = {".cargo/audit.toml", 4, 5, ""};
  d.related = {"vex/beta.json", 8, 5, ""};
  d.code = "ignored-but-not-suppressed";
  d.message = "the ignore hides a finding";
  EXPECT_EQ(format_diagnostic(d),
            ".cargo/audit.toml:4:5: error: [ignored-but-not-suppressed] the ignore hides a finding; see "
            "vex/beta.json:8:5");
}

TEST_F(DiagnosticFormat, ControlCharactersFromTheInputAreEscaped) {
  Diagnostic d = sample();
  d.message = "found '\x1b[31mred'";
  EXPECT_EQ(format_diagnostic(d).find("\x1b[31mred"), std::string::npos);
}

TEST(DiagnosticJson, AllFieldsWithLocationAndColumn) {
  nlohmann::ordered_json json = to_json(sample());
  EXPECT_EQ(json.dump(),
            R"({"severity":"warning","path":"vex/x.json","line":12,"column":7,"field_path":"$.statements[0].status",)"
            R"("message":"unknown status \"Not_Affected\"","hint":"write \"not_affected\""})");
  Diagnostic d;
  d.code = "spec";
  d.related = {"a.json", 2, 3, ""};
  json = to_json(d);
  EXPECT_EQ(json["severity"], "error");
  EXPECT_EQ(json["code"], "spec");
  EXPECT_EQ(json["line"], 0);
  EXPECT_EQ(json["column"], 0);
  EXPECT_FALSE(json.contains("field_path"));
  EXPECT_EQ(json["related"]["column"], 3);
}

TEST(DiagnosticError, RoundTripKeepsTheLocation) {
  Diagnostic d = diagnostic_from_error(Error("deny.toml", 3, 11, "expected a string"), Severity::Warning, "skipped");
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.location.path, "deny.toml");
  EXPECT_EQ(d.location.line, 3);
  EXPECT_EQ(d.location.column, 11);
  EXPECT_EQ(d.message, "expected a string");
  EXPECT_EQ(d.hint, "skipped");
  Error e = error_from_diagnostic(sample());
  EXPECT_EQ(e.line(), 12);
  EXPECT_EQ(e.column(), 7);
  EXPECT_STREQ(e.what(),
               "vex/x.json:12:7: $.statements[0].status: unknown status \"Not_Affected\"; write \"not_affected\"");
}

TEST(DiagnosticCount, BySeverity) {
  std::vector<Diagnostic> list(3);
  list[1].severity = Severity::Warning;
  list[2].severity = Severity::Note;
  EXPECT_TRUE(has_errors(list));
  EXPECT_EQ(count_severity(list, Severity::Warning), 1u);
  list.erase(list.begin());
  EXPECT_FALSE(has_errors(list));
  EXPECT_EQ(severity_name(Severity::Note), "note");
}

}  // namespace
}  // namespace tocsin
