// QR codes of the classroom URL: libqrencode makes the matrix; the terminal text is ours.
#include <qrencode.h>

#include <cerrno>
#include <cstring>

#include "scaleout/world/classroom.hpp"

namespace scaleout::sim {

std::optional<QrCode> make_qr_code(std::string_view text, std::string* error) {
  const std::string input(text);
  QRcode* encoded = QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M);
  if (!encoded) {
    if (error) *error = std::string("cannot make a QR code of '") + input + "': " + strerror(errno);
    return std::nullopt;
  }
  QrCode code;
  code.size = encoded->width;
  code.modules.resize(static_cast<size_t>(code.size) * code.size);
  for (size_t i = 0; i < code.modules.size(); ++i)
    code.modules[i] = encoded->data[i] & 1;  // bit 0: dark; the other bits say what it encodes
  QRcode_free(encoded);
  return code;
}

std::string qr_code_for_terminal(const QrCode& code, bool ansi) {
  const int margin = QrCode::kQuietZone;
  const int side = code.size + 2 * margin;
  auto dark = [&](int x, int y) {
    x -= margin;
    y -= margin;
    return x >= 0 && y >= 0 && x < code.size && y < code.size && code.dark(x, y);
  };
  std::string out;
  for (int y = 0; y < side; y += 2) {
    if (ansi) out += "\x1b[30;107m";  // black on bright white
    for (int x = 0; x < side; ++x) {
      const bool top = dark(x, y);
      const bool bottom = y + 1 < side && dark(x, y + 1);
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    if (ansi) out += "\x1b[0m";
    out += '\n';
  }
  return out;
}

}  // namespace scaleout::sim
