// INFO over hiredis' synchronous API, with a connect and read timeout.
#include "scaleout/adapter/redis_info.hpp"

#include <hiredis/hiredis.h>

#include <memory>
#include <sstream>
#include <vector>

namespace scaleout::adapter {

std::optional<std::map<std::string, std::string>> query_redis_info(
    const RedisEndpoint& endpoint, std::chrono::milliseconds timeout, std::string* error) {
  timeval limit{static_cast<time_t>(timeout.count() / 1000),
                static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  std::unique_ptr<redisContext, void (*)(redisContext*)> context(
      redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, limit), redisFree);
  auto fail = [&](const std::string& message) -> std::optional<std::map<std::string, std::string>> {
    if (error) *error = message;
    return std::nullopt;
  };
  if (!context || context->err) return fail(context ? context->errstr : "out of memory");
  redisSetTimeout(context.get(), limit);
  auto command = [&](std::initializer_list<std::string> words) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& word : words) {
      argv.push_back(word.data());
      lengths.push_back(word.size());
    }
    return std::unique_ptr<redisReply, void (*)(void*)>(
        static_cast<redisReply*>(redisCommandArgv(context.get(), static_cast<int>(argv.size()),
                                                  argv.data(), lengths.data())),
        freeReplyObject);
  };
  if (!endpoint.password.empty()) {
    auto reply = endpoint.user.empty() ? command({"AUTH", endpoint.password})
                                       : command({"AUTH", endpoint.user, endpoint.password});
    if (!reply || reply->type == REDIS_REPLY_ERROR) return fail("authentication failed");
  }
  auto reply = command({"INFO"});
  if (!reply) return fail(context->errstr);
  if (reply->type != REDIS_REPLY_STRING) return fail("INFO gave no text");
  std::map<std::string, std::string> fields;
  std::istringstream lines(std::string(reply->str, reply->len));
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (line.empty() || line[0] == '#' || colon == std::string::npos) continue;
    fields[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return fields;
}

}  // namespace scaleout::adapter
