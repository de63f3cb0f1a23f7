// save_screenshot: glReadPixels, flipped to top-down rows, written by stb_image_write (libstb).
#include "app/screenshot.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <vector>

namespace scaleout::gui {

bool save_screenshot(const std::string& path, int width, int height, std::string* error) {
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
  if (!stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(row))) {
    if (error) *error = "cannot write the screenshot " + path;
    return false;
  }
  return true;
}

}  // namespace scaleout::gui
