// Plain text: what the classroom's people may call themselves, call a room, or say. Whatever a
// student types ends up in other students' pages, on the teacher's projector, in the trace and
// in reports, so a limited field must be valid UTF-8 of a bounded number of characters with
// nothing that changes how the text around it is shown: no control characters (C0, DEL, C1), no
// bidirectional embeddings, overrides or isolates, no line or paragraph separators. Markup is
// fine: `<b>` is four characters that every reader shows as such (pages set textContent).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace scaleout::sim {

// Unicode code points in `utf8`; nullopt when it is not valid UTF-8.
std::optional<size_t> count_characters(std::string_view utf8);

// Empty when `text` is plain text of 1 to `max_chars` characters; otherwise what is wrong, for
// the person who typed it, starting with `what` ("name: at most 24 characters").
std::string check_plain_text(std::string_view what, std::string_view text, size_t max_chars);

}  // namespace scaleout::sim
