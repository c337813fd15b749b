#include <gtest/gtest.h>

#include "yungu/dcat/dcat.h"

namespace yungu::dcat {
namespace {

TEST(DcatGraphTest, IriEncodesWhatNoIriMayHold) {
  EXPECT_EQ(Iri("mailto:a b<c>\"{}|\\^`").value, "mailto:a%20b%3Cc%3E%22%7B%7D%7C%5C%5E%60");
  EXPECT_EQ(Iri("http://x/数据").value, "http://x/%E6%95%B0%E6%8D%AE");
  EXPECT_EQ(Iri("http://x/a\nb\x7f").value, "http://x/a%0Ab%7F");
  // What an IRI may hold stays, so cleaning twice changes nothing.
  const std::string ok = "http://h:8080/api/v1/datasets/a_b-c/export?format=csv&x=%20#frag";
  EXPECT_EQ(Iri(ok).value, ok);
  EXPECT_EQ(Iri(Iri("a b").value).value, "a%20b");
}

TEST(DcatGraphTest, TextReplacesWhatXmlCannotCarry) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Text("a\x01" "b\x1f" "c").value, "a" + fffd + "b" + fffd + "c");
  EXPECT_EQ(Text(std::string("nul\0!", 5)).value, "nul" + fffd + "!");
  EXPECT_EQ(Text("bad \xFF utf8 \xE5\x9B").value, "bad " + fffd + " utf8 " + fffd);
  EXPECT_EQ(Text("\xEF\xBF\xBE").value, fffd);  // U+FFFE
  const std::string kept = "tab\tLF\nCR\r 中文 😀 <&>\"'";
  EXPECT_EQ(Text(kept).value, kept);
  EXPECT_EQ(Text("x", "zh").language, "zh");
  EXPECT_EQ(Typed("1", "http://www.w3.org/2001/XMLSchema#integer").datatype,
            "http://www.w3.org/2001/XMLSchema#integer");
}

TEST(DcatGraphTest, KeepsEachTripleOnceInFirstUseOrder) {
  Graph g({});
  g.Add("http://s/1", "http://p/a", Text("x"));
  g.Add("http://s/2", "http://p/a", Text("y"));
  g.Add("http://s/1", "http://p/b", Iri("http://o"));
  g.Add("http://s/1", "http://p/a", Text("x"));        // again: ignored
  g.Add("http://s/1", "http://p/a", Text("x", "zh"));  // another literal
  ASSERT_EQ(g.triples().size(), 4u);

  auto nodes = g.Nodes();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].subject, "http://s/1");
  ASSERT_EQ(nodes[0].properties.size(), 2u);
  EXPECT_EQ(nodes[0].properties[0].predicate, "http://p/a");
  ASSERT_EQ(nodes[0].properties[0].objects.size(), 2u);
  EXPECT_EQ(nodes[0].properties[0].objects[1]->language, "zh");
  EXPECT_EQ(nodes[0].properties[1].predicate, "http://p/b");
  EXPECT_EQ(nodes[1].subject, "http://s/2");
}

TEST(DcatGraphTest, CleansSubjectsAndPredicates) {
  Graph g({});
  g.Add("http://s/a b", "http://p/<x>", Text("v"));
  EXPECT_EQ(g.triples()[0].subject, "http://s/a%20b");
  EXPECT_EQ(g.triples()[0].predicate, "http://p/%3Cx%3E");
}

TEST(DcatGraphTest, CompactsOnlyPlainNamesInDeclaredNamespaces) {
  Graph g(StandardPrefixes("http://h"));
  EXPECT_EQ(g.Compact("http://purl.org/dc/terms/title"), "dct:title");
  EXPECT_EQ(g.Compact("http://www.w3.org/ns/dcat#Dataset"), "dcat:Dataset");
  EXPECT_EQ(g.Compact("http://h/ns#sharingType"), "yungu:sharingType");
  EXPECT_EQ(g.Compact("http://purl.org/dc/terms/a/b"), std::nullopt);
  EXPECT_EQ(g.Compact("http://purl.org/dc/terms/"), std::nullopt);
  EXPECT_EQ(g.Compact("http://purl.org/dc/terms/1st"), std::nullopt);
  EXPECT_EQ(g.Compact("http://example.org/x"), std::nullopt);
}

TEST(DcatGraphTest, SyntaxesByExtension) {
  EXPECT_EQ(SyntaxForExtension("jsonld"), Syntax::kJsonLd);
  EXPECT_EQ(SyntaxForExtension("ttl"), Syntax::kTurtle);
  EXPECT_EQ(SyntaxForExtension("rdf"), Syntax::kRdfXml);
  EXPECT_EQ(SyntaxForExtension("xml"), std::nullopt);
  EXPECT_EQ(SyntaxForExtension(""), std::nullopt);
  for (Syntax s : {Syntax::kJsonLd, Syntax::kTurtle, Syntax::kRdfXml}) {
    EXPECT_EQ(SyntaxForExtension(ExtensionOf(s)), s);
    EXPECT_NE(ContentTypeOf(s).find("; charset=utf-8"), std::string_view::npos);
  }
  EXPECT_EQ(ContentTypeOf(Syntax::kJsonLd), "application/ld+json; charset=utf-8");
  EXPECT_EQ(ContentTypeOf(Syntax::kTurtle), "text/turtle; charset=utf-8");
  EXPECT_EQ(ContentTypeOf(Syntax::kRdfXml), "application/rdf+xml; charset=utf-8");
}

}  // namespace
}  // namespace yungu::dcat
