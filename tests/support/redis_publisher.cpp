// Blocking PUBLISH and PUBSUB NUMSUB over hiredis' synchronous API.
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

}  // namespace scaleout::test
