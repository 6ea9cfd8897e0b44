// The dedicated block-YAML parser and the libyaml fallback must build exactly the tree yaml-cpp
// (the reader's former parser, tests/lockfile/yaml_cpp_reference.h) builds, and the subset
// parser must hand anything outside pnpm's subset over to libyaml rather than guess.
#include "lockfile/pnpm_yaml.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/text.h"
#include "lockfile/yaml_cpp_reference.h"
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

using reference::parse_with_yaml_cpp;

// libyaml's tree converted, against yaml-cpp's.
void expect_fallback_agrees(const std::string& name, const std::string& content) {
  auto libyaml = parse_with_libyaml(name, content);
  auto reference = parse_with_yaml_cpp(name, content);
  ASSERT_EQ(libyaml.size(), reference.size()) << name;
  for (std::size_t i = 0; i < reference.size(); ++i) expect_same_tree(libyaml[i], reference[i], name + " (libyaml)");
}

void expect_parsers_agree(const std::string& name, const std::string& content) {
  auto subset = parse_block_subset(content);
  ASSERT_TRUE(subset) << name << " left the subset";
  auto reference = parse_with_yaml_cpp(name, content);
  ASSERT_EQ(subset->size(), reference.size()) << name;
  for (std::size_t i = 0; i < reference.size(); ++i) expect_same_tree((*subset)[i], reference[i], name);
  expect_fallback_agrees(name, content);
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

// What only the fallback reads (outside the subset), read as yaml-cpp read it.
TEST(PnpmYaml, FallbackAgreesWithYamlCppOutsideTheSubset) {
  for (const char* text :
       {"a: b # comment\n", "a: |\n  text\n  more\n", "a: &x 1\nb: *x\n", "a: \"x\\ty\"\n", "a: b\n  c\n", "- a: b\n",
        "? a\n: b\n", "a: 'open\n  quote'\n", "a: !!str b\n", "a: >-\n  folded\n  text\n",
        "---\na: 1\n...\n---\nb: [x, {y: z}]\n", "a:\n  - b: c\n    d: e\n  - f\n", "a: ~\nb:\nc: null\n",
        "? [x]\n: y\n" /* a collection key: both refuse it */}) {
    try {
      parse_with_yaml_cpp("x.yaml", text);
    } catch (const Error&) {
      EXPECT_THROW(parse_with_libyaml("x.yaml", text), Error) << text;
      continue;
    }
    expect_fallback_agrees(text, text);
  }
}

// Every pnpm lockfile of the shared fixtures and corpus (pnpm-lock.yaml, osv-scalibr's pnpmlock
// test data): the fallback reads each as the reader did before it, i.e. as the subset parser
// does when the file is inside the subset, and as yaml-cpp did otherwise, except where yaml-cpp
// was wrong: it decodes the double-quoted escape `\_` (U+00A0, in two corpus files' peer ranges)
// to a lone 0xA0 byte instead of UTF-8 C2 A0, as libyaml does.
TEST(PnpmYaml, FallbackAgreesWithThePreviousReaderOnSharedLockfiles) {
  const std::filesystem::path shared = TOCSIN_SHARED;
  if (!std::filesystem::is_directory(shared)) GTEST_SKIP() << "shared fixtures absent";
  int files = 0;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(
           shared, std::filesystem::directory_options::skip_permission_denied, error);
       it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    const bool lockfile =
        it->path().filename() == "pnpm-lock.yaml" ||
        (it->path().extension() == ".yaml" && it->path().string().find("/pnpmlock/") != std::string::npos);
    if (!lockfile || !it->is_regular_file()) continue;
    const std::string name = it->path().string();
    std::string content = read_file(name);
    std::vector<YamlNode> reference;
    if (auto subset = parse_block_subset(content)) {
      reference = std::move(*subset);
    } else {
      try {
        reference = parse_with_yaml_cpp(name, content);
      } catch (const Error&) {
        EXPECT_THROW(parse_with_libyaml(name, content), Error) << name;
        continue;
      }
    }
    auto libyaml = parse_with_libyaml(name, content);
    ASSERT_EQ(libyaml.size(), reference.size()) << name;
    // yaml-cpp decodes the escape `\_` (a no-break space) to a lone 0xA0 byte, libyaml to UTF-8.
    if (content.find("\\_") != std::string::npos && !parse_block_subset(content)) continue;
    for (std::size_t i = 0; i < reference.size(); ++i) expect_same_tree(libyaml[i], reference[i], name + " (libyaml)");
    ++files;
  }
  EXPECT_GE(files, 100);
}

TEST(PnpmYaml, FallbackErrorsCarryLineAndColumn) {
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
