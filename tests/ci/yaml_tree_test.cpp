// The libyaml-based tree (yaml/tree.h): node kinds, yaml-cpp's positions (bytes, '\n' lines,
// empty values at the next token), duplicate keys, aliases, and hostile input.
#include <gtest/gtest.h>

#include "ci/ci.h"
#include "core/error.h"
#include "yaml/tree.h"

namespace tocsin::yaml {
namespace {

using ci::parse_workflow;
using ci::Step;
using ci::Workflow;

TEST(YamlTree, KindsAndNullWords) {
  Document d = Document::parse("a.yml", "a:\nb: ~\nc: null\nd: 'null'\ne: !!str null\nf: !!str\ng: [1, x]\nh: {}\n");
  const Node* root = d.root();
  ASSERT_TRUE(root && root->is_map());
  EXPECT_TRUE(root->get("a")->is_null());
  EXPECT_TRUE(root->get("b")->is_null());
  EXPECT_TRUE(root->get("c")->is_null());
  EXPECT_EQ(root->get("d")->value, "null");  // quoted: a string
  EXPECT_TRUE(root->get("d")->is_scalar());
  EXPECT_EQ(root->get("e")->value, "null");  // tagged: a string
  EXPECT_TRUE(root->get("f")->is_scalar());  // an empty value with a tag is ""
  EXPECT_EQ(root->get("f")->value, "");
  ASSERT_TRUE(root->get("g")->is_sequence());
  EXPECT_EQ(root->get("g")->items.at(1)->value, "x");
  EXPECT_TRUE(root->get("h")->is_map());
  EXPECT_EQ(root->get("missing"), nullptr);
  EXPECT_EQ(root->get("g")->get("x"), nullptr);  // not a map
}

TEST(YamlTree, PositionsAreBytesAndNewlines) {
  // "é" is two bytes: the value after it starts at byte column 9 (1-based), character column 8.
  Document d = Document::parse("a.yml", "k: [é, v]\r\nx:   \"q\"\n");
  const Node* k = d.root()->get("k");
  EXPECT_EQ(k->line, 1);
  EXPECT_EQ(k->column, 4);
  EXPECT_EQ(k->items.at(1)->column, 9);
  EXPECT_EQ(k->items.at(1)->offset, 8u);
  const Node* x = d.root()->get("x");  // CRLF: the line still starts after '\n'
  EXPECT_EQ(x->line, 2);
  EXPECT_EQ(x->column, 6);  // the quote
  EXPECT_EQ(x->value, "q");
}

TEST(YamlTree, ByteOrderMarkIsNotAColumn) {
  Document d = Document::parse("a.yml", "\xEF\xBB\xBFon: push\n");
  const Node* on = d.root()->get("on");
  EXPECT_EQ(on->column, 5);
  EXPECT_EQ(on->offset, 7u);  // the real byte offset, BOM included
}

TEST(YamlTree, EmptyValueIsPlacedAtTheNextToken) {
  // As yaml-cpp did (and the workflow model reported): not right after the ':'.
  Document d = Document::parse("a.yml", "a:\n  # note\n\nb: 1\nc:\n");
  EXPECT_EQ(d.root()->get("a")->line, 4);
  EXPECT_EQ(d.root()->get("a")->column, 1);
  EXPECT_EQ(d.root()->get("c")->line, 6);  // end of the stream
  Document flow = Document::parse("a.yml", "{a: , b: 1}\n");
  EXPECT_EQ(flow.root()->get("a")->column, 5);  // the comma
}

TEST(YamlTree, DuplicateKeysKeptFirstWinsInGet) {
  Document d = Document::parse("a.yml", "a: 1\nb: 2\na: 3\n");
  ASSERT_EQ(d.root()->pairs.size(), 3u);
  EXPECT_EQ(d.root()->get("a")->value, "1");
  EXPECT_EQ(d.root()->pairs[2].second->value, "3");
}

TEST(YamlTree, AliasesAreTheAnchoredNode) {
  Document d = Document::parse("a.yml", "a: &x {k: v}\nb: *x\nc: &y\nd: *y\n");
  EXPECT_EQ(d.root()->get("a"), d.root()->get("b"));
  EXPECT_EQ(d.root()->get("b")->line, 1);
  EXPECT_TRUE(d.root()->get("d")->is_null());
  EXPECT_EQ(d.root()->get("c")->column, 4);  // an anchored empty value: at its anchor
}

TEST(YamlTree, HostileInputIsALocatedError) {
  auto error_of = [](std::string_view text) -> Error {
    try {
      Document::parse("bad.yml", text);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << text;
    return Error("", 0, 0, "");
  };
  Error undefined = error_of("a: 1\nb: *nope\n");
  EXPECT_EQ(undefined.line(), 2);
  EXPECT_EQ(undefined.column(), 4);
  EXPECT_NE(undefined.message().find("nope"), std::string::npos);
  Error unclosed = error_of("a: [1,\n");
  EXPECT_EQ(unclosed.path(), "bad.yml");
  EXPECT_EQ(unclosed.line(), 2);
  Error bytes = error_of("a: b\nc: \xff\n");  // invalid UTF-8 at byte 8
  EXPECT_EQ(bytes.line(), 2);
  EXPECT_EQ(bytes.column(), 4);
  EXPECT_NE(error_of(std::string("\xFF\xFE"
                                 "a\0:\0 \0b\0",
                                 10))
                .message()
                .find("UTF-8"),
            std::string::npos);
}

TEST(YamlTree, OnlyTheFirstDocumentAndEmptyStreams) {
  Document d = Document::parse("a.yml", "a: 1\n---\n[unclosed\n");
  EXPECT_EQ(d.root()->get("a")->value, "1");
  EXPECT_EQ(Document::parse("a.yml", "").root(), nullptr);
  EXPECT_EQ(Document::parse("a.yml", "# just a comment\n").root(), nullptr);
}

TEST(YamlTree, DeepNestingDoesNotRecurse) {
  std::string text(200000, '[');
  text += std::string(200000, ']');
  Document d = Document::parse("deep.yml", text);
  EXPECT_TRUE(d.root()->is_sequence());
}

// The workflow reader on the tree: an empty `permissions:` and a comment after non-ASCII text.
TEST(YamlTree, WorkflowEmptyPermissionsAndCommentAfterUnicode) {
  Workflow w = parse_workflow("w.yml",
                              "on: push\n"
                              "permissions:\n"
                              "jobs:\n"
                              "  a:\n"
                              "    steps:\n"
                              "      - {name: \"🚀\", uses: actions/checkout@v4 }  # v4.2.2 pinned\n");
  EXPECT_TRUE(w.permissions.present);
  EXPECT_EQ(w.permissions.shorthand, "{}");
  EXPECT_EQ(w.permissions.line, 3);  // yaml-cpp's position of an empty value: the next token
  const Step& step = w.jobs.at(0).steps.at(0);
  ASSERT_TRUE(step.uses);
  EXPECT_EQ(step.uses->comment, "v4.2.2 pinned");
  EXPECT_EQ(step.uses->comment_version, "v4.2.2");
  EXPECT_EQ(step.uses_text->column, 30);  // bytes: the rocket is 4 of them
}

// pnpm 10 writes two documents; parse() keeps the first, parse_stream() every one.
TEST(YamlTree, StreamReadsEveryDocument) {
  const char* text = "---\na: &x 1\n---\nb: [*x]\n";
  EXPECT_THROW(Document::parse_stream("s.yml", text), Error);  // anchors do not cross documents
  Document d = Document::parse_stream("s.yml", "---\na: 1\n---\n---\nb: [2]\n");
  ASSERT_EQ(d.roots().size(), 3u);
  EXPECT_EQ(d.roots()[0]->get("a")->value, "1");
  EXPECT_TRUE(d.roots()[1]->is_null());
  EXPECT_EQ(d.roots()[2]->get("b")->items.at(0)->value, "2");
  EXPECT_EQ(d.roots()[2]->line, 5);
  EXPECT_EQ(d.root(), d.roots()[0]);
  EXPECT_EQ(Document::parse("s.yml", "a: 1\n---\nb: 2\n").roots().size(), 1u);
  EXPECT_TRUE(Document::parse_stream("s.yml", "").roots().empty());
}

}  // namespace
}  // namespace tocsin::yaml
