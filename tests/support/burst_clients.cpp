// Burst clients: a member that counts what it reads, and a publisher that floods a room.
#include "support/burst_clients.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <future>
#include <stdexcept>

namespace scaleout::test {

namespace asio = boost::asio;
using protocol::Json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(10);
constexpr std::string_view kSaid = R"(42["said",)";
// A `said` with a binary attachment: its first frame (the attachment follows, for the decoder).
constexpr std::string_view kBinarySaid = R"(451-["said",)";

// The message number of a raw `said` frame ({"n":123,...}), or -1.
int64_t message_number(std::string_view frame) {
  const size_t at = frame.find(R"("n":)");
  if (at == std::string_view::npos) return -1;
  int64_t n = -1;
  std::from_chars(frame.data() + at + 4, frame.data() + frame.size(), n);
  return n;
}

// Connects a client on `thread`, hands every raw `said` frame to `on_said`, and joins `room`.
std::shared_ptr<sim::Client> connect_and_join(ClientThread& thread, uint16_t port,
                                              const std::string& room,
                                              std::function<void(std::string_view)> on_said,
                                              std::function<void(const std::string&)> on_gone) {
  // Shared with the handlers, which may outlive this call when the server is too slow.
  auto connected = std::make_shared<std::promise<std::string>>();
  auto joined = std::make_shared<std::promise<void>>();
  auto connected_result = connected->get_future();
  auto joined_result = joined->get_future();
  std::shared_ptr<sim::Client> client;
  thread.run([&] {
    sim::ClientOptions options;
    options.port = port;
    client = sim::Client::create(thread.io(), options);
    client->on_raw_frame([on_said](std::string_view frame) {
      if (frame.starts_with(kBinarySaid)) {
        on_said(frame);
        return false;  // the decoder must see it to take the attachment after it
      }
      if (!frame.starts_with(kSaid)) return false;
      on_said(frame);
      return true;
    });
    client->on_disconnect(on_gone);
    client->connect(
        [connected, joined, weak = std::weak_ptr(client), room](const std::string& error) {
          connected->set_value(error);
          auto self = weak.lock();
          if (error.empty() && self) {
            self->emit("join", Json::array({room}), [joined](const Json&) { joined->set_value(); });
          }
        });
  });
  if (connected_result.wait_for(kConnectTimeout) != std::future_status::ready) {
    throw std::runtime_error("burst client: no connection within 10 s");
  }
  if (std::string error = connected_result.get(); !error.empty()) {
    throw std::runtime_error("burst client: " + error);
  }
  if (joined_result.wait_for(kConnectTimeout) != std::future_status::ready) {
    throw std::runtime_error("burst client: join not acknowledged within 10 s");
  }
  return client;
}

}  // namespace

ClientThread::ClientThread() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

ClientThread::~ClientThread() {
  work_.reset();
  io_.stop();
  thread_.join();
}

void ClientThread::run(const std::function<void()>& task) {
  std::packaged_task<void()> job(task);
  auto done = job.get_future();
  asio::post(io_, [&job] { job(); });
  done.get();
}

// ---- member ------------------------------------------------------------------------------

BurstMember::BurstMember(uint16_t port, const std::string& room) {
  client_ = connect_and_join(
      thread_, port, room,
      [this](std::string_view frame) {
        const int64_t n = message_number(frame);
        if (n != static_cast<int64_t>(received_.load())) in_order_ = false;
        ++received_;
      },
      [this](const std::string& reason) {
        std::lock_guard lock(mutex_);
        disconnect_reason_ = reason;
        connected_ = false;
      });
  connected_ = true;
  thread_.run([this] { id_ = client_->id(); });
}

BurstMember::~BurstMember() {
  thread_.run([this] { client_->abort(); });
}

void BurstMember::pause_reading(bool paused) {
  thread_.run([this, paused] { client_->pause_reading(paused); });
}

std::string BurstMember::disconnect_reason() const {
  std::lock_guard lock(mutex_);
  return disconnect_reason_;
}

// ---- publisher ---------------------------------------------------------------------------

namespace {

// The says in flight, kept on the publisher's thread.
struct Flood : std::enable_shared_from_this<Flood> {
  explicit Flood(boost::asio::io_context& io) : pacer(io) {}

  std::shared_ptr<sim::Client> client;
  std::string room;
  std::string pad;
  bool binary_pad = false;
  uint64_t window = 1;
  int per_second = 0;
  Clock::time_point started;
  Clock::time_point until;
  boost::asio::steady_timer pacer;
  std::atomic<uint64_t> said{0};
  std::atomic<uint64_t> acked{0};

  // How many says the pace allows by now.
  uint64_t allowed() const {
    if (per_second == 0) return UINT64_MAX;
    const auto elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    return static_cast<uint64_t>(elapsed * per_second) + 1;
  }

  void pump() {
    while (client->connected() && said - acked < window && said < allowed() &&
           Clock::now() < until) {
      Json message{{"room", room}, {"n", said.load()}};
      message["pad"] =
          binary_pad ? Json::binary(std::vector<uint8_t>(pad.begin(), pad.end())) : Json(pad);
      client->emit("say", Json::array({std::move(message)}),
                   [self = shared_from_this()](const Json&) {
                     ++self->acked;
                     self->pump();
                   });
      ++said;
    }
  }

  // With a pace, the pump is also turned every few milliseconds.
  void tick() {
    pump();
    if (per_second == 0 || Clock::now() >= until) return;
    pacer.expires_after(std::chrono::milliseconds(5));
    pacer.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error) self->tick();
    });
  }
};

}  // namespace

BurstPublisher::BurstPublisher(uint16_t port, const std::string& room) : room_(room) {
  client_ = connect_and_join(
      thread_, port, room, [this](std::string_view) { ++received_; },
      [this](const std::string& reason) {
        std::lock_guard lock(mutex_);
        disconnect_reason_ = reason;
        connected_ = false;
      });
  connected_ = true;
  thread_.run([this] { id_ = client_->id(); });
}

BurstPublisher::~BurstPublisher() {
  thread_.run([this] { client_->abort(); });
}

FloodResult BurstPublisher::flood(size_t pad_bytes, std::chrono::milliseconds duration, int window,
                                  int per_second, bool binary_pad,
                                  std::chrono::milliseconds settle) {
  auto flood = std::make_shared<Flood>(thread_.io());
  flood->client = client_;
  flood->room = room_;
  flood->pad.assign(pad_bytes, 'x');
  flood->window = static_cast<uint64_t>(window);
  flood->per_second = per_second;
  flood->binary_pad = binary_pad;
  const auto started = Clock::now();
  flood->started = started;
  flood->until = started + duration;
  thread_.run([flood] { flood->tick(); });
  std::this_thread::sleep_until(flood->until);  // the flood runs on the client's thread
  const auto deadline = Clock::now() + settle;
  while (connected_ && flood->acked < flood->said && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  FloodResult result;
  thread_.run([&] {
    result.said = flood->said;
    result.acked = flood->acked;
  });
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return result;
}

std::string BurstPublisher::disconnect_reason() const {
  std::lock_guard lock(mutex_);
  return disconnect_reason_;
}

}  // namespace scaleout::test
