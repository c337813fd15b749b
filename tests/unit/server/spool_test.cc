// Uploads are spooled under DATA/spool/<pid>/; what a dead server left there
// is removed when the next one starts, and a live server's spool stays.
#include <gtest/gtest.h>

#include <fstream>

#include "test_server.h"

namespace {

namespace fs = std::filesystem;
using yungu::testing::TestServer;

TEST(SpoolTest, LeftoversOfDeadProcessesAreRemovedAtStart) {
  TestServer first;
  ASSERT_TRUE(first.ok());
  const fs::path spool = first.data_dir() / "spool";
  // A pid far above any pid_max: that process cannot be alive.
  const fs::path dead = spool / "999999999";
  fs::create_directories(dead);
  std::ofstream(dead / "upload-1") << "half an upload";
  const fs::path live = spool / std::to_string(first.pid());
  ASSERT_TRUE(fs::exists(live)) << "the running server spools under its own pid";

  TestServer::Options options;
  options.data_dir = first.data_dir();
  TestServer second(options);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(fs::exists(dead)) << "a dead server's spool is removed";
  EXPECT_TRUE(fs::exists(live)) << "a live server's spool is left alone";
  EXPECT_TRUE(fs::exists(spool / std::to_string(second.pid())));
  EXPECT_EQ(second.Get("/api/v1/health").status, 200);
}

}  // namespace
