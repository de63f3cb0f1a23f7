// save_screenshot: the frame just rendered (the back buffer, before the swap) as a PNG file.
#pragma once

#include <string>

namespace scaleout::gui {

bool save_screenshot(const std::string& path, int width, int height, std::string* error);

}  // namespace scaleout::gui
