// The dedicated block-YAML parser must build exactly the tree yaml-cpp builds, and must hand
// anything outside pnpm's subset over to yaml-cpp rather than guess.
#include "lockfile/pnpm_yaml.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "support/shared.h"

namespace tocsin::lockfile::pnpm {
namespace {

void expect_same_tree(const YamlNode& a, const YamlNode& b, const std::string& where) {
  ASSERT_EQ(a.kind, b.kind) << where;
  EXPECT_EQ(a.scalar, b.scalar) << where;
  if (a.kind != YamlKind::Null) {
    EXPECT_EQ(a.line, b.line) << where;
    EXPECT_EQ(a.column, b.column) << where;
  }
  ASSERT_EQ(a.entries.size(), b.entries.size()) << where;
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    EXPECT_EQ(a.entries[i].key, b.entries[i].key) << where;
    EXPECT_EQ(a.entries[i].line, b.entries[i].line) << where << "/" << a.entries[i].key;
    EXPECT_EQ(a.entries[i].column, b.entries[i].column) << where << "/" << a.entries[i].key;
    expect_same_tree(a.entries[i].value, b.entries[i].value, where + "/" + a.entries[i].key);
  }
  ASSERT_EQ(a.items.size(), b.items.size()) << where;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    expect_same_tree(a.items[i], b.items[i], where + "[" + std::to_string(i) + "]");
}

void expect_parsers_agree(const std::string& name, const std::string& content) {
  auto subset = parse_block_subset(content);
  ASSERT_TRUE(subset) << name << " left the subset";
  auto reference = parse_with_yaml_cpp(name, content);
  ASSERT_EQ(subset->size(), reference.size()) << name;
  for (std::size_t i = 0; i < reference.size(); ++i) expect_same_tree((*subset)[i], reference[i], name);
}

TEST(PnpmYaml, SubsetParserAgreesWithYamlCppOnEveryFixture) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(TOCSIN_FIXTURES "/lockfile/pnpm")) {
    if (entry.path().extension() != ".yaml") continue;
    std::string name = entry.path().filename().string();
    if (starts_with(name, "bad-") || starts_with(name, "fallback-")) continue;
    expect_parsers_agree(name, read_file(entry.path().string()));
    ++files;
  }
  EXPECT_GE(files, 10);
}

TEST(PnpmYaml, SubsetParserAgreesWithYamlCppOnSpringtale) {
  std::string path = TOCSIN_SHARED "/fixtures/springtale/tauri/pnpm-lock.yaml";
  TOCSIN_NEED_SHARED(path);
  expect_parsers_agree(path, read_file(path));
}

TEST(PnpmYaml, ScalarsQuotesFlowAndSequences) {
  expect_parsers_agree("inline",
                       "lockfileVersion: '9.0'\n"
                       "a:\n"
                       "  'it''s': \"x y\"\n"
                       "  b: {node: ^14.17.0 || >=17.0.0, empty: {}, list: [darwin, 'linux'], n: ~}\n"
                       "  c: []\n"
                       "  d:\n"
                       "  e: null\n"
                       "  f:\n"
                       "    - one\n"
                       "    - 'two'\n"
                       "  g:\n"
                       "  - three\n"
                       "  url: https://example.com/a:b\n");
  auto docs = parse_block_subset("a: b\r\n\r\nc:\r\n  d: e\r\n");
  ASSERT_TRUE(docs);
  EXPECT_EQ((*docs)[0].find("c")->scalar_of("d"), "e");
}

TEST(PnpmYaml, DocumentsSplitLikeYamlCpp) {
  expect_parsers_agree("two documents", "---\nlockfileVersion: '9.0'\nimporters: {}\n---\nlockfileVersion: '9.0'\n");
  expect_parsers_agree("one explicit", "---\na: 1\n");
}

TEST(PnpmYaml, OutsideTheSubsetFallsBack) {
  for (const char* text :
       {"a: b # comment\n", "a: |\n  text\n", "a: &x 1\nb: *x\n", "a: \"x\\ty\"\n", "a: b\n  c\n", "a:\n\t- b\n",
        "- a: b\n", "? a\n: b\n", "a: 'open\n  quote'\n", "a: {b: [c}\n", "%YAML 1.2\n---\na: b\n", "a: !!str b\n"}) {
    EXPECT_FALSE(parse_block_subset(text)) << text;
    // Whatever yaml-cpp makes of it, the combined parser answers with a tree or an Error.
    try {
      parse_pnpm_yaml("x.yaml", text);
    } catch (const Error&) {
    }
  }
  auto docs = parse_pnpm_yaml("x.yaml", "a: b # comment\n");
  EXPECT_EQ(docs[0].scalar_of("a"), "b");
}

TEST(PnpmYaml, YamlCppErrorsCarryLineAndColumn) {
  try {
    parse_pnpm_yaml("bad.yaml", "a:\n  b: c\n  d: [e\n");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.path(), "bad.yaml");
    EXPECT_GE(e.line(), 3);
    EXPECT_NE(e.message().find("invalid YAML"), std::string::npos) << e.message();
  }
}

TEST(PnpmYaml, AliasBombIsRefused) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'j'; ++name, ++previous)
    bomb += std::string(1, name) + ": &" + name + " [*" + previous + ", *" + previous + ", *" + previous + ", *" +
            previous + ", *" + previous + ", *" + previous + ", *" + previous + ", *" + previous + "]\n";
  EXPECT_THROW(parse_pnpm_yaml("bomb.yaml", bomb), Error);
}

}  // namespace
}  // namespace tocsin::lockfile::pnpm
