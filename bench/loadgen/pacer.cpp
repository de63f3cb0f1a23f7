// Pacer: timed `say`s from the publishers (see pacer.hpp).
#include "pacer.hpp"

#include <algorithm>
#include <cmath>

#include "frame_scan.hpp"

namespace scaleout::bench {

using protocol::Json;

Pacer::Pacer(boost::asio::io_context& io, std::vector<Publisher> publishers, size_t rooms,
             size_t payload_bytes)
    : timer_(io),
      publishers_(std::move(publishers)),
      pad_(payload_bytes, 'x'),
      sent_per_room_(rooms, 0) {}

void Pacer::run(double rate, uint64_t total, Done done) {
  rate_ = rate;
  total_ = total;
  sent_ = 0;
  ticks_ = 0;
  done_ = std::move(done);
  std::fill(sent_per_room_.begin(), sent_per_room_.end(), 0);
  // A wake-up costs far more than a say here: never tick faster than once a millisecond.
  const double period_ns = std::max(1e6, 1e9 / rate);
  period_ = std::chrono::nanoseconds(static_cast<int64_t>(period_ns));
  start_ = std::chrono::steady_clock::now();
  on_tick();
}

void Pacer::schedule() {
  timer_.expires_at(start_ + period_ * ++ticks_);
  timer_.async_wait([this](boost::system::error_code error) {
    if (!error) on_tick();
  });
}

void Pacer::on_tick() {
  if (publishers_.empty()) total_ = 0;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // The first say leaves at once; then rate * elapsed of them are due.
  const auto due = std::min<uint64_t>(total_, static_cast<uint64_t>(rate_ * elapsed) + 1);
  while (sent_ < due)
    send_one();
  if (sent_ >= total_) {
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(sent_per_room_);
    return;
  }
  schedule();
}

void Pacer::send_one() {
  Publisher& publisher = publishers_[sent_ % publishers_.size()];
  ++sent_;
  ++sent_per_room_[publisher.room];
  Json say = {{"room", publisher.room_name}, {"ts", monotonic_ns()}, {"pad", pad_}};
  publisher.client->emit("say", Json::array({std::move(say)}));
}

}  // namespace scaleout::bench
