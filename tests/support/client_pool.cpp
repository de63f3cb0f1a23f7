// ClientPool: test clients on their own thread.
#include "support/client_pool.hpp"

#include <boost/asio/post.hpp>
#include <future>

namespace scaleout::test {

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

ClientPool::ClientPool() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

ClientPool::~ClientPool() {
  on_io([this] {
    for (auto& entry : entries_)
      entry->client->abort();
  });
  work_.reset();
  io_.stop();
  thread_.join();
}

template <class Task>
auto ClientPool::on_io(Task task) -> decltype(task()) {
  std::packaged_task<decltype(task())()> job(std::move(task));
  auto result = job.get_future();
  boost::asio::post(io_, [&job] { job(); });
  return result.get();
}

int ClientPool::connect(uint16_t port, const std::string& nsp, Json auth) {
  auto entry = std::make_shared<Entry>();
  std::promise<std::string> connected;
  on_io([&] {
    sim::ClientOptions options;
    options.port = port;
    options.nsp = nsp;
    options.auth = std::move(auth);
    entry->client = sim::Client::create(io_, options);
    std::weak_ptr<Entry> weak = entry;
    entry->client->on_event(
        [this, weak](const std::string& event, Json& args, const sim::Client::AckReply& ack) {
          auto self = weak.lock();
          if (!self) return;
          if (ack) ack(Json::array({Json{{"answered", true}}}));
          std::lock_guard lock(mutex_);
          if (event == "welcome" && !args.empty()) {
            self->server = args[0].value("server", "");
          }
          self->inbox.emplace_back(event, std::move(args));
        });
    entry->client->on_disconnect([this, weak](const std::string&) {
      auto self = weak.lock();
      if (!self) return;
      std::lock_guard lock(mutex_);
      self->connected = false;
    });
    entry->client->connect([this, weak, &connected](const std::string& error) {
      if (auto self = weak.lock(); self && error.empty()) {
        std::lock_guard lock(mutex_);
        self->connected = true;
        self->id = self->client->id();
      }
      connected.set_value(error);
    });
  });
  std::string error = connected.get_future().get();
  if (!error.empty()) {
    last_error_ = error;
    return -1;
  }
  std::lock_guard lock(mutex_);
  entries_.push_back(entry);
  return static_cast<int>(entries_.size() - 1);
}

void ClientPool::emit(int client, const std::string& event, Json args) {
  auto entry = entries_.at(client);
  on_io([&] { entry->client->emit(event, std::move(args)); });
}

Json ClientPool::call(int client, const std::string& event, Json args,
                      std::chrono::milliseconds timeout) {
  auto entry = entries_.at(client);
  auto reply = std::make_shared<std::promise<Json>>();
  auto result = reply->get_future();
  on_io([&] {
    entry->client->emit(event, std::move(args), [reply](Json ack) {
      reply->set_value(ack.is_array() && !ack.empty() ? ack[0] : ack);
    });
  });
  if (result.wait_for(timeout) != std::future_status::ready) return nullptr;
  return result.get();
}

std::vector<Json> ClientPool::received(int client, const std::string& event) const {
  std::lock_guard lock(mutex_);
  std::vector<Json> out;
  for (const auto& [name, args] : entries_.at(client)->inbox) {
    if (name == event) out.push_back(args);
  }
  return out;
}

bool ClientPool::connected(int client) const {
  std::lock_guard lock(mutex_);
  return entries_.at(client)->connected;
}

std::string ClientPool::id(int client) const {
  std::lock_guard lock(mutex_);
  return entries_.at(client)->id;
}

std::string ClientPool::server(int client) const {
  std::lock_guard lock(mutex_);
  return entries_.at(client)->server;
}

void ClientPool::close(int client) {
  auto entry = entries_.at(client);
  on_io([&] { entry->client->close(); });
}

void ClientPool::pause_reading(int client, bool paused) {
  auto entry = entries_.at(client);
  on_io([&] { entry->client->pause_reading(paused); });
}

size_t ClientPool::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace scaleout::test
