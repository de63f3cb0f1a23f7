// save_screenshot: glReadPixels, flipped to top-down rows, written by stb_image_write (libstb).
#include "app/screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <vector>

namespace scaleout::gui {

bool save_screenshot(const std::string& path, int width, int height, std::string* error,
                     std::optional<Rect> region) {
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  const size_t row = static_cast<size_t>(width) * 4;
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < height; ++y) {
    std::copy_n(pixels.data() + static_cast<size_t>(height - 1 - y) * row, row,
                flipped.data() + static_cast<size_t>(y) * row);
  }
  // Opaque: the window has no alpha to keep.
  for (size_t i = 3; i < flipped.size(); i += 4)
    flipped[i] = 255;
  int x0 = 0;
  int y0 = 0;
  int w = width;
  int h = height;
  if (region) {
    x0 = std::clamp(static_cast<int>(region->x0), 0, width - 1);
    y0 = std::clamp(static_cast<int>(region->y0), 0, height - 1);
    w = std::clamp(static_cast<int>(region->x1) - x0, 1, width - x0);
    h = std::clamp(static_cast<int>(region->y1) - y0, 1, height - y0);
  }
  const unsigned char* first = flipped.data() + static_cast<size_t>(y0) * row + x0 * 4;
  if (!stbi_write_png(path.c_str(), w, h, 4, first, static_cast<int>(row))) {
    if (error) *error = "cannot write the screenshot " + path;
    return false;
  }
  return true;
}

}  // namespace scaleout::gui
