// ClassroomPage: the classroom chat page that students open (web/classroom: the HTML, one
// stylesheet, one script, an icon) and the stock socket.io-client browser bundle it runs on,
// which scripts/setup installs from web/package-lock.json
// (web/node_modules/socket.io-client/dist/socket.io.min.js). Everything is read once, when the
// program starts, and then served from memory by the load balancer and by every server: the page
// at `/`, the bundle at `/socket.io/socket.io.min.js` as Node's socket.io serves it. Nothing is
// downloaded, at build time or at run time.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace scaleout::sim {

class ClassroomPage {
 public:
  struct File {
    std::string content_type;
    std::string body;
    std::string etag;       // quoted, from the content
    bool document = false;  // the HTML page, which gets the Content-Security-Policy
  };

  // Reads the page and the bundle under `web_dir`. Null, with `error` saying which file is
  // missing and what to run, when one cannot be read.
  static std::shared_ptr<const ClassroomPage> load(const std::string& web_dir, std::string* error);
  // $SCALEOUT_WEB_DIR when set, otherwise the web/ folder of the source tree this program was
  // built from.
  static std::string default_dir();

  // The file a request target names ("/", "/classroom.js", "/socket.io/socket.io.min.js"; any
  // query is ignored), or null.
  const File* find(std::string_view target) const;
  // The socket.io-client version the bundle comes from (its package.json).
  const std::string& client_version() const { return client_version_; }

 private:
  std::map<std::string, File, std::less<>> files_;
  std::string client_version_;
};

}  // namespace scaleout::sim
