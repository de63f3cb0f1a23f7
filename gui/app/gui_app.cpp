// GuiApp: GLFW + OpenGL 3 + Dear ImGui, the paced frame loop, screenshots.
#include "app/gui_app.hpp"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <utility>

#include "app/save_trace.hpp"
#include "app/screenshot.hpp"
#include "draw/draw.hpp"
#include "model/class_tally.hpp"
#include "model/message_story.hpp"
#include "scaleout/adapter/clock.hpp"
#include "scaleout/protocol/json.hpp"
#include "scaleout/scenarios/compare.hpp"

namespace scaleout::gui {

namespace {

constexpr double kBusyFrame = 1.0 / 60;
constexpr double kIdleWait = 0.25;
// Frames keep coming this long after the last input or change, so that hover and animations
// settle before the loop slows down.
constexpr double kLinger = 0.5;

std::string glfw_error;

void remember_glfw_error(int, const char* description) {
  glfw_error = description ? description : "unknown GLFW error";
}

double quantile(std::vector<float> values, double q) {
  if (values.empty()) return 0;
  const size_t at = std::min(values.size() - 1, static_cast<size_t>(q * values.size()));
  std::nth_element(values.begin(), values.begin() + static_cast<long>(at), values.end());
  return values[at];
}

float milliseconds(std::chrono::steady_clock::duration duration) {
  return static_cast<float>(std::chrono::duration<double, std::milli>(duration).count());
}

}  // namespace

bool display_available() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x11 && *x11) || (wayland && *wayland);
}

void wake_frame_loop() {
  glfwPostEmptyEvent();
}

GuiApp::GuiApp(GuiOptions options, EventFeed& feed)
    : options_(std::move(options)),
      feed_(feed),
      model_(ViewModelOptions{HopOptions{static_cast<int64_t>(options_.hop_ms) * 1'000'000}}) {}

void GuiApp::show_recording(ReplaySource& replay) {
  replay_ = &replay;
  replay.load_into(model_);
  const int64_t start = std::min(
      replay.last_ns(), replay.first_ns() + static_cast<int64_t>(options_.seek_seconds * 1e9));
  ui_.clock.set(start);
  model_.show_moment(start);
  ui_.clock.set_playing(!options_.paused);
}

FrameStats GuiApp::frame_stats() const {
  FrameStats stats;
  stats.frames = frames_.size();
  // The first frames build fonts and upload textures: not what a user sees afterwards.
  const auto first = frames_.begin() + static_cast<long>(std::min<size_t>(frames_.size(), 5));
  auto spread = [&](auto field) {
    std::vector<float> values;
    for (auto frame = first; frame != frames_.end(); ++frame)
      values.push_back(static_cast<float>(field(*frame)));
    return Spread{quantile(values, 0.5), quantile(values, 0.99)};
  };
  const Spread total = spread([](const FrameSample& f) { return f.total_ms; });
  stats.p50_ms = total.p50;
  stats.p99_ms = total.p99;
  for (auto frame = first; frame != frames_.end(); ++frame)
    stats.max_ms = std::max<double>(stats.max_ms, frame->total_ms);
  stats.model_ms = spread([](const FrameSample& f) { return f.model_ms; });
  stats.build_ms = spread([](const FrameSample& f) { return f.build_ms; });
  stats.render_ms = spread([](const FrameSample& f) { return f.render_ms; });
  stats.vertices = spread([](const FrameSample& f) { return f.vertices; });
  stats.indices = spread([](const FrameSample& f) { return f.indices; });
  stats.draw_commands = spread([](const FrameSample& f) { return f.draw_commands; });
  return stats;
}

