// PostgreSQL's client programs (pg_dump, pg_restore): finding them and
// running them with the connection's password kept out of their arguments.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "yungu/core/result.h"

namespace yungu::backup {

// The newest /usr/lib/postgresql/<major>/bin/<name>, else <name> on PATH;
// FailedPrecondition "backup.tool_missing" when there is neither.
Result<std::filesystem::path> FindPgTool(const std::string& name);

// How to reach a database without putting its password on a command line:
// a libpq "key=value" connection string without the password, and the
// environment (PGPASSWORD) that carries it.
struct PgTarget {
  std::string conninfo;
  std::map<std::string, std::string> env;
  std::string display;  // the URL without its password, for messages
};
Result<PgTarget> PgTargetFor(const std::string& url);

struct ProgramResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) to completion with `env` added to this
// process's environment, collecting its standard output and error.
Result<ProgramResult> RunProgram(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);

// The last lines of a program's error output, for an error message.
std::string Tail(const std::string& text, size_t max_chars = 2000);

}  // namespace yungu::backup
