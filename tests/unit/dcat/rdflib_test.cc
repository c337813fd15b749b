// A real RDF parser (rdflib, through tests/dcat/check_rdf.py) reads what
// the three writers write: each syntax parses, all three are the same
// graph, and the graph says what DCAT-AP asks.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "unit/dcat/sample_catalog.h"

namespace yungu::dcat {
namespace {

namespace fs = std::filesystem;

const std::string kChecker = std::string(YUNGU_TEST_DATA_DIR) + "/../dcat/check_rdf.py";

// The python3 that has rdflib: the one on PATH, else Debian's (a pyenv or
// venv python3 may come first on PATH without Debian's packages).
std::string PythonWithRdflib() {
  for (const char* python : {"python3", "/usr/bin/python3"}) {
    std::string probe = std::string(python) + " -c 'import rdflib' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return python;
  }
  return "";
}

struct CommandRun {
  int exit_code = -1;
  std::string output;
};

CommandRun RunCommand(const std::string& command) {
  CommandRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.output.append(buf.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class RdflibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    python_ = PythonWithRdflib();
    ASSERT_FALSE(python_.empty()) << "no python3 with rdflib; scripts/install-deps.sh installs python3-rdflib";
    ASSERT_TRUE(fs::exists(kChecker)) << kChecker;
    std::string tmpl = (fs::path(::testing::TempDir()) / "yungu-dcat-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Writes the graph in each syntax; returns the paths, quoted for a shell.
  std::string WriteAll(const Graph& g, const std::string& stem) {
    std::string paths;
    for (Syntax s : {Syntax::kJsonLd, Syntax::kTurtle, Syntax::kRdfXml}) {
      fs::path path = dir_ / (stem + "." + std::string(ExtensionOf(s)));
      std::ofstream(path, std::ios::binary) << Write(g, s);
      paths += " '" + path.string() + "'";
    }
    return paths;
  }

  CommandRun Check(const std::string& args) { return RunCommand(python_ + " '" + kChecker + "' " + args); }

  std::string python_;
  fs::path dir_;
};

TEST_F(RdflibTest, CatalogParsesToOneGraphInEverySyntax) {
  std::string files = WriteAll(CatalogGraph(testing::SampleCatalog()), "catalog");
  CommandRun run = Check("--datasets 2 --distributions 1" + files);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("ok: 3 documents"), std::string::npos) << run.output;
}

TEST_F(RdflibTest, DatasetParsesToOneGraphInEverySyntax) {
  auto dept = testing::Environment();
  std::string files = WriteAll(DatasetGraph(testing::kSite, testing::AirQuality(), &dept), "dataset");
  CommandRun run = Check("--datasets 1 --distributions 1" + files);
  EXPECT_EQ(run.exit_code, 0) << run.output;
}

// The checker is not satisfied by anything: a graph missing a triple, a
// document that does not parse, and a dataset without what DCAT-AP asks are
// each reported.
TEST_F(RdflibTest, CheckerReportsWhatIsWrong) {
  Graph full = CatalogGraph(testing::SampleCatalog());
  Graph less(StandardPrefixes(testing::kSite));
  for (size_t i = 1; i < full.triples().size(); ++i) {
    const auto& t = full.triples()[i];
    less.Add(t.subject, t.predicate, t.object);
  }
  fs::path whole = dir_ / "whole.ttl", partial = dir_ / "partial.jsonld", broken = dir_ / "broken.rdf";
  std::ofstream(whole) << WriteTurtle(full);
  std::ofstream(partial) << WriteJsonLd(less);
  std::ofstream(broken) << "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><unclosed>";
  CommandRun run = Check("'" + whole.string() + "' '" + partial.string() + "' '" + broken.string() + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("partial.jsonld: not the same graph"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("broken.rdf: does not parse"), std::string::npos) << run.output;

  run = Check("--datasets 3" + WriteAll(full, "count"));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("2 dcat:Dataset, want 3"), std::string::npos) << run.output;

  Graph bare = DatasetGraph(testing::kSite, testing::BusStops(), nullptr);
  run = Check(WriteAll(bare, "bare"));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("no dcat:Distribution"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("no dcat:contactPoint"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("has no foaf:name@zh"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace yungu::dcat
