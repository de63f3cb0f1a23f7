// AdapterObserver: how an adapter reports what it does with Redis, so that the trace (in sim/)
// can show every publish, every message received and every message it could not use, without
// the adapter knowing about the trace. Called on the server's thread; must not block.
#pragma once

#include <string_view>

namespace scaleout::adapter {

class AdapterObserver {
 public:
  virtual ~AdapterObserver() = default;
  // `sent` is false when the link was down or saturated and the message was dropped.
  virtual void on_publish(std::string_view nsp, std::string_view channel, size_t bytes,
                          std::string_view mid, bool sent) = 0;
  virtual void on_redis_receive(std::string_view nsp, std::string_view channel, size_t bytes,
                                std::string_view origin_uid, std::string_view mid) = 0;
  virtual void on_adapter_error(std::string_view nsp, std::string_view message) = 0;
};

// For adapters nobody watches.
class NullAdapterObserver : public AdapterObserver {
 public:
  void on_publish(std::string_view, std::string_view, size_t, std::string_view, bool) override {}
  void on_redis_receive(std::string_view, std::string_view, size_t, std::string_view,
                        std::string_view) override {}
  void on_adapter_error(std::string_view, std::string_view) override {}
};

}  // namespace scaleout::adapter
