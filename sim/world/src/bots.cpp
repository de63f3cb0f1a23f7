// Bots: connect, join, chat, and come back after a lost connection.
#include "scaleout/world/bots.hpp"

#include <boost/asio/post.hpp>
#include <future>

namespace scaleout::sim {

namespace {

constexpr const char* kPhrases[] = {
    "hello from the other side", "anyone here?", "scaling out is fun",  "redis says hi",
    "which server are you on?",  "ping",         "the weather is fine", "let's move rooms",
    "what did I miss?",          "brb",
};

}  // namespace

Bots::Bots(BotOptions options)
    : options_(std::move(options)), chat_timer_(io_), rate_(options_.says_per_second) {}

Bots::~Bots() {
  stop();
}

void Bots::start() {
  if (thread_.joinable()) return;
  work_.emplace(io_.get_executor());
  for (int i = 0; i < options_.count; ++i) {
    auto bot = std::make_unique<Bot>();
    bot->index = i;
    bot->retry = std::make_unique<boost::asio::steady_timer>(io_);
    bots_.push_back(std::move(bot));
  }
  boost::asio::post(io_, [this] {
    for (auto& bot : bots_)
      connect(*bot);
    schedule_say();
  });
  thread_ = std::thread([this] { io_.run(); });
}

void Bots::stop() {
  if (!thread_.joinable()) return;
  std::promise<void> done;
  boost::asio::post(io_, [this, &done] {
    stopping_ = true;
    chat_timer_.cancel();
    for (auto& bot : bots_) {
      bot->retry->cancel();
      if (bot->client) bot->client->close();
    }
    done.set_value();
  });
  done.get_future().wait();
  work_.reset();
  // Closing clients wait a moment for the servers' close frames, then the loop runs dry.
  thread_.join();
  bots_.clear();
}

void Bots::set_rate(double says_per_second) {
  rate_.store(says_per_second, std::memory_order_relaxed);
  boost::asio::post(io_, [this, says_per_second] {
    options_.says_per_second = says_per_second;
    chat_timer_.cancel();  // its handler sees operation_aborted and does not reschedule
    schedule_say();
  });
}

void Bots::connect(Bot& bot) {
  if (stopping_) return;
  ClientOptions client_options;
  client_options.host = options_.host;
  client_options.port = options_.port;
  client_options.nsp = options_.nsp;
  client_options.auth = protocol::Json{{"name", "bot" + std::to_string(bot.index + 1)}};
  bot.client = Client::create(io_, client_options);
  bot.joined = false;
  bot.client->on_event([this](const std::string& event, protocol::Json&, const Client::AckReply&) {
    if (event == "said") heard_.fetch_add(1, std::memory_order_relaxed);
  });
  bot.client->on_disconnect([this, &bot](const std::string&) {
    if (bot.joined) connected_.fetch_sub(1, std::memory_order_relaxed);
    bot.joined = false;
    schedule_retry(bot);
  });
  bot.client->connect([this, &bot](const std::string& error) {
    if (!error.empty()) {
      schedule_retry(bot);
      return;
    }
    const std::string room = room_of(bot);
    bot.client->emit("join", protocol::Json::array({room}), [this, &bot](protocol::Json) {
      if (!bot.joined) connected_.fetch_add(1, std::memory_order_relaxed);
      bot.joined = true;
    });
  });
}

// Rooms are contiguous blocks of bots. A balancer hands out servers in turn, so each room gets
// members on every server (with i mod R, room k would sit on server k alone when R == N).
std::string Bots::room_of(const Bot& bot) const {
  const int rooms = std::max(1, options_.rooms);
  const int count = std::max(1, options_.count);
  return "room-" + std::to_string(static_cast<int64_t>(bot.index) * rooms / count);
}

void Bots::schedule_retry(Bot& bot) {
  if (stopping_) return;
  // Like socket.io-client: 1 s, with some jitter so that a killed server's bots spread out.
  std::uniform_int_distribution<int> jitter(500, 1500);
  bot.retry->expires_after(std::chrono::milliseconds(jitter(random_)));
  bot.retry->async_wait([this, &bot](boost::system::error_code error) {
    if (!error) connect(bot);
  });
}

void Bots::schedule_say() {
  if (stopping_ || options_.says_per_second <= 0 || bots_.empty()) return;
  chat_timer_.expires_after(
      std::chrono::microseconds(static_cast<int64_t>(1e6 / options_.says_per_second)));
  chat_timer_.async_wait([this](boost::system::error_code error) {
    if (error) return;
    say();
    schedule_say();
  });
}

void Bots::say() {
  for (size_t tries = 0; tries < bots_.size(); ++tries) {
    Bot& bot = *bots_[next_speaker_++ % bots_.size()];
    if (!bot.joined) continue;
    const std::string room = room_of(bot);
    std::uniform_int_distribution<size_t> pick(0, std::size(kPhrases) - 1);
    bot.client->emit(
        "say",
        protocol::Json::array({protocol::Json{{"room", room}, {"text", kPhrases[pick(random_)]}}}));
    said_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
}

}  // namespace scaleout::sim
