// `scaleout play FILE`: plays a scenario headless — builds its world, runs its steps on the
// timeline, prints each step (`step 3/8`), its caption and its commands as they happen, a step's
// question before it and the answer after it (without waiting: nobody answers headless), and each
// expectation as it is decided, then a table of all of them, and writes a report if asked.
// Exit codes: 0 every expectation holds, 1 one does not (or the world could not start, or the run
// was interrupted), 2 a bad file or command line.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>

#include "commands.hpp"
#include "scaleout/scenarios/lesson_library.hpp"
#include "scaleout/scenarios/parse.hpp"
#include "scaleout/scenarios/player.hpp"
#include "scaleout/scenarios/report.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "signals.hpp"

namespace scaleout::cli {

namespace {

struct PlayOptions {
  std::string file;
  double speed = 1;
  std::string step;
  std::string lang = "en";
  std::string report;
  std::string trace;
};

std::string fixed(double value, int precision) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", precision, value);
  return text;
}

std::string stamp(double seconds) {
  std::string time = fixed(seconds, 1) + "s";
  return "[" + std::string(time.size() < 7 ? 7 - time.size() : 0, ' ') + time + "]";
}

// Cut to `width` characters (UTF-8 aware), with "..." when cut.
std::string cut(const std::string& text, size_t width) {
  size_t characters = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters > width) {
      size_t end = i;
      return text.substr(0, end) + "...";
    }
  }
  return text;
}

// Lines after the first start with `indent`.
std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

std::string pad(const std::string& text, size_t width) {
  size_t characters = 0;
  for (unsigned char c : text)
    characters += (c & 0xC0) != 0x80;
  return characters >= width ? text : text + std::string(width - characters, ' ');
}

const char* result_word(scenarios::CheckState state) {
  switch (state) {
    case scenarios::CheckState::kPassed:
      return "pass";
    case scenarios::CheckState::kFailed:
      return "FAIL";
    case scenarios::CheckState::kChecking:
      return "open";
  }
  return "open";
}

std::string local_time_now() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
  return text;
}

// What the player tells, printed as it happens.
class Narrator {
 public:
  Narrator(const scenarios::Scenario& scenario, scenarios::Language language)
      : scenario_(scenario), language_(language) {}

  void operator()(const scenarios::PlayerEvent& event) {
    using Kind = scenarios::PlayerEvent::Kind;
    std::lock_guard lock(mutex_);
    const std::string indent(10, ' ');
    switch (event.kind) {
      case Kind::kWorldStarting:
        std::cout << "world: " << event.text << std::endl;
        break;
      case Kind::kWorldReady:
        std::cout << stamp(event.world_s) << " world ready" << std::endl;
        break;
      case Kind::kWorldFailed:
        std::cout << "the world could not start: " << event.text << std::endl;
        break;
      case Kind::kStepStarted: {
        const auto& step = scenario_.steps[static_cast<size_t>(event.step)];
        std::cout << "\n"
                  << stamp(event.world_s) << " step " << event.step + 1 << "/"
                  << scenario_.steps.size() << "  " << step.id << "\n"
                  << indent << step.caption.in(language_) << std::endl;
        break;
      }
      case Kind::kCommandDone:
        std::cout << indent << (event.outcome.ok ? "> " : "! ") << event.outcome.command << ": "
                  << indented(cut(event.outcome.message, 400), indent + "  ") << std::endl;
        break;
      case Kind::kCheckDecided:
        std::cout << indent << result_word(event.check.state) << "  " << event.check.expected
                  << "  (" << cut(event.check.measured, 140) << ")";
        if (event.check.state == scenarios::CheckState::kFailed) {
          std::cout << "  at " << event.check.where;
        }
        std::cout << std::endl;
        break;
      case Kind::kProgress:
        std::cout << indent << "  ... " << event.text << std::endl;
        break;
      case Kind::kQuestionAsked:
        std::cout << "\n"
                  << stamp(event.world_s) << " question before step " << event.step + 1 << "/"
                  << scenario_.steps.size() << "  "
                  << scenario_.steps[static_cast<size_t>(event.step)].id << "\n";
        print_question(*scenario_.steps[static_cast<size_t>(event.step)].question, indent);
        break;
      case Kind::kQuestionRevealed:
        print_answer(*scenario_.steps[static_cast<size_t>(event.step)].question, indent);
        break;
      case Kind::kFinished:
        std::cout << "\n" << stamp(event.world_s) << " done" << std::endl;
        break;
    }
  }

