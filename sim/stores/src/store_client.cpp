// The three kinds of StoreClient: Redis through hiredis' blocking API (adapter::BlockingRedis),
// memcached through libmemcached, and the in-process stores called directly.
#include "store_client.hpp"

#include <libmemcached/memcached.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "scaleout/adapter/blocking_redis.hpp"

namespace scaleout::sim {

namespace {

constexpr std::chrono::milliseconds kTimeout{3000};

class RedisStoreClient final : public StoreClient {
 public:
  explicit RedisStoreClient(const adapter::RedisEndpoint& endpoint) : redis_(endpoint, kTimeout) {
    if (!set("store-bench:probe", "1")) throw std::runtime_error("Redis did not answer: " + error_);
  }
  bool get(std::string_view key, std::string* value) override {
    auto reply = redis_.command({"GET", std::string(key)}, &error_);
    if (!reply) return false;
    if (reply->type == adapter::RedisValue::Type::kString) *value = std::move(reply->text);
    return reply->type != adapter::RedisValue::Type::kError;
  }
  bool set(std::string_view key, std::string_view value) override {
    auto reply = redis_.command({"SET", std::string(key), std::string(value)}, &error_);
    return reply && reply->type == adapter::RedisValue::Type::kStatus;
  }

 private:
  adapter::BlockingRedis redis_;
};

class MemcachedStoreClient final : public StoreClient {
 public:
  MemcachedStoreClient(const std::string& host, uint16_t port) : memc_(memcached_create(nullptr)) {
    if (!memc_) throw std::runtime_error("libmemcached could not make a client");
    const auto ms = static_cast<uint64_t>(kTimeout.count());
    memcached_behavior_set(memc_, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, ms);
    memcached_behavior_set(memc_, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, ms);
    memcached_behavior_set(memc_, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
    memcached_server_add(memc_, host.c_str(), port);
    if (!set("store-bench:probe", "1"))
      throw std::runtime_error("memcached did not answer: " + error_);
  }
  ~MemcachedStoreClient() override { memcached_free(memc_); }
  MemcachedStoreClient(const MemcachedStoreClient&) = delete;
  MemcachedStoreClient& operator=(const MemcachedStoreClient&) = delete;

  bool get(std::string_view key, std::string* value) override {
    size_t length = 0;
    uint32_t flags = 0;
    memcached_return_t rc = MEMCACHED_SUCCESS;
    char* found = memcached_get(memc_, key.data(), key.size(), &length, &flags, &rc);
    if (found) {
      value->assign(found, length);
      std::free(found);
      return true;
    }
    if (rc == MEMCACHED_NOTFOUND) return true;
    error_ = memcached_strerror(memc_, rc);
    return false;
  }
  bool set(std::string_view key, std::string_view value) override {
    memcached_return_t rc =
        memcached_set(memc_, key.data(), key.size(), value.data(), value.size(), 0, 0);
    if (rc == MEMCACHED_SUCCESS) return true;
    error_ = memcached_strerror(memc_, rc);
    return false;
  }

 private:
  memcached_st* memc_;
};

class InProcessStoreClient final : public StoreClient {
 public:
  InProcessStoreClient(InProcessStore& store, StoreThreadMeter& meter)
      : store_(store), meter_(meter) {}
  bool get(std::string_view key, std::string* value) override {
    store_.get(key, value, meter_);
    return true;
  }
  bool set(std::string_view key, std::string_view value) override {
    store_.set(key, value, meter_);
    return true;
  }

 private:
  InProcessStore& store_;
  StoreThreadMeter& meter_;
};

}  // namespace

std::unique_ptr<StoreClient> make_store_client(StoreKind kind, const StoreTargets& targets,
                                               InProcessStore* store, StoreThreadMeter* meter) {
  switch (kind) {
    case StoreKind::kRedis:
      if (!targets.redis) throw std::runtime_error("this world has no Redis");
      return std::make_unique<RedisStoreClient>(*targets.redis);
    case StoreKind::kMemcached:
      if (targets.memcached_port == 0) throw std::runtime_error("this world has no memcached");
      return std::make_unique<MemcachedStoreClient>(targets.memcached_host, targets.memcached_port);
    default:
      return std::make_unique<InProcessStoreClient>(*store, *meter);
  }
}

}  // namespace scaleout::sim
