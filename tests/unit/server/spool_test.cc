// Uploads are spooled under DATA/spool/<pid>/; what a dead process left there
// is removed when a server starts, and a live process's spool stays.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "test_server.h"

namespace {

namespace fs = std::filesystem;
using yungu::testing::TempDir;
using yungu::testing::TestServer;

TEST(SpoolTest, LeftoversOfDeadProcessesAreRemovedAtStart) {
  TempDir dir("yungu_spool");
  const fs::path data = dir.path() / "data";
  const fs::path spool = data / "spool";
  // A pid far above any pid_max: that process cannot be alive.
  const fs::path dead = spool / "999999999";
  fs::create_directories(dead);
  std::ofstream(dead / "upload-1") << "half an upload";
  // This test process is alive: its spool (as if it served too) must stay.
  const fs::path live = spool / std::to_string(getpid());
  fs::create_directories(live);
  std::ofstream(live / "upload-2") << "an upload in progress";

  TestServer::Options options;
  options.data_dir = data;
  TestServer server(options);
  ASSERT_TRUE(server.ok());
  EXPECT_FALSE(fs::exists(dead)) << "a dead process's spool is removed";
  EXPECT_TRUE(fs::exists(live / "upload-2")) << "a live process's spool is left alone";
  EXPECT_TRUE(fs::exists(spool / std::to_string(server.pid()))) << "the server spools under its own pid";
  EXPECT_EQ(server.Get("/api/v1/health").status, 200);
}

}  // namespace
