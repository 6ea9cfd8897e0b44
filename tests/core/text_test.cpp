#include "core/text.h"

#include <gtest/gtest.h>

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
