// scaleout-redis-fanout: Redis' own pub/sub fan-out limit, the ceiling under any adapter. One
// publisher thread sends PUBLISH in pipelined batches for a while; N plain SUBSCRIBE connections,
// all read by one thread with poll(), count the messages. PUBLISH answers how many subscribers
// got each message, so the deliveries owed are known exactly. Prints one JSON line:
// publishes/s, deliveries/s and lost deliveries.
// Exit codes: 0 done, 1 failed (cannot connect, Redis error), 2 bad command line.
#include <hiredis/hiredis.h>
#include <poll.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int subscribers = 2;
  int pipeline = 64;
  double seconds = 3;
  size_t payload = 64;
  std::string channel = "scaleout-fanout";
};

struct ContextFree {
  void operator()(redisContext* context) const { redisFree(context); }
};
using Context = std::unique_ptr<redisContext, ContextFree>;

struct ReplyFree {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

Context connect(const Options& options) {
  Context context(redisConnect(options.host.c_str(), options.port));
  if (!context || context->err) {
    throw std::runtime_error("cannot connect to Redis: " +
                             std::string(context ? context->errstr : "out of memory"));
  }
  if (!options.password.empty()) {
    Reply reply(
        static_cast<redisReply*>(redisCommand(context.get(), "AUTH %s", options.password.c_str())));
    if (!reply || reply->type == REDIS_REPLY_ERROR) throw std::runtime_error("AUTH failed");
  }
  return context;
}

// Reads every subscriber until told to stop; counts "message" pushes.
void read_subscribers(std::vector<Context>& subscribers, std::atomic<uint64_t>& received,
                      const std::atomic<bool>& stop) {
  std::vector<pollfd> fds;
  for (auto& context : subscribers)
    fds.push_back({context->fd, POLLIN, 0});
  uint64_t count = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    if (poll(fds.data(), fds.size(), 50) <= 0) continue;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      redisContext* context = subscribers[i].get();
      if (redisBufferRead(context) != REDIS_OK) throw std::runtime_error("subscriber read failed");
      void* raw = nullptr;
      while (redisGetReplyFromReader(context, &raw) == REDIS_OK && raw) {
        Reply reply(static_cast<redisReply*>(raw));
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3) ++count;
      }
    }
    received.store(count, std::memory_order_relaxed);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "scaleout-redis-fanout: one pipelined PUBLISHer and N plain SUBSCRIBE connections on one "
      "channel; prints publishes/s and deliveries/s as one JSON line. Exit codes: 0 done, 1 "
      "failed, 2 bad command line."};
  app.add_option("--host", options.host)->capture_default_str();
  app.add_option("--port", options.port)->capture_default_str();
  app.add_option("--password", options.password, "AUTH password");
  app.add_option("--subscribers", options.subscribers)
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--pipeline", options.pipeline, "PUBLISH commands per round trip")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--seconds", options.seconds, "How long to publish")->capture_default_str();
  app.add_option("--payload", options.payload, "Bytes per message")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }

  try {
    std::vector<Context> subscribers;
    for (int i = 0; i < options.subscribers; ++i) {
      subscribers.push_back(connect(options));
      Reply reply(static_cast<redisReply*>(
          redisCommand(subscribers.back().get(), "SUBSCRIBE %s", options.channel.c_str())));
      if (!reply || reply->type != REDIS_REPLY_ARRAY) throw std::runtime_error("SUBSCRIBE failed");
    }
    Context publisher = connect(options);
    std::atomic<uint64_t> received{0};
    std::atomic<bool> stop{false};
    std::thread reader([&] { read_subscribers(subscribers, received, stop); });

    const std::string payload(options.payload, 'x');
    uint64_t published = 0;
    uint64_t owed = 0;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(options.seconds);
    while (Clock::now() < deadline) {
      for (int i = 0; i < options.pipeline; ++i) {
        redisAppendCommand(publisher.get(), "PUBLISH %s %b", options.channel.c_str(),
                           payload.data(), payload.size());
      }
      for (int i = 0; i < options.pipeline; ++i) {
        void* raw = nullptr;
        if (redisGetReply(publisher.get(), &raw) != REDIS_OK) {
          throw std::runtime_error("PUBLISH failed");
        }
        Reply reply(static_cast<redisReply*>(raw));
        if (reply->type == REDIS_REPLY_INTEGER) owed += static_cast<uint64_t>(reply->integer);
        ++published;
      }
    }
    const auto published_end = Clock::now();
    auto last = published_end;
    uint64_t seen = received.load();
    while (seen < owed && Clock::now() - published_end < std::chrono::seconds(3)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      const uint64_t now_seen = received.load();
      if (now_seen != seen) last = Clock::now();
      seen = now_seen;
    }
    stop = true;
    reader.join();
    const double publish_seconds = std::chrono::duration<double>(published_end - start).count();
    const double active_seconds =
        std::max(publish_seconds, std::chrono::duration<double>(last - start).count());
    nlohmann::ordered_json line = {
        {"subscribers", options.subscribers},
        {"pipeline", options.pipeline},
        {"payload_bytes", options.payload},
        {"publishes", published},
        {"publishes_per_s", static_cast<double>(published) / publish_seconds},
        {"deliveries", seen},
        {"deliveries_per_s", static_cast<double>(seen) / active_seconds},
        {"lost", owed > seen ? owed - seen : 0},
    };
    std::cout << line.dump() << std::endl;
  } catch (const std::exception& error) {
    std::cerr << "scaleout-redis-fanout: " << error.what() << std::endl;
    return 1;
  }
  return 0;
}
