// save_trace: everything the window keeps (a live run's history, or a recording) written as a
// trace file (JSON lines, docs/trace-format.md) that `scaleout replay` and `scaleout gui --replay`
// read back.
#pragma once

#include <string>

#include "model/event_store.hpp"

namespace scaleout::gui {

bool save_trace(const EventStore& store, const std::string& path, std::string* error);

}  // namespace scaleout::gui
