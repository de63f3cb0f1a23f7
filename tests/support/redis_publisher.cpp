// Blocking PUBLISH, PUBSUB NUMSUB and CONFIG SET over hiredis' synchronous API.
#include "support/redis_publisher.hpp"

#include <hiredis/hiredis.h>

#include <memory>
#include <vector>

namespace scaleout::test {
namespace {

using Reply = std::unique_ptr<redisReply, void (*)(void*)>;

Reply command(const adapter::RedisEndpoint& endpoint, std::vector<std::string> words) {
  timeval timeout{2, 0};
  std::unique_ptr<redisContext, void (*)(redisContext*)> context(
      redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, timeout), redisFree);
  if (!context || context->err) return Reply(nullptr, freeReplyObject);
  auto run = [&](const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    return Reply(static_cast<redisReply*>(redisCommandArgv(
                     context.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())),
                 freeReplyObject);
  };
  if (!endpoint.password.empty()) run({"AUTH", endpoint.password});
  return run(words);
}

}  // namespace

long long redis_publish(const adapter::RedisEndpoint& endpoint, const std::string& channel,
                        const std::string& payload) {
  Reply reply = command(endpoint, {"PUBLISH", channel, payload});
  return reply && reply->type == REDIS_REPLY_INTEGER ? reply->integer : -1;
}

long long redis_numsub(const adapter::RedisEndpoint& endpoint, const std::string& channel) {
  Reply reply = command(endpoint, {"PUBSUB", "NUMSUB", channel});
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) return -1;
  return reply->element[1]->integer;
}

long long redis_client_count(const adapter::RedisEndpoint& endpoint, const std::string& type) {
  Reply reply = command(endpoint, {"CLIENT", "LIST", "TYPE", type});
  if (!reply || reply->type != REDIS_REPLY_STRING) return -1;
  const std::string_view list(reply->str, reply->len);
  long long lines = 0;
  for (char c : list)
    lines += c == '\n';
  return lines;
}

bool redis_config_set(const adapter::RedisEndpoint& endpoint, const std::string& parameter,
                      const std::string& value) {
  Reply reply = command(endpoint, {"CONFIG", "SET", parameter, value});
  return reply && reply->type == REDIS_REPLY_STATUS;
}

}  // namespace scaleout::test
