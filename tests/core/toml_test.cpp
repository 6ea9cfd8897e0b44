// core/toml.h: the typed getters every TOML reader shares (section readers, playbooks, the
// red-team corpus), each error at the value's line and column.
#include "core/toml.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tocsin {
namespace {

// The Error a getter throws for `key` of `text`, as "line:column: message".
template <typename Call>
std::string failure(const std::string& text, const std::string& key, Call call) {
  const toml::table document = parse_toml("t.toml", text);
  const TomlReader reader("t.toml");
  try {
    call(reader, *document.get(key));
  } catch (const Error& error) {
    EXPECT_EQ(error.path(), "t.toml");
    return std::to_string(error.line()) + ":" + std::to_string(error.column()) + ": " + error.message();
  }
  return "no error";
}

TEST(TomlReader, GettersReadTheirType) {
  const toml::table document = parse_toml("t.toml", "s = \"x\"\nb = true\nl = [\"a\", \"\"]\n[t]\nk = 1\n");
  const TomlReader reader("t.toml");
  EXPECT_EQ(reader.string(*document.get("s"), "s"), "x");
  EXPECT_EQ(reader.text(*document.get("s"), "s"), "x");
  EXPECT_TRUE(reader.boolean(*document.get("b"), "b"));
  EXPECT_EQ(reader.table(*document.get("t"), "[t]").size(), 1u);
  EXPECT_EQ(reader.strings(*document.get("l"), "l", /*allow_empty=*/true), (std::vector<std::string>{"a", ""}));
}

TEST(TomlReader, ErrorsNameTheValueAtItsLineAndColumn) {
  EXPECT_EQ(failure("a = 1\nname = 5\n", "name", [](auto& r, auto& n) { r.string(n, "project.name"); }),
            "2:8: project.name must be a string");
  EXPECT_EQ(failure("title = \"  \"\n", "title", [](auto& r, auto& n) { r.text(n, "step.title"); }),
            "1:9: step.title must not be empty");
  EXPECT_EQ(failure("flag = \"yes\"\n", "flag", [](auto& r, auto& n) { r.boolean(n, "release.flag"); }),
            "1:8: release.flag must be true or false");
  EXPECT_EQ(failure("t = 3\n", "t", [](auto& r, auto& n) { r.table(n, "[t]"); }), "1:5: [t] must be a table");
  EXPECT_EQ(failure("l = \"a\"\n", "l", [](auto& r, auto& n) { r.strings(n, "ids"); }),
            "1:5: ids must be an array of strings");
  // Entries are text unless empty ones are allowed: the error is at the entry.
  EXPECT_EQ(failure("l = [\"a\", \"\"]\n", "l", [](auto& r, auto& n) { r.strings(n, "ids"); }),
            "1:11: ids entries must not be empty");
  EXPECT_EQ(failure("[project]\nnmae = \"x\"\n", "project",
                    [](auto& r, auto& n) {
                      for (const auto& [key, value] : *n.as_table())
                        r.unknown(value, key.str(), "[project]", "name, package");
                    }),
            "2:8: unknown key 'nmae' in [project] (expected one of name, package)");
}

}  // namespace
}  // namespace tocsin
