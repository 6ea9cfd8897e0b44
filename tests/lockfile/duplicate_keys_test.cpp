// Issue 10 item 1: duplicate keys must be read as the package manager reads them.
//
// Fuzz-style: seeded random documents with repeated keys (repeated fields, repeated package
// keys, escaped spellings of the same key, pretty and compact layouts) go through each reader,
// and the value read is compared with the package manager's parser:
//   - JSON (package-lock.json: npm's JSON.parse; Pipfile.lock: pipenv's Python json): the last
//     value wins. The oracle is nlohmann::json, which keeps the last value too (checked below
//     on its own first, so the oracle cannot silently change).
//   - yarn.lock: yarn v1's parser assigns obj[key] in order and Berry's syml loads with js-yaml
//     {json: true}: the last wins. The generator knows the last value it wrote.
//   - pnpm-lock.yaml: pnpm loads with js-yaml's default load(), which throws "duplicated mapping
//     key": the reader must throw, at the repeated key.
//   - TOML (Cargo.lock, poetry.lock, uv.lock): TOML forbids repeated keys and cargo, poetry and
//     uv refuse the file: the reader must throw, at the repeated key.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "lockfile/lockfile.h"

namespace tocsin::lockfile {
namespace {

Lockfile read_as(std::string_view type, const std::string& path, const std::string& text) {
  return reader_for_type(type)->read(path, text);
}

std::map<std::string, std::string> versions_by_name(const Lockfile& lock) {
  std::map<std::string, std::string> out;
  for (const Package& package : lock.packages)
    if (!package.is_root) out[package.name] = package.version;
  return out;
}

TEST(DuplicateKeys, OracleKeepsTheLastValueAsJsonParseDoes) {
  nlohmann::json parsed = nlohmann::json::parse(R"({"v": "1.0.8", "v": "1.0.7"})");
  EXPECT_EQ(parsed["v"], "1.0.7");
}

// The exact case of the issue: tocsin read 1.0.8, npm installs 1.0.7.
TEST(DuplicateKeys, PackageLockReadsTheVersionNpmInstalls) {
  std::string text =
      "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"app\"},\n"
      "    \"node_modules/seroval\": {\"version\": \"1.0.8\", \"version\": \"1.0.7\"}\n  }\n}\n";
  Lockfile lock = read_as("package-lock.json", "package-lock.json", text);
  EXPECT_EQ(versions_by_name(lock).at("seroval"), "1.0.7");
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_EQ(lock.warnings[0].location.line, 5);
  EXPECT_EQ(lock.warnings[0].location.column, 50);  // the second "version"
  EXPECT_NE(lock.warnings[0].message.find("duplicate key \"version\""), std::string::npos);
}

TEST(DuplicateKeys, PipfileLockReadsTheVersionPipenvInstalls) {
  std::string text =
      "{\"_meta\": {\"pipfile-spec\": 6},\n \"default\": {\n  \"jinja2\": {\"version\": \"==3.1.4\", "
      "\"version\": \"==2.10\"}\n },\n \"develop\": {}}\n";
  Lockfile lock = read_as("Pipfile.lock", "Pipfile.lock", text);
  EXPECT_EQ(versions_by_name(lock).at("jinja2"), "2.10");
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_EQ(lock.warnings[0].location.line, 3);
}

// Escaped spellings name the same key for JSON.parse: "versio\u006e" is "version".
TEST(DuplicateKeys, EscapedSpellingsAreTheSameKey) {
  std::string text =
      R"({"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0", "versio\u006e": "2.0.0"},)"
      R"( "node_\u006dodules/a": {"version": "3.0.0"}}})";
  Lockfile lock = read_as("package-lock.json", "package-lock.json", text);
  EXPECT_EQ(nlohmann::json::parse(text)["packages"]["node_modules/a"]["version"], "3.0.0");
  EXPECT_EQ(versions_by_name(lock).at("a"), "3.0.0");
  EXPECT_EQ(lock.warnings.size(), 2u);
}

// One random value of a key: a version, sometimes with the key spelled with an escape.
struct Generator {
  std::mt19937 random;
  explicit Generator(unsigned seed) : random(seed) {}
  int below(int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); }
  std::string version() {
    return std::to_string(below(5)) + "." + std::to_string(below(20)) + "." + std::to_string(below(9));
  }
  std::string key(const std::string& plain) {
    if (below(4) != 0) return plain;
    // \u-escape one character of the key (JSON.parse decodes it to the same key).
    std::size_t at = static_cast<std::size_t>(below(static_cast<int>(plain.size())));
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\u%04x", static_cast<unsigned char>(plain[at]));
    return plain.substr(0, at) + hex + plain.substr(at + 1);
  }
  std::string space() { return below(2) ? "\n      " : " "; }
};

// Package-lock v3 documents: repeated "version" fields, repeated package keys, nested
// repeats inside other fields; the oracle's packages must equal tocsin's.
TEST(DuplicateKeys, PackageLockFuzzAgreesWithLastWins) {
  int with_duplicates = 0;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    Generator g(seed);
    std::string text = "{\"name\": \"app\", \"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"app\"}";
    int packages = 1 + g.below(5);
    for (int i = 0; i < packages; ++i) {
      int repeats_of_entry = 1 + (g.below(4) == 0 ? 1 : 0);
      for (int r = 0; r < repeats_of_entry; ++r) {
        text += "," + g.space() + "\"" + g.key("node_modules/p" + std::to_string(i)) + "\": {";
        int fields = 1 + g.below(3);
        for (int f = 0; f < fields; ++f) {
          if (f > 0) text += "," + g.space();
          switch (g.below(3)) {
            case 0: text += "\"" + g.key("version") + "\": \"" + g.version() + "\""; break;
            case 1: text += "\"resolved\": \"https://r/x.tgz\", \"dev\": true, \"dev\": false"; break;
            default: text += "\"dependencies\": {\"q\": \"^1\", \"q\": \"^2\"}"; break;
          }
        }
        text += ", \"" + g.key("version") + "\": \"" + g.version() + "\"}";
      }
    }
    text += "}}";
    nlohmann::json oracle = nlohmann::json::parse(text);
    Lockfile lock = read_as("package-lock.json", "package-lock.json", text);
    std::map<std::string, std::string> expected;
    for (auto& [location, entry] : oracle["packages"].items())
      if (!location.empty()) expected[location.substr(13)] = entry.value("version", "");
    EXPECT_EQ(versions_by_name(lock), expected) << "seed " << seed << ":\n" << text;
    // dev flags, read through the same DOM, follow the last value too.
    for (const Package& package : lock.packages) {
      if (package.is_root) continue;
      bool dev = oracle["packages"]["node_modules/" + package.name].value("dev", false);
      EXPECT_EQ((package.flags & kFlagDev) != 0, dev) << "seed " << seed << " " << package.name;
    }
    with_duplicates += lock.warnings.empty() ? 0 : 1;
  }
  EXPECT_GT(with_duplicates, 250);  // the generator really produced repeats
}