std::string GuiApp::summary() const {
  protocol::Json out;
  protocol::Json servers = protocol::Json::array();
  for (const auto& [name, server] : model_.world().servers()) {
    servers.push_back({{"name", name},
                       {"up", server.up},
                       {"adapter", server.adapter},
                       {"redis_up", !server.redis_known || server.redis_up}});
  }
  out["servers"] = servers;
  out["clients"] = model_.world().clients().size();
  protocol::Json rooms = protocol::Json::object();
  for (const auto& [nsp, by_room] : model_.world().rooms()) {
    for (const auto& [room, by_server] : by_room) {
      size_t members = 0;
      for (const auto& [server, sockets] : by_server)
        members += sockets.size();
      rooms[nsp + " " + room] = members;
    }
  }
  out["rooms"] = rooms;
  protocol::Json channels = protocol::Json::object();
  for (const auto& [name, channel] : model_.channels()) {
    channels[name] = {{"messages", channel.messages},
                      {"publishers", protocol::Json(channel.publishers)}};
  }
  out["channels"] = channels;
  out["events"] = model_.store().end() - model_.store().first();
  out["delivered"] = model_.delivered_total();
  out["lost"] = protocol::Json(model_.lost_by_reason());
  protocol::Json tabs = protocol::Json::array();
  for (const TabShown& tab : ui_.tabs_shown)
    tabs.push_back({{"label", tab.label}, {"row", tab.row}, {"fits", tab.fits}});
  out["tabs"] = tabs;
  if (const auto& lesson = ui_.lesson.view) {
    out["lesson"] = {{"path", ui_.lesson.path},
                     {"phase", scenarios::to_string(lesson->phase)},
                     {"progress", lesson_progress(*lesson)},
                     {"current_step", lesson->current_step},
                     {"passed", lesson->passed},
                     {"failed", lesson->failed},
                     {"checking", lesson->checking}};
    if (lesson->compare) {  // the Compare tab's table, as drawn
      protocol::Json rows = protocol::Json::array();
      for (const auto& row : lesson->compare->rows) {
        protocol::Json cells = protocol::Json::array();
        for (const auto& cell : row.cells)
          cells.push_back(cell.text);
        rows.push_back({{"label", row.label.en}, {"cells", cells}});
      }
      protocol::Json columns = protocol::Json::array();
      for (const auto& column : lesson->compare->columns)
        columns.push_back(column.name.en);
      out["lesson"]["compare"] = {{"columns", columns}, {"rows", rows}};
    }
    if (lesson->question != scenarios::QuestionState::kNone && ui_.lesson.scenario &&
        lesson->question_step >= 0) {
      // The question card's tally, as drawn: from the servers' own counts in the status.
      const std::string id = ui_.lesson.scenario->steps[lesson->question_step].id;
      const ClassTally tally = model_.status() ? class_tally(*model_.status(), id) : ClassTally{};
      protocol::Json servers = protocol::Json::array();
      for (const ServerTally& server : tally.servers)
        servers.push_back(
            {{"server", server.server}, {"counts", server.counts}, {"votes", server.votes}});
      protocol::Json latest = protocol::Json::array();
      for (const TallyVote& vote : tally.latest)
        latest.push_back({{"name", vote.name}, {"choice", vote.choice}, {"server", vote.cast_on}});
      out["question"] = {{"step", lesson->question_step},
                         {"id", id},
                         {"state", scenarios::to_string(lesson->question)},
                         {"tally",
                          {{"present", tally.present},
                           {"phase", tally.phase},
                           {"votes", tally.votes},
                           {"counts", tally.counts},
                           {"split", tally.split},
                           {"servers", servers},
                           {"latest", latest}}}};
    }
  }
  return out.dump();
}

std::string GuiApp::describe_message(const std::string& mid) const {
  const MessageStory story = build_story(model_.store(), model_.world(), mid);
  if (!story.found()) return {};
  return "message " + mid + ": " + std::to_string(story.hops.size()) + " hops, " +
         std::to_string(story.delivered) + " delivered, " + std::to_string(story.dropped) + " lost";
}

void GuiApp::reset_view() {
  model_ =
      ViewModel(ViewModelOptions{HopOptions{static_cast<int64_t>(options_.hop_ms) * 1'000'000}});
  ui_.canvas.layout_version = UINT64_MAX;
  ui_.timeline = TimelineState{};
  ui_.selected_mid.clear();
  ui_.selected_client.clear();
  names_version_ = 0;
}

