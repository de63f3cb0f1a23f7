// BlockingRedis: hiredis' synchronous API with timeouts, and replies turned into plain values.
#include "scaleout/adapter/blocking_redis.hpp"

#include <hiredis/hiredis.h>

#include <sstream>

namespace scaleout::adapter {

namespace {

timeval to_timeval(std::chrono::milliseconds timeout) {
  return timeval{static_cast<time_t>(timeout.count() / 1000),
                 static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
}

RedisValue to_value(const redisReply& reply) {
  RedisValue value;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      value.type = RedisValue::Type::kString;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_STATUS:
      value.type = RedisValue::Type::kStatus;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      value.type = RedisValue::Type::kError;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      value.type = RedisValue::Type::kInteger;
      value.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      value.type = RedisValue::Type::kArray;
      value.elements.reserve(reply.elements);
      for (size_t i = 0; i < reply.elements; ++i)
        value.elements.push_back(to_value(*reply.element[i]));
      break;
    default:
      break;
  }
  return value;
}

void display(const RedisValue& value, const std::string& indent, std::string& out) {
  switch (value.type) {
    case RedisValue::Type::kNil:
      out += "(nil)";
      break;
    case RedisValue::Type::kString:
      out += '"' + value.text + '"';
      break;
    case RedisValue::Type::kStatus:
      out += value.text;
      break;
    case RedisValue::Type::kError:
      out += "(error) " + value.text;
      break;
    case RedisValue::Type::kInteger:
      out += "(integer) " + std::to_string(value.integer);
      break;
    case RedisValue::Type::kArray:
      if (value.elements.empty()) out += "(empty array)";
      for (size_t i = 0; i < value.elements.size(); ++i) {
        if (i > 0) out += "\n" + indent;
        const std::string number = std::to_string(i + 1) + ") ";
        out += number;
        display(value.elements[i], indent + std::string(number.size(), ' '), out);
      }
      break;
  }
}

}  // namespace

std::string RedisValue::to_display() const {
  std::string out;
  display(*this, "", out);
  return out;
}

BlockingRedis::BlockingRedis(RedisEndpoint endpoint, std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), timeout_(timeout), context_(nullptr, redisFree) {}

BlockingRedis::~BlockingRedis() = default;

bool BlockingRedis::connect(std::string* error) {
  context_.reset(
      redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, to_timeval(timeout_)));
  if (!context_ || context_->err) {
    if (error) *error = context_ ? context_->errstr : "out of memory";
    context_.reset();
    return false;
  }
  redisSetTimeout(context_.get(), to_timeval(timeout_));
  if (endpoint_.password.empty()) return true;
  std::vector<std::string> auth = {"AUTH"};
  if (!endpoint_.user.empty()) auth.push_back(endpoint_.user);
  auth.push_back(endpoint_.password);
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& word : auth) {
    argv.push_back(word.data());
    lengths.push_back(word.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
  const bool ok = reply && reply->type != REDIS_REPLY_ERROR;
  if (reply) freeReplyObject(reply);
  if (!ok) {
    if (error) *error = "authentication failed";
    context_.reset();
  }
  return ok;
}

std::optional<RedisValue> BlockingRedis::command(const std::vector<std::string>& words,
                                                 std::string* error) {
  if (!context_ && !connect(error)) return std::nullopt;
  redisSetTimeout(context_.get(), to_timeval(timeout_));
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& word : words) {
    argv.push_back(word.data());
    lengths.push_back(word.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data()));
  if (!reply) {
    if (error) *error = context_->errstr[0] ? context_->errstr : "no reply";
    context_.reset();  // a late reply must not be taken for the next command's
    return std::nullopt;
  }
  RedisValue value = to_value(*reply);
  freeReplyObject(reply);
  return value;
}

std::map<std::string, std::string> parse_redis_info(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (line.empty() || line[0] == '#' || colon == std::string::npos) continue;
    fields[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return fields;
}

std::optional<std::map<std::string, std::string>> query_redis_info(
    const RedisEndpoint& endpoint, std::chrono::milliseconds timeout, std::string* error) {
  BlockingRedis redis(endpoint, timeout);
  auto reply = redis.command({"INFO"}, error);
  if (!reply) return std::nullopt;
  if (reply->type != RedisValue::Type::kString) {
    if (error) *error = reply->type == RedisValue::Type::kError ? reply->text : "INFO gave no text";
    return std::nullopt;
  }
  return parse_redis_info(reply->text);
}

}  // namespace scaleout::adapter