 private:
  // The question before its step plays: its text and numbered choices (a class would answer
  // now; headless, the step plays at once).
  void print_question(const scenarios::Question& question, const std::string& indent) const {
    std::cout << indent << "? " << question.text.in(language_) << "\n" << indent << " ";
    for (size_t i = 0; i < question.choices.size(); ++i)
      std::cout << "  " << i + 1 << ") " << question.choices[i].in(language_);
    std::cout << std::endl;
  }
  void print_answer(const scenarios::Question& question, const std::string& indent) const {
    std::cout << indent << "= ";
    if (question.answer) {
      const int answer = *question.answer;
      std::cout << "the answer: " << answer + 1 << ") "
                << question.choices[static_cast<size_t>(answer)].in(language_);
    } else {
      std::cout << "no answer is right or wrong";
    }
    std::cout << "\n" << indent << "  " << question.explanation.in(language_) << std::endl;
  }

  const scenarios::Scenario& scenario_;
  scenarios::Language language_;
  std::mutex mutex_;
};

void print_table(const scenarios::RunReport& report) {
  std::cout << "\nExpectations of " << report.file << "\n";
  size_t step_width = 4;
  for (const auto& check : report.checks)
    step_width = std::max(step_width, std::min<size_t>(check.step_id.size(), 16));
  std::cout << "  " << pad("step", step_width) << "  result  " << pad("expected", 48)
            << "  measured\n";
  for (const auto& check : report.checks) {
    std::cout << "  " << pad(cut(check.step_id, 16), step_width) << "  "
              << pad(result_word(check.state), 6) << "  " << pad(cut(check.expected, 48), 48)
              << "  " << cut(check.measured, 70) << "\n";
  }
  const int total = report.passed + report.failed + report.unchecked;
  std::cout << "\n"
            << total << " expectations: " << report.passed << " passed, " << report.failed
            << " failed";
  if (report.unchecked) std::cout << ", " << report.unchecked << " not decided";
  std::cout << ".  Messages: delivered " << report.totals.delivered << ", lost "
            << report.totals.lost << ", duplicated " << report.totals.duplicated << ", latency p50 "
            << fixed(report.totals.p50_ms, 2) << " ms, p99 " << fixed(report.totals.p99_ms, 2)
            << " ms" << std::endl;
}