void GuiApp::follow_lesson() {
  if (!lessons_) return;
  ui_.lesson.view = lessons_->view();
  ui_.lesson.scenario = lessons_->scenario();
  ui_.lesson.path = lessons_->path();
  if (auto world = lessons_->world(); world != lesson_world_) {
    lesson_world_ = std::move(world);
    world_ = lesson_world_.get();
    outcomes_seen_ = 0;
  }
  // The lesson's texts (Korean captions) need their glyphs in the atlas.
  if (ui_.lesson.scenario && ui_.lesson.path != lesson_texts_) {
    lesson_texts_ = ui_.lesson.path;
    const scenarios::Scenario& scenario = *ui_.lesson.scenario;
    std::vector<std::string> texts = {scenario.title.ko, scenario.summary.ko};
    for (const auto& step : scenario.steps) {
      texts.push_back(step.caption.ko);
      if (!step.question) continue;
      texts.push_back(step.question->text.ko);
      texts.push_back(step.question->explanation.ko);
      for (const auto& choice : step.question->choices)
        texts.push_back(choice.ko);
    }
    if (scenario.compare) {
      texts.push_back(scenario.compare->title.ko);
      for (const auto& column : scenario.compare->columns)
        texts.push_back(column.name.ko);
      for (const auto& row : scenario.compare->rows) {
        texts.push_back(row.label.ko);
        texts.push_back(scenarios::compare_metric_label(row.metric, true).ko);
      }
    }
    for (const auto& entry : ui_.lesson.menu) {
      texts.push_back(entry.title.ko);
      texts.push_back(entry.summary.ko);
    }
    std::erase_if(texts, [this](const std::string& text) { return fonts_cover(ui_.fonts, text); });
    if (!texts.empty()) {
      names_in_atlas_.insert(names_in_atlas_.end(), texts.begin(), texts.end());
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ui_.fonts = build_fonts(options_.font_scale, names_in_atlas_);
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  }
}

void GuiApp::serve_lesson_controls() {
  LessonControls controls = std::exchange(ui_.lesson.controls, LessonControls{});
  if (!lessons_ || !controls.any()) return;
  if (!controls.open_lesson.empty()) {
    std::string error;
    ui_.lesson.error.clear();
    if (!lessons_->open(controls.open_lesson, /*paused=*/true, "", &error)) {
      ui_.lesson.error = error;
    }
    return;
  }
  lessons_->control(controls);
}

void GuiApp::feed_model(int64_t wall_ns) {
  if (replay_) return;
  feed_.take(batch_);
  if (batch_.generation != feed_generation_) {
    feed_generation_ = batch_.generation;
    reset_view();
  }
  model_.apply(batch_, wall_ns);
  if (world_) model_.set_status(world_->status());
}

// The moment shown moves on while playing; a live run's past that catches up with the present
// follows the present again, and a recording stops at its end.
void GuiApp::move_moment() {
  const int64_t t = ui_.clock.tick(PlaybackClock::Clock::now());
  if (model_.showing_present() || !ui_.clock.playing()) return;
  const int64_t end = model_.store().last_time();
  if (t >= end) {
    ui_.clock.set_playing(false);
    if (!replay_) {
      model_.show_present();
      ui_.timeline.follow = true;
      return;
    }
    ui_.clock.set(end);
  }
  model_.play_to(std::min(t, end));
}

void GuiApp::serve_requests(int width, int height) {
  const std::string stamp = [] {
    char text[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", std::localtime(&now));
    return std::string(text);
  }();
  if (ui_.png_request) {
    const std::string path =
        ui_.png_request->path.empty() ? "scaleout-" + stamp + ".png" : ui_.png_request->path;
    std::string problem;
    ui_.last_outcome_ok = save_screenshot(path, width, height, &problem, ui_.png_request->region);
    ui_.last_outcome = ui_.last_outcome_ok ? "saved " + path : problem;
    std::cout << "scaleout gui: " << ui_.last_outcome << std::endl;
    ui_.png_request.reset();
  }
  if (!ui_.save_message.empty()) {
    ui_.save_message.clear();
    const std::string path = "scaleout-trace-" + stamp + ".jsonl";
    std::string problem;
    ui_.last_outcome_ok = save_trace(model_.store(), path, &problem);
    ui_.last_outcome = ui_.last_outcome_ok ? "saved " + path : problem;
  }
  if (!ui_.instant_replay.empty()) {
    model_.instant_replay(ui_.instant_replay, ui_.wall_ns);
    ui_.instant_replay.clear();
  }
}

void GuiApp::cover_new_names() {
  const sim::WorldModel& world = model_.world();
  if (world.version() == names_version_) return;
  names_version_ = world.version();
  std::vector<std::string> missing;
  for (uint32_t i = 0; i < world.client_count(); ++i) {
    const std::string& name = world.client(i).name;
    if (!name.empty() && !fonts_cover(ui_.fonts, name)) missing.push_back(name);
  }
  if (missing.empty()) return;
  names_in_atlas_.insert(names_in_atlas_.end(), missing.begin(), missing.end());
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ui_.fonts = build_fonts(options_.font_scale, names_in_atlas_);
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GuiApp::take_outcomes() {
  if (!world_) return;
  for (const auto& outcome : world_->outcomes_since(outcomes_seen_)) {
    outcomes_seen_ = outcome.id;
    ui_.last_outcome = outcome.command + ": " + outcome.message;
    ui_.last_outcome_ok = outcome.ok;
  }
}

int GuiApp::run(const std::atomic<bool>& stop, std::string* error) {
  glfwSetErrorCallback(remember_glfw_error);
  if (!glfwInit()) {
    if (error) *error = "cannot open a window: " + glfw_error;
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window =
      glfwCreateWindow(options_.width, options_.height, "Scaleout Sandbox", nullptr, nullptr);
  if (!window) {
    if (error) *error = "cannot create an OpenGL 3 window: " + glfw_error;
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(0);  // the loop paces itself (Xvfb has no vertical sync)

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  set_language(options_.language);
  ui_.live = replay_ == nullptr;
  ui_.controls = world_ != nullptr || lessons_ != nullptr;
  ui_.source_name = replay_ ? replay_->name() : source_name_;
  ui_.classroom = classroom_;
  ui_.hop_ms = options_.hop_ms;
  ui_.theme = make_theme(options_.dark, options_.font_scale);
  ui_.fonts = build_fonts(options_.font_scale);
  if (options_.panel) ui_.panel = *options_.panel;
  apply_theme(ui_.theme);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  int status = 0;
  int frame = 0;
  std::string pending_mid = options_.select_mid;
  auto last_frame = std::chrono::steady_clock::now();
  auto last_activity = last_frame;
  uint64_t seen_changes = 0;
  const bool capturing = !options_.screenshot.empty();
  while (!glfwWindowShouldClose(window) && !stop.load() && !quit_asked_) {
    const auto since_frame =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - last_frame).count();
    const auto since_activity =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - last_activity).count();
    const bool busy = capturing || since_activity < kLinger;
    const double wait = busy ? std::max(0.0, kBusyFrame - since_frame) : kIdleWait;
    if (wait > 0) glfwWaitEventsTimeout(wait);
    glfwPollEvents();

    const auto frame_start = std::chrono::steady_clock::now();
    const int64_t wall_ns = adapter::monotonic_ns();
    follow_lesson();
    serve_control_lines();
    feed_model(wall_ns);
    move_moment();
    model_.advance(wall_ns, replay_ ? replay_->last_ns() : wall_ns);
    take_outcomes();
    cover_new_names();
    ui_.now_ns = model_.showing_present() ? wall_ns : model_.shown_time();
    ui_.wall_ns = wall_ns;
    if (!pending_mid.empty() && !model_.store().empty()) {
      select_message(model_, ui_, pending_mid);
      pending_mid.clear();
    }
    if (model_.change_count() != seen_changes || model_.hops().animating(ui_.now_ns) ||
        model_.replay_hops().animating(wall_ns) || ui_.clock.playing() ||
        ImGui::GetIO().MouseDelta.x != 0 || ImGui::GetIO().MouseDelta.y != 0 ||
        ImGui::IsAnyItemActive()) {
      seen_changes = model_.change_count();
      last_activity = frame_start;
    }

    const auto build_start = std::chrono::steady_clock::now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    draw_main_window(model_, ui_);
    ImGui::Render();
    const auto render_start = std::chrono::steady_clock::now();
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 background = ImGui::ColorConvertU32ToFloat4(ui_.theme.background);
    glClearColor(background.x, background.y, background.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    serve_requests(width, height);
    if (summary_asked_) {
      summary_asked_ = false;
      std::cout << summary() << std::endl;
    }
    ++frame;
    if (capturing && frame >= options_.frames) {
      std::string problem;
      if (!save_screenshot(options_.screenshot, width, height, &problem)) {
        if (error) *error = problem;
        status = 1;
      }
      glfwSwapBuffers(window);
      break;
    }
    glfwSwapBuffers(window);
    const auto frame_end = std::chrono::steady_clock::now();
    ui_.frame_ms = milliseconds(frame_end - frame_start);
    const ImDrawData* drawn = ImGui::GetDrawData();
    FrameSample sample{ui_.frame_ms,
                       milliseconds(build_start - frame_start),
                       milliseconds(render_start - build_start),
                       milliseconds(frame_end - render_start),
                       drawn->TotalVtxCount,
                       drawn->TotalIdxCount,
                       0};
    for (int i = 0; i < drawn->CmdListsCount; ++i)
      sample.draw_commands += drawn->CmdLists[i]->CmdBuffer.Size;
    frames_.push_back(sample);
    last_frame = frame_start;

    if (world_) {
      for (auto& command : ui_.commands)
        world_->submit(std::move(command));
    }
    ui_.commands.clear();
    serve_lesson_controls();
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace scaleout::gui
