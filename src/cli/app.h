// The `yungu` command line: one file per subcommand, wired up here.
#pragma once

namespace yungu::cli {

// Exit codes shared by every subcommand.
enum ExitCode {
  kExitOk = 0,
  kExitFailure = 1,   // the operation failed (I/O, storage, server)
  kExitUsage = 2,     // bad command line
  kExitBadData = 3,   // the input data was rejected or has invalid values
  kExitNotFound = 4,  // the named dataset/department does not exist
};

int Main(int argc, char** argv);

}  // namespace yungu::cli
