// fuzz_scenario_parser: parse_scenario() on any bytes (scenarios/, with yaml-cpp underneath).
// A refusal must say where (the file name, a line and column) and what was expected. An accepted
// scenario must hold together: every step has an id and a caption and a position for each of its
// commands, every command prints as a line that parses back to itself (the one vocabulary of
// sim/world_command.hpp), every expectation describes itself. Anything else — a crash, a sanitizer
// report, an exception escaping, a hang — is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "scaleout/scenarios/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace scaleout;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = scenarios::parse_scenario(text, "fuzz.yaml");
  if (!parsed) {
    const auto& error = parsed.error();
    FUZZ_CHECK(!error.expected.empty());
    FUZZ_CHECK(error.mark.file == "fuzz.yaml");
    FUZZ_CHECK(error.message().rfind("fuzz.yaml", 0) == 0);
    return 0;
  }
  FUZZ_CHECK(!parsed->title.en.empty());
  FUZZ_CHECK(!parsed->steps.empty());
  FUZZ_CHECK(parsed->world.servers >= 1);
  for (const auto& step : parsed->steps) {
    FUZZ_CHECK(!step.id.empty());
    FUZZ_CHECK(!step.caption.en.empty());
    FUZZ_CHECK(step.commands.size() == step.command_marks.size());
    FUZZ_CHECK(parsed->find_step(step.id) >= 0);
    for (const auto& command : step.commands) {
      const std::string line = sim::describe(command);
      auto again = sim::parse_world_command(line);
      FUZZ_CHECK(again.ok());
      FUZZ_CHECK(sim::describe(*again) == line);
    }
    for (const auto& expectation : step.expectations)
      FUZZ_CHECK(!expectation.describe().empty());
  }
  for (const auto& expectation : parsed->final_checks)
    FUZZ_CHECK(!expectation.describe().empty());
  return 0;
}
