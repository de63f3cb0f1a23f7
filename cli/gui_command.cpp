// `scaleout gui`: the window, on a live world (the same world options as `cluster`, embedded
// Redis by default), on a lesson (`scaleout gui FILE.yaml` or a lesson's number; --lessons: the
// lesson menu, which is what `scaleout` alone opens) or on a recording (--replay FILE...). Without
// a display it says so, says how to run headless, and exits 1. --screenshot renders a number of
// frames, saves the last as a PNG and exits (this is how the README's pictures are made, under
// Xvfb); --frame-stats prints the frame time's p50/p99 at exit.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "classroom_cli.hpp"
#include "commands.hpp"
#include "gui/app/gui_app.hpp"
#include "gui/app/lesson_host.hpp"
#include "redis_target_cli.hpp"
#include "scaleout/base/loopback.hpp"
#include "scaleout/observe/adapter_watch.hpp"
#include "scaleout/scenarios/lesson_library.hpp"
#include "scaleout/trace/trace_file.hpp"
#include "server_options_cli.hpp"
#include "signals.hpp"
#include "stdin_lines.hpp"
#include "world_options_cli.hpp"

namespace scaleout::cli {

namespace {

struct GuiCli {
  WorldCli world;
  ClassroomCli classroom;
  gui::GuiOptions window;
  std::string lesson;  // a scenario file, or a lesson's number or name
  bool lessons = false;
  std::string step;
  double speed = 1;
  std::vector<std::string> replay;
  double seek = 0;
  std::string observe;
  std::string key = "socket.io";
  bool summary = false;
  std::string trace_path;
  std::string size = "1600x900";
  std::string theme;
  std::string lang = "en";
  std::string panel;
  bool projector = false;
  bool no_questions = false;
  bool control_stdin = false;
};

std::optional<gui::Panel> parse_panel(const std::string& name) {
  static const std::pair<const char*, gui::Panel> kPanels[] = {
      {"servers", gui::Panel::kServers},      {"rooms", gui::Panel::kRooms},
      {"channels", gui::Panel::kChannels},    {"clients", gui::Panel::kClients},
      {"redis", gui::Panel::kRedis},          {"log", gui::Panel::kEventLog},
      {"metrics", gui::Panel::kMetrics},      {"message", gui::Panel::kMessage},
      {"classroom", gui::Panel::kClassroom},  {"lesson", gui::Panel::kLesson},
      {"compare", gui::Panel::kCompare},      {"stores", gui::Panel::kStores},
      {"autoscaler", gui::Panel::kAutoscaler}};
  for (const auto& [text, panel] : kPanels) {
    if (name == text) return panel;
  }
  return std::nullopt;
}

// Applies the window options; returns what is wrong, or "".
std::string finish_window_options(GuiCli& options) {
  gui::GuiOptions& window = options.window;
  if (std::sscanf(options.size.c_str(), "%dx%d", &window.width, &window.height) != 2 ||
      window.width < 640 || window.height < 400 || window.width > 8192 || window.height > 8192) {
    return "--size expects WIDTHxHEIGHT, at least 640x400, e.g. 1920x1080";
  }
  if (options.projector) {
    window.font_scale = std::max(window.font_scale, 1.5f);
    window.dark = false;
  }
  if (!options.theme.empty()) window.dark = options.theme == "dark";
  window.language = options.lang == "ko" ? gui::Language::kKorean : gui::Language::kEnglish;
  if (!options.panel.empty()) window.panel = parse_panel(options.panel);
  if (!window.screenshot.empty() && window.frames <= 0) window.frames = 120;
  return {};
}

int run_window(gui::GuiApp& app, const GuiCli& options) {
  StopSignalWatcher watcher([] { gui::wake_frame_loop(); });
  std::string error;
  const int status = app.run(watcher.stopped(), &error);
  if (status != 0) std::cerr << "scaleout gui: " << error << "\n";
  if (options.summary) std::cout << app.summary() << std::endl;
  if (options.window.frame_stats) {
    const gui::FrameStats stats = app.frame_stats();
    std::cout << "frame time over " << stats.frames << " frames: p50 " << stats.p50_ms
              << " ms, p99 " << stats.p99_ms << " ms, max " << stats.max_ms << " ms" << std::endl;
    auto spread = [](const gui::Spread& s) {
      char text[64];
      std::snprintf(text, sizeof text, "%.1f / %.1f", s.p50, s.p99);
      return std::string(text);
    };
    std::cout << "frame parts p50 / p99: model " << spread(stats.model_ms) << " ms, ImGui build "
              << spread(stats.build_ms) << " ms, OpenGL and swap " << spread(stats.render_ms)
              << " ms; draw lists " << spread(stats.vertices) << " vertices, "
              << spread(stats.indices) << " indices, " << spread(stats.draw_commands)
              << " draw commands" << std::endl;
  }
  if (!options.window.screenshot.empty() && status == 0) {
    std::cout << "scaleout gui: screenshot saved to " << options.window.screenshot << std::endl;
  }
  return status == 0 ? kExitOk : kExitFailure;
}

// The lessons' file names and titles, and how to play one without a window.
void print_lessons(const std::vector<scenarios::LessonEntry>& lessons) {
  std::cerr << "lessons (play one headless with `" << self_command() << " play N`):\n";
  for (const auto& lesson : lessons)
    std::cerr << "  " << lesson.name << "  " << lesson.title.en << "\n";
}

// Classroom mode for lessons: every world a lesson builds (again after Back or Restart, or for
// another lesson) puts its balancer on the classroom's address at one port chosen now, so that
// the students' page reconnects to the same URL and lands in the new world. A lesson without a
// balancer (lesson 1) cannot be joined while it plays.
int share_lessons_with_class(gui::GuiApp& app, gui::LessonHost& host, const GuiCli& options) {
  ClassroomSetup setup;
  if (int code = choose_classroom(options.classroom, "scaleout gui", &setup); code != kExitOk) {
    return code;
  }
  uint16_t port = options.world.world.cluster.balancer_port;
  if (port == 0) port = sim::pick_free_port(setup.address);
  sim::ClusterOptions shown = options.world.world.cluster;
  sim::apply_classroom(shown, setup.address, setup.page, setup.settings);
  print_classroom(shown, port);
  gui::ClassroomView view;
  view.url = sim::classroom_url(setup.address, port);
  view.notice = sim::classroom_notice(view.url, shown);
  std::string error;
  if (auto code = sim::make_qr_code(view.url, &error)) {
    view.qr_size = code->size;
    view.qr_modules = code->modules;
  }
  app.show_classroom(std::move(view));
  host.set_prepare_world([setup, port](sim::WorldOptions& world) {
    if (!world.cluster.balancer) return;
    sim::apply_classroom(world.cluster, setup.address, setup.page, setup.settings);
    world.cluster.balancer_port = port;
  });
  return kExitOk;
}

int run_lesson(gui::GuiApp& app, gui::EventFeed& feed, const GuiCli& options) {
  std::vector<scenarios::LessonEntry> menu = scenarios::list_lessons();
  std::string path = options.lesson;
  if (path.empty()) {
    if (menu.empty()) {
      std::cerr << "scaleout gui: no lessons in " << scenarios::lessons_dir()
                << " (set SCALEOUT_LESSONS to the folder of the lesson files)\n";
      return kExitFailure;
    }
    path = menu.front().path;
  } else if (!std::filesystem::is_regular_file(path)) {
    path = scenarios::find_lesson(options.lesson);
    if (path.empty()) {
      std::cerr << "scaleout gui: '" << options.lesson
                << "' is neither a scenario file nor one lesson's number or name\n";
      print_lessons(menu);
      return kExitUsage;
    }
  }
  int selected = 0;
  for (size_t i = 0; i < menu.size(); ++i) {
    if (std::filesystem::equivalent(menu[i].path, path)) selected = static_cast<int>(i);
  }
  gui::LessonHost host(feed);
  host.set_ask_questions(!options.no_questions);
  if (options.classroom.enabled) {
    if (int code = share_lessons_with_class(app, host, options); code != kExitOk) return code;
  }
  std::string error;
  // The menu opens its first lesson paused: the teacher starts it with Continue or Play.
  const bool paused = options.window.paused || options.lesson.empty();
  if (!host.open(path, paused, options.step, &error)) {
    std::cerr << error << "\n";
    return kExitUsage;
  }
  if (options.speed != 1) {
    gui::LessonControls controls;
    controls.speed = options.speed;
    host.control(controls);
  }
  std::cout << "scaleout gui: lesson " << path << (paused ? " (paused: press Continue)" : "")
            << std::endl;
  app.show_lessons(host, std::move(menu), selected);
  return run_window(app, options);
}

int run_gui(GuiCli& options) {
  std::vector<sim::WorldCommand> commands;
  if (std::string problem = finish_world_options(options.world, commands); !problem.empty()) {
    std::cerr << "scaleout gui: " << problem << "\n";
    return kExitUsage;
  }
  if (std::string problem = finish_window_options(options); !problem.empty()) {
    std::cerr << "scaleout gui: " << problem << "\n";
    return kExitUsage;
  }
  const bool lesson = options.lessons || !options.lesson.empty();
  if (lesson && !gui::display_available()) {
    std::cerr << "scaleout gui: no display (DISPLAY is not set) to show the lesson in; `"
              << self_command() << " play N` plays a lesson in the terminal\n";
    print_lessons(scenarios::list_lessons());
    return kExitFailure;
  }
  if (!gui::display_available()) {
    std::cerr << "scaleout gui: no display (DISPLAY is not set): run `" << self_command()
              << " cluster --stats` for the terminal view, or `xvfb-run -a " << self_command()
              << " gui --screenshot out.png` to render the window off screen\n";
    return kExitFailure;
  }
  block_stop_signals();
  gui::EventFeed feed;
  options.window.seek_seconds = options.seek;
  gui::GuiApp app(options.window, feed);
  std::unique_ptr<StdinLines> control;
  if (options.control_stdin) {
    control = std::make_unique<StdinLines>([] { gui::wake_frame_loop(); });
    app.take_control_lines([lines = control.get()] { return lines->take(); });
  }

  if (lesson) return run_lesson(app, feed, options);
  if (!options.observe.empty()) {
    std::string error;
    auto target = observe_target(options.observe, &error);
    if (!target) {
      std::cerr << "scaleout gui: " << error << "\n";
      return kExitUsage;
    }
    sim::AdapterWatch watch(*target, options.key, feed);
    watch.set_status_handler([](bool up, const std::string& reason) {
      std::cerr << "scaleout gui: redis " << (up ? "up: " : "down: ") << reason << std::endl;
    });
    watch.start();
    std::cout << "scaleout gui: observing " << target->describe() << " (key " << options.key
              << "), read-only" << std::endl;
    app.show_observed(target->describe() + " (" + options.key + ")");
    const int status = run_window(app, options);
    watch.stop();
    return status;
  }
  if (!options.replay.empty()) {
    std::unique_ptr<gui::ReplaySource> replay;
    try {
      replay = std::make_unique<gui::ReplaySource>(options.replay);
    } catch (const std::exception& error) {
      std::cerr << "scaleout gui: " << error.what() << "\n";
      return kExitUsage;
    }
    std::cout << "scaleout gui: playing " << replay->events() << " events of " << replay->name()
              << std::endl;
    app.show_recording(*replay);
    if (!options.window.select_mid.empty()) {
      const std::string message = app.describe_message(options.window.select_mid);
      if (message.empty()) {
        std::cerr << "scaleout gui: no event of message " << options.window.select_mid
                  << " in the recording\n";
        return kExitUsage;
      }
      std::cout << "scaleout gui: " << message << std::endl;
    }
    return run_window(app, options);
  }

  if (int code = prepare_classroom(options.classroom, options.world.world.cluster, "scaleout gui");
      code != kExitOk) {
    return code;
  }
  std::unique_ptr<sim::JsonlTraceWriter> writer;
  if (!options.trace_path.empty()) {
    try {
      writer = std::make_unique<sim::JsonlTraceWriter>(options.trace_path);
    } catch (const std::exception& error) {
      std::cerr << "scaleout gui: " << error.what() << "\n";
      return kExitFailure;
    }
  }
  sim::World world(options.world.world);
  world.add_trace_sink(&feed);
  if (writer) world.add_trace_sink(writer.get());
  world.set_notice_handler([](const std::string& server, const std::string& text) {
    std::cerr << "scaleout: [" << server << "] " << text << std::endl;
  });
  try {
    world.start();
  } catch (const std::exception& error) {
    std::cerr << "scaleout gui: " << error.what() << "\n";
    return kExitFailure;
  }
  warn_if_exposed(options.world.world.cluster.server.bind_address);
  if (auto* balancer = world.cluster().balancer()) {
    std::cout << "scaleout gui: load balancer on " << balancer->url() << std::endl;
  }
  if (options.classroom.enabled) {
    const sim::ClusterOptions& cluster = options.world.world.cluster;
    const uint16_t port = world.cluster().balancer()->port();
    print_classroom(cluster, port);
    gui::ClassroomView view;
    view.url = sim::classroom_url(cluster.balancer_bind_address, port);
    view.notice = sim::classroom_notice(view.url, cluster);
    std::string error;
    if (auto code = sim::make_qr_code(view.url, &error)) {
      view.qr_size = code->size;
      view.qr_modules = code->modules;
    }
    app.show_classroom(std::move(view));
  }
  for (auto& command : commands)
    world.submit(std::move(command));
  app.show_world(world);
  const int status = run_window(app, options);
  world.stop();
  return status;
}

}  // namespace

Command add_gui_command(CLI::App& app) {
  auto options = std::make_shared<GuiCli>();
  options->world.world.cluster.servers = 3;
  options->world.world.bots.count = 24;
  options->world.world.bots.rooms = 3;
  options->world.world.bots.says_per_second = 4;
  CLI::App* command = app.add_subcommand("gui",
                                         "Open the window on a live cluster (the default world), a "
                                         "lesson, a recording, or any deployment's Redis");
  add_world_options(*command, options->world);
  add_classroom_options(*command, options->classroom);
  command->add_option("lesson", options->lesson,
                      "A lesson to play in the window: a scenario file (FILE.yaml), or a lesson "
                      "of scenarios/lessons by its number (3) or name (03-redis-adapter)");
  command->add_flag("--lessons", options->lessons,
                    "The lesson menu, with the first lesson open and paused (what `scaleout` "
                    "alone opens)");
  command->add_option("--step", options->step, "With a lesson: open it at this step (its id)");
  command
      ->add_option("--speed", options->speed,
                   "With a lesson: the pace of its steps, 0.1 to 10 (the world itself runs at "
                   "its own speed)")
      ->check(CLI::Range(0.1, 10.0));
  command
      ->add_option("--replay", options->replay,
                   "Play trace files (JSON lines) instead of running a world; several files "
                   "(of separate `serve` processes) merge by time")
      ->check(CLI::ExistingFile);
  command
      ->add_option(
          "--observe", options->observe,
          "Watch any deployment's adapter traffic instead of running a world, read-only: "
          "redis://[[user]:password@]host[:port] (ours and Node's @socket.io/redis-adapter; "
          "a node of a Redis Cluster means the whole cluster), or a cluster's seeds "
          "[[user]:password@]host:port,host:port. The sharded adapter is followed through "
          "MONITOR on each primary")
      ->excludes("--replay");
  command->add_option("--key", options->key, "With --observe: the adapter's channel prefix")
      ->capture_default_str();
  command->add_flag("--summary", options->summary,
                    "At exit, print what the window showed as one JSON object (servers, clients, "
                    "rooms, channels, messages, losses), for scripts");
  command
      ->add_option("--seek", options->seek,
                   "With --replay: start this many seconds into the recording")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--select-mid", options->window.select_mid,
                      "With --replay: open this message's sequence diagram at its start");
  command->add_flag("--no-questions", options->no_questions,
                    "With a lesson: show its questions without stopping for them (by default a "
                    "question's step waits for Continue, and so does the step after it)");
  command->add_flag("--paused", options->window.paused,
                    "With --replay: start paused; with a lesson: wait for Continue or Play");
  command->add_option("--trace", options->trace_path,
                      "Also record the live world's trace in this file");
  command->add_option("--size", options->size, "Window size")->capture_default_str();
  command->add_option("--font-scale", options->window.font_scale, "Text and line size")
      ->capture_default_str()
      ->check(CLI::Range(0.75, 4.0));
  command->add_flag("--projector", options->projector,
                    "Large text on a light background, for the back of a room (font scale 1.5)");
  command->add_option("--theme", options->theme, "dark or light")
      ->check(CLI::IsMember({"dark", "light"}));
  command->add_option("--lang", options->lang, "Labels in English (en) or Korean (ko)")
      ->capture_default_str()
      ->check(CLI::IsMember({"en", "ko"}));
  command
      ->add_option(
          "--panel", options->panel,
          "The panel shown first: servers, rooms, channels, clients, redis, log, metrics, "
          "message, classroom, lesson, compare (a lesson's comparison), stores, autoscaler")
      ->check(CLI::IsMember({"servers", "rooms", "channels", "clients", "redis", "log", "metrics",
                             "message", "classroom", "lesson", "compare", "stores", "autoscaler"}));
  command
      ->add_option("--hop-ms", options->window.hop_ms,
                   "The least time one hop of a message takes on screen")
      ->capture_default_str()
      ->check(CLI::Range(0, 5000));
  command->add_option("--screenshot", options->window.screenshot,
                      "Render --frames frames, save the last as this PNG file, and exit");
  command
      ->add_option("--frames", options->window.frames,
                   "Frames to render before the screenshot (default 120, about 2 s)")
      ->check(CLI::Range(1, 1000000));
  command->add_flag("--control-stdin", options->control_stdin,
                    "Obey lines on standard input, for scripts: continue, back, play, pause, "
                    "restart (a lesson's controls), summary (print what the window shows as "
                    "JSON), screenshot FILE.png, quit, or any world command");
  command->add_flag("--frame-stats", options->window.frame_stats,
                    "Print the frame time's p50 and p99 at exit");
  return {command, [options] { return run_gui(*options); }};
}

}  // namespace scaleout::cli
