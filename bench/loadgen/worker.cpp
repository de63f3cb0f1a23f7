// Worker: one io thread of the load generator (see worker.hpp).
#include "worker.hpp"

#include <boost/asio/post.hpp>

#include "frame_scan.hpp"

namespace scaleout::bench {

namespace asio = boost::asio;
using protocol::Json;

Worker::Worker() : work_(asio::make_work_guard(io_)) {}

Worker::~Worker() {
  stop();
}

void Worker::start() {
  thread_ = std::thread([this] { run_thread(); });
}

// Runs the io_context as usual until start_batching() stops it; from then on, handles what is
// ready once per period and sleeps in between, outside epoll_wait.
void Worker::run_thread() {
  io_.run();
  while (!stopping_.load()) {
    io_.restart();
    io_.poll();
    const int64_t period = batch_period_ms_.load();
    if (!stopping_.load() && period > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(period));
    }
  }
}

void Worker::stop() {
  if (!thread_.joinable()) return;
  std::promise<void> aborted;
  asio::post(io_, [this, &aborted] {
    pacer_.reset();
    for (auto& client : clients_) {
      if (client) client->abort();
    }
    clients_.clear();
    aborted.set_value();
  });
  aborted.get_future().wait();
  stopping_ = true;
  work_.reset();
  io_.stop();
  thread_.join();
}

void Worker::connect(std::vector<ClientSpec> specs, size_t window, bool join) {
  for (const auto& spec : specs)
    publishers_count_ += spec.role == Role::kPublisher ? 1 : 0;
  asio::post(io_, [this, specs = std::move(specs), window, join]() mutable {
    specs_ = std::move(specs);
    clients_.assign(specs_.size(), nullptr);
    window_ = std::max<size_t>(1, window);
    join_ = join;
    next_ = 0;
    connect_more();
  });
}

void Worker::connect_more() {
  while (in_flight_ < window_ && next_ < specs_.size())
    connect_one(next_++);
}

void Worker::connect_one(size_t index) {
  const ClientSpec& spec = specs_[index];
  sim::ClientOptions options;
  options.host = spec.server.host;
  options.port = spec.server.port;
  options.path = spec.server.path;
  // Thousands of handshakes queue up at a busy server: be patient rather than fail.
  options.connect_timeout = std::chrono::seconds(60);
  auto client = sim::Client::create(io_, options);
  clients_[index] = client;
  install_handlers(*client, spec.role);
  ++in_flight_;
  client->connect([this, index](const std::string& error) { on_connected(index, error); });
}

void Worker::on_connected(size_t index, const std::string& error) {
  if (!error.empty()) {
    bump(failed_);
    note_error("connect: " + error);
    on_client_done();
    return;
  }
  bump(connected_);
  if (!join_) {
    on_client_done();
    return;
  }
  clients_[index]->emit("join", Json::array({specs_[index].room_name}), [this](Json) {
    bump(joined_);
    on_client_done();
  });
}

void Worker::on_client_done() {
  --in_flight_;
  connect_more();
}

void Worker::install_handlers(sim::Client& client, Role role) {
  if (role == Role::kLive) {
    client.on_raw_frame([this](std::string_view frame) {
      if (!is_said_frame(frame)) return false;
      bump(delivered_);
      if (auto ts = said_timestamp(frame)) latencies_.push_back(monotonic_ns() - *ts);
      return true;
    });
  } else {
    client.on_raw_frame([this](std::string_view frame) {
      if (!is_said_frame(frame)) return false;
      bump(delivered_);
      return true;
    });
  }
  client.on_disconnect([this](const std::string& reason) {
    bump(disconnected_);
    note_error("disconnected: " + reason);
  });
}

void Worker::start_batching(std::chrono::milliseconds period) {
  if (period.count() <= 0) return;
  batch_period_ms_ = period.count();
  // Ends the plain run(); run_thread() goes on polling.
  asio::post(io_, [this] { io_.stop(); });
}

std::future<std::vector<uint64_t>> Worker::publish(double rate, uint64_t total, size_t rooms,
                                                   size_t payload_bytes) {
  auto promise = std::make_shared<std::promise<std::vector<uint64_t>>>();
  auto future = promise->get_future();
  asio::post(io_, [this, promise, rate, total, rooms, payload_bytes] {
    if (!pacer_) {
      std::vector<Publisher> publishers;
      for (size_t i = 0; i < specs_.size(); ++i) {
        if (specs_[i].role != Role::kPublisher) continue;
        publishers.push_back({clients_[i], specs_[i].room, specs_[i].room_name});
      }
      pacer_ = std::make_unique<Pacer>(io_, std::move(publishers), rooms, payload_bytes);
    }
    pacer_->run(rate, total,
                [promise](std::vector<uint64_t> sent) { promise->set_value(std::move(sent)); });
  });
  return future;
}

std::future<std::vector<int64_t>> Worker::take_latencies() {
  auto promise = std::make_shared<std::promise<std::vector<int64_t>>>();
  auto future = promise->get_future();
  asio::post(io_, [this, promise] {
    std::vector<int64_t> taken;
    taken.swap(latencies_);
    promise->set_value(std::move(taken));
  });
  return future;
}

std::string Worker::first_error() const {
  std::lock_guard lock(error_mutex_);
  return first_error_;
}

void Worker::note_error(const std::string& error) {
  std::lock_guard lock(error_mutex_);
  if (first_error_.empty()) first_error_ = error;
}

}  // namespace scaleout::bench
