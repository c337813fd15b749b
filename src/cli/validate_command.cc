// `yungu validate --kind uscc|id|phone|bankcard`: batch identifier checks.
#include <iostream>

#include "cli/app.h"
#include "cli/commands.h"
#include "yungu/identifiers/identifiers.h"

namespace yungu::cli {

void AddValidateCommand(CLI::App& app, Runner& run) {
  auto kind = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check identifiers read one per line on stdin; prints '<value>\\tvalid' or "
                  "'<value>\\tinvalid:<reason>' per line; exit code 3 if any is invalid");
  cmd->add_option("--kind", *kind, "uscc (统一社会信用代码), id (身份证号), phone, bankcard")
      ->required()
      ->check(CLI::IsMember({"uscc", "id", "citizen_id", "phone", "mobile", "bankcard", "bank_card"}));
  cmd->callback([kind, &run] {
    run = [kind] {
      auto k = identifiers::ParseKind(*kind);
      if (!k) return static_cast<int>(kExitUsage);
      int64_t invalid = identifiers::ValidateLines(*k, std::cin, std::cout);
      std::cout.flush();
      return invalid > 0 ? static_cast<int>(kExitBadData) : static_cast<int>(kExitOk);
    };
  });
}

}  // namespace yungu::cli
