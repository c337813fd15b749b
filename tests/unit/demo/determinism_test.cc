// The demo must be reproducible byte for byte from its seed, and the full
// scale must reach the documented sizes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "yungu/demo/demo.h"

namespace yungu::demo {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> ReadAll(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files[entry.path().filename().string()] = ss.str();
  }
  return files;
}

fs::path TempDir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("yungu-demo-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

int64_t CountRecords(const fs::path& file) {
  // No generated cell contains a line break, so records are lines.
  std::ifstream in(file, std::ios::binary);
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) ++n;
  return n - 1;  // header
}

TEST(DemoDeterminismTest, SameSeedGivesIdenticalBytes) {
  const auto a = TempDir("det-a"), b = TempDir("det-b");
  const DemoOptions options{.seed = 42, .scale = 0.02};
  ASSERT_TRUE(GenerateDemo(a, options).ok());
  ASSERT_TRUE(GenerateDemo(b, options).ok());
  const auto fa = ReadAll(a), fb = ReadAll(b);
  EXPECT_GE(fa.size(), 13u);  // 12 data files + catalog.json
  ASSERT_EQ(fa.size(), fb.size());
  for (const auto& [name, bytes] : fa) {
    ASSERT_TRUE(fb.count(name)) << name;
    EXPECT_TRUE(bytes == fb.at(name)) << name << " differs between runs";
  }
  // Regenerating into an existing directory overwrites cleanly.
  ASSERT_TRUE(GenerateDemo(a, options).ok());
  EXPECT_TRUE(ReadAll(a) == fb);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(DemoDeterminismTest, DifferentSeedGivesDifferentData) {
  const auto a = TempDir("seed-a"), b = TempDir("seed-b");
  ASSERT_TRUE(GenerateDemo(a, {.seed = 1, .scale = 0.02}).ok());
  ASSERT_TRUE(GenerateDemo(b, {.seed = 2, .scale = 0.02}).ok());
  const auto fa = ReadAll(a), fb = ReadAll(b);
  EXPECT_NE(fa.at("enterprise_registry.csv"), fb.at("enterprise_registry.csv"));
  EXPECT_NE(fa.at("population_sample.csv"), fb.at("population_sample.csv"));
  EXPECT_EQ(fa.at("catalog.json"), fb.at("catalog.json"));  // metadata does not depend on the seed
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(DemoDeterminismTest, RejectsBadScale) {
  const auto dir = TempDir("bad-scale");
  EXPECT_FALSE(GenerateDemo(dir, {.seed = 1, .scale = 0}).ok());
  EXPECT_FALSE(GenerateDemo(dir, {.seed = 1, .scale = -1}).ok());
  fs::remove_all(dir);
}

TEST(DemoDeterminismTest, FailsCleanlyWhenDirIsAFile) {
  const auto file = TempDir("not-a-dir");
  std::ofstream(file) << "x";
  const auto result = GenerateDemo(file, {});
  EXPECT_FALSE(result.ok());
  fs::remove_all(file);
}

TEST(DemoFullScaleTest, ReachesDocumentedSizes) {
  const auto dir = TempDir("full");
  const auto result = GenerateDemo(dir, DemoOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GE(CountRecords(dir / "enterprise_registry.csv"), 10000);
  EXPECT_GE(CountRecords(dir / "population_sample.csv"), 10000);
  EXPECT_EQ(CountRecords(dir / "air_quality_hourly.csv"), 8 * 8784);
  EXPECT_EQ(CountRecords(dir / "daily_weather.csv"), 731);
  std::ifstream in(*result);
  const auto catalog = nlohmann::json::parse(in);
  for (const auto& d : catalog["datasets"]) {
    EXPECT_TRUE(fs::exists(dir / d["file"].get<std::string>())) << d["id"];
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace yungu::demo
