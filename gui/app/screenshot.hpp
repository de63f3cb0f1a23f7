// save_screenshot: the frame just rendered (the back buffer, before the swap) as a PNG file.
#pragma once

#include <optional>
#include <string>

#include "model/geometry.hpp"

namespace scaleout::gui {

// `region` (window pixels, top-left origin) crops the picture; the whole frame when empty.
bool save_screenshot(const std::string& path, int width, int height, std::string* error,
                     std::optional<Rect> region = std::nullopt);

}  // namespace scaleout::gui