TEST(DuplicateKeys, PipfileLockFuzzAgreesWithLastWins) {
  for (unsigned seed = 1; seed <= 300; ++seed) {
    Generator g(seed);
    std::string text = "{\"_meta\": {\"pipfile-spec\": 6, \"pipfile-spec\": 6}, \"default\": {";
    int packages = 1 + g.below(5);
    bool first = true;
    for (int i = 0; i < packages; ++i) {
      int repeats = 1 + g.below(2);
      for (int r = 0; r < repeats; ++r) {
        if (!first) text += "," + g.space();
        first = false;
        text += "\"" + g.key("pkg" + std::to_string(i)) + "\": {\"version\": \"==" + g.version() + "\"";
        if (g.below(2)) text += ", \"" + g.key("version") + "\": \"==" + g.version() + "\"";
        text += ", \"hashes\": []}";
      }
    }
    text += "}, \"develop\": {}}";
    nlohmann::json oracle = nlohmann::json::parse(text);
    Lockfile lock = read_as("Pipfile.lock", "Pipfile.lock", text);
    std::map<std::string, std::string> expected;
    for (auto& [name, entry] : oracle["default"].items())
      expected[name] = entry["version"].get<std::string>().substr(2);
    EXPECT_EQ(versions_by_name(lock), expected) << "seed " << seed << ":\n" << text;
  }
}