// The comparison side by side, as the report's table ("model" marks figures of the model).
void print_compare(const scenarios::RunReport& report) {
  if (!report.compare) return;
  const auto& compare = *report.compare;
  const auto language =
      report.language == "ko" ? scenarios::Language::kKorean : scenarios::Language::kEnglish;
  const std::string title = compare.title.in(language);
  std::cout << "\n" << (title.empty() ? "Comparison" : title) << "\n  " << pad("", 40);
  for (const auto& column : compare.columns)
    std::cout << "  " << pad(cut(column.name.in(language), 18), 18);
  std::cout << "\n";
  for (const auto& row : compare.rows) {
    std::cout << "  " << pad(cut(row.label.in(language), 40), 40);
    for (const auto& cell : row.cells)
      std::cout << "  " << pad(cut(cell.text, 18), 18);
    std::cout << (row.modelled ? "  (model)" : "") << "\n";
  }
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

int play(PlayOptions options) {
  // "3" or "03-redis-adapter": a lesson of the library.
  if (!std::filesystem::exists(options.file)) {
    std::string lesson = scenarios::find_lesson(options.file);
    if (lesson.empty()) {
      std::cerr << "scaleout play: no file '" << options.file << "', and no single lesson '"
                << options.file << "' in " << scenarios::lessons_dir() << "; the lessons:\n";
      for (const auto& entry : scenarios::list_lessons())
        std::cerr << "  " << entry.name << "  " << entry.title.en << "\n";
      return kExitUsage;
    }
    // Shown relative to here when it is below here.
    const auto relative = std::filesystem::relative(lesson);
    options.file = !relative.empty() && *relative.begin() != ".." ? relative.string() : lesson;
  }
  auto parsed = scenarios::load_scenario(options.file);
  if (!parsed) {
    std::cerr << parsed.error().message() << "\n";
    return kExitUsage;
  }
  const scenarios::Scenario& scenario = *parsed;
  if (!options.step.empty() && scenario.find_step(options.step) < 0) {
    std::string ids;
    for (const auto& step : scenario.steps)
      ids += " " + step.id;
    std::cerr << "scaleout play: no step '" << options.step << "' in " << options.file
              << "; its steps:" << ids << "\n";
    return kExitUsage;
  }
  const bool html = options.report.ends_with(".html") || options.report.ends_with(".htm");
  if (!options.report.empty() && !html && !options.report.ends_with(".json")) {
    std::cerr << "scaleout play: --report takes a FILE.html or a FILE.json\n";
    return kExitUsage;
  }
  const auto language =
      options.lang == "ko" ? scenarios::Language::kKorean : scenarios::Language::kEnglish;
  block_stop_signals();

  std::unique_ptr<sim::JsonlTraceWriter> trace;
  if (!options.trace.empty()) {
    try {
      trace = std::make_unique<sim::JsonlTraceWriter>(options.trace);
    } catch (const std::exception& error) {
      std::cerr << "scaleout play: " << error.what() << "\n";
      return kExitFailure;
    }
  }
  std::cout << scenario.title.in(language) << "  (" << options.file << ", " << scenario.steps.size()
            << " steps)" << std::endl;
  const std::string started_at = local_time_now();
  auto narrator = std::make_shared<Narrator>(scenario, language);
  scenarios::PlayerOptions player_options;
  player_options.speed = options.speed;
  player_options.open_at = options.step;
  player_options.on_event = [narrator](const scenarios::PlayerEvent& event) { (*narrator)(event); };
  if (trace) {
    player_options.on_world = [&trace](sim::World& world) { world.add_trace_sink(trace.get()); };
  }
  scenarios::Player player(scenario, player_options);
  player.start();
  const int signal = wait_for_stop_signal_or(std::chrono::milliseconds(100), [&] {
    auto phase = player.view()->phase;
    return phase == scenarios::PlayerPhase::kFinished || phase == scenarios::PlayerPhase::kFailed;
  });
  if (signal) std::cout << "\nscaleout play: interrupted (signal " << signal << ")" << std::endl;
  auto view = player.view();
  auto observations = player.observations();
  scenarios::Observations none;
  auto report = scenarios::make_report(scenario, *view, observations ? *observations : none,
                                       language, started_at);
  player.stop();
  print_table(report);
  print_compare(report);
  if (trace) std::cout << "trace: " << trace->lines() << " events in " << options.trace << "\n";
  if (!options.report.empty()) {
    const std::string text = html ? scenarios::report_html(report) : scenarios::report_json(report);
    if (!write_file(options.report, text)) {
      std::cerr << "scaleout play: cannot write " << options.report << "\n";
      return kExitFailure;
    }
    std::cout << "report: " << options.report << "\n";
  }
  return report.ok() && !signal ? kExitOk : kExitFailure;
}

}  // namespace

Command add_play_command(CLI::App& app) {
  auto options = std::make_shared<PlayOptions>();
  CLI::App* play_app = app.add_subcommand(
      "play",
      "Play a scenario headless: its steps, captions and expectations, then a table (a step's "
      "question is printed with its choices before the step and its answer after it; headless, "
      "nobody is waited for)");
  play_app
      ->add_option("file", options->file,
                   "The scenario (YAML), or a lesson of the library by number or name (3, "
                   "03-redis-adapter)")
      ->required();
  play_app
      ->add_option("--speed", options->speed,
                   "Pace of the timeline (the pauses between steps), 0.1 to 10")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 10.0));
  play_app->add_option("--step", options->step,
                       "Open at this step: the steps before it run without pauses first");
  play_app->add_option("--lang", options->lang, "Language of the captions: en or ko")
      ->capture_default_str()
      ->check(CLI::IsMember({"en", "ko"}));
  play_app->add_option("--report", options->report,
                       "Write a report: FILE.html (one file, readable offline) or FILE.json");
  play_app->add_option("--trace", options->trace,
                       "Record every hop as JSON lines in this file (docs/trace-format.md)");
  play_app->footer(
      "Exit status: 0 every expectation holds, 1 one does not (or the world could not start), "
      "2 a bad file or command line.");
  return {play_app, [options] { return play(*options); }};
}

}  // namespace scaleout::cli
