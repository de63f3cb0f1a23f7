// ClassroomPage: reading the page's files and the socket.io-client bundle.
#include "scaleout/web/classroom_page.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "scaleout/protocol/json.hpp"

namespace scaleout::sim {

namespace {

// Where the bundle and its package.json sit under the web folder once `npm ci` ran there.
constexpr const char* kClientPackage = "node_modules/socket.io-client";

struct Source {
  const char* url_path;
  const char* file;  // under the web folder
  const char* content_type;
};

constexpr Source kSources[] = {
    {"/", "classroom/index.html", "text/html; charset=utf-8"},
    {"/classroom.css", "classroom/classroom.css", "text/css; charset=utf-8"},
    {"/classroom.js", "classroom/classroom.js", "application/javascript; charset=utf-8"},
    {"/favicon.svg", "classroom/favicon.svg", "image/svg+xml"},
    // Node's socket.io serves the client bundle with this type.
    {"/socket.io/socket.io.min.js", "node_modules/socket.io-client/dist/socket.io.min.js",
     "application/javascript; charset=utf-8"},
};

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string etag_of(const std::string& body) {
  char text[32];
  std::snprintf(text, sizeof text, "\"%016zx\"", std::hash<std::string>{}(body));
  return text;
}

}  // namespace

std::string ClassroomPage::default_dir() {
  if (const char* dir = std::getenv("SCALEOUT_WEB_DIR"); dir && *dir) return dir;
  return SCALEOUT_WEB_DIR;
}

std::shared_ptr<const ClassroomPage> ClassroomPage::load(const std::string& web_dir,
                                                         std::string* error) {
  auto page = std::make_shared<ClassroomPage>();
  for (const Source& source : kSources) {
    const std::string path = web_dir + "/" + source.file;
    auto body = read_file(path);
    if (!body) {
      if (error) {
        *error = "the classroom page needs " + path + ", which is missing" +
                 (std::string_view(source.file).starts_with("node_modules")
                      ? ": run scripts/setup (it installs socket.io-client's browser bundle "
                        "from web/package-lock.json)"
                      : " (set SCALEOUT_WEB_DIR to the web/ folder of the source tree)");
      }
      return nullptr;
    }
    File file;
    file.content_type = source.content_type;
    file.etag = etag_of(*body);
    file.body = std::move(*body);
    file.document = std::string_view(source.url_path) == "/";
    page->files_.emplace(source.url_path, std::move(file));
  }
  if (auto package = read_file(web_dir + "/" + kClientPackage + "/package.json")) {
    auto json = protocol::Json::parse(*package, nullptr, /*allow_exceptions=*/false);
    if (json.is_object() && json.contains("version") && json["version"].is_string()) {
      page->client_version_ = json["version"].get<std::string>();
    }
  }
  return page;
}

const ClassroomPage::File* ClassroomPage::find(std::string_view target) const {
  const auto query = target.find('?');
  if (query != std::string_view::npos) target = target.substr(0, query);
  if (target == "/index.html") target = "/";
  auto found = files_.find(target);
  return found == files_.end() ? nullptr : &found->second;
}

}  // namespace scaleout::sim