// yarn v1 and Berry: repeated fields and repeated entry headers, last wins.
TEST(DuplicateKeys, YarnFuzzKeepsTheLastValue) {
  for (unsigned seed = 1; seed <= 200; ++seed) {
    Generator g(seed);
    bool berry = g.below(2) == 1;
    std::string text = berry ? "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n" : "# yarn lockfile v1\n\n";
    std::map<std::string, std::string> expected;
    int packages = 1 + g.below(4);
    for (int i = 0; i < packages; ++i) {
      std::string name = "p" + std::to_string(i);
      int repeats = 1 + g.below(2);
      for (int r = 0; r < repeats; ++r) {
        text += berry ? "\"" + name + "@npm:^1\":\n" : name + "@^1:\n";
        int fields = 1 + g.below(3);
        for (int f = 0; f < fields; ++f) {
          std::string v = g.version();
          text += berry ? "  version: " + v + "\n" : "  version \"" + v + "\"\n";
          expected[name] = v;
        }
        text += berry ? "  resolution: \"" + name + "@npm:1.0.0\"\n  languageName: node\n  linkType: hard\n\n"
                      : "  resolved \"https://r/" + name + ".tgz\"\n\n";
      }
    }
    Lockfile lock = read_as("yarn.lock", "yarn.lock", text);
    EXPECT_EQ(versions_by_name(lock), expected) << "seed " << seed << ":\n" << text;
  }
}

TEST(DuplicateKeys, YarnWarnsAtTheRepeatedField) {
  Lockfile lock =
      read_as("yarn.lock", "yarn.lock", "# yarn lockfile v1\n\na@^1:\n  version \"1.0.8\"\n  version \"1.0.7\"\n");
  EXPECT_EQ(versions_by_name(lock).at("a"), "1.0.7");
  ASSERT_EQ(lock.warnings.size(), 1u);
  EXPECT_EQ(lock.warnings[0].location.line, 5);
}

// pnpm: js-yaml's load() throws on a repeated key, so pnpm refuses the lockfile; so does tocsin,
// at the repeated key, whichever of its two YAML parsers reads the file.
TEST(DuplicateKeys, PnpmFuzzRefusesAtTheRepeatedKey) {
  for (unsigned seed = 1; seed <= 200; ++seed) {
    Generator g(seed);
    // A block or a flow mapping; a trailing comment sends the file to the yaml-cpp parser.
    bool flow = g.below(2) == 1;
    bool comment = g.below(2) == 1;
    std::string text = "lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n\npackages:\n";
    int packages = 1 + g.below(4);
    int repeated_line = 0;
    int line = 7;
    int dup_at = g.below(packages);
    for (int i = 0; i < packages; ++i) {
      std::string key = "p" + std::to_string(i) + "@1.0.0";
      int copies = i == dup_at ? 2 : 1;
      for (int c = 0; c < copies; ++c) {
        if (flow) {
          text += "  " + key + ": {resolution: {integrity: sha512-x}}" + (comment ? "  # c\n" : "\n");
        } else {
          text += "  " + key + ":\n    resolution: {integrity: sha512-x}" + (comment ? "  # c\n" : "\n");
        }
        if (c == 1) repeated_line = line;
        line += flow ? 1 : 2;
      }
    }
    try {
      read_as("pnpm-lock.yaml", "pnpm-lock.yaml", text);
      ADD_FAILURE() << "no error, seed " << seed << ":\n" << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.line(), repeated_line) << e.what() << "\n" << text;
      EXPECT_NE(e.message().find("duplicated mapping key"), std::string::npos) << e.what();
    }
  }
  // A repeated field inside one entry (a version hidden under another) too.
  try {
    read_as("pnpm-lock.yaml", "pnpm-lock.yaml",
            "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    resolution: {integrity: x, integrity: y}\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 4);
  }
}

// TOML forbids repeated keys; cargo, poetry and uv refuse such a file: an error at the repeat.
TEST(DuplicateKeys, TomlReadersRefuseAtTheRepeatedKey) {
  struct Case {
    std::string_view type;
    std::string text;
    int line;
  };
  const Case cases[] = {
      {"Cargo.lock", "version = 3\n\n[[package]]\nname = \"seroval\"\nversion = \"1.0.8\"\nversion = \"1.0.7\"\n", 6},
      {"Cargo.lock", "version = 3\nversion = 4\n", 2},
      {"poetry.lock", "[[package]]\nname = \"jinja2\"\nversion = \"3.1.4\"\ndescription = \"\"\nversion = \"2.10\"\n",
       5},
      {"uv.lock",
       "version = 1\n\n[[package]]\nname = \"jinja2\"\nversion = \"3.1.4\"\nsource = { registry = "
       "\"https://pypi.org/simple\" }\n"
       "version = \"2.10\"\n",
       7},
  };
  for (const Case& c : cases) {
    try {
      read_as(c.type, std::string(c.type), c.text);
      ADD_FAILURE() << c.type << ": no error for\n" << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.line(), c.line) << c.type << ": " << e.what();
      EXPECT_GT(e.column(), 0) << c.type << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace tocsin::lockfile
