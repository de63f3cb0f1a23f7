// RedisLink's commands: PUBLISH, SPUBLISH and keyed commands routed by slot, with MOVED, ASK,
// TRYAGAIN and CLUSTERDOWN handled, and counts added up over the primaries.
#include <algorithm>
#include <boost/asio/steady_timer.hpp>

#include "redis/link_node.hpp"
#include "scaleout/adapter/cluster_slot.hpp"
#include "scaleout/adapter/redis_link.hpp"

namespace scaleout::adapter {

namespace asio = boost::asio;

namespace {

// Commands without a key: any node answers them (PUBLISH reaches every node over the bus).
bool is_keyless(std::string_view command) {
  static constexpr std::string_view kKeyless[] = {
      "PING", "INFO", "PUBLISH", "PUBSUB", "CLUSTER", "CONFIG", "CLIENT",
      "ROLE", "ECHO", "TIME",    "DBSIZE", "SLOWLOG", "MEMORY"};
  std::string upper(command);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return std::find(std::begin(kKeyless), std::end(kKeyless), upper) != std::end(kKeyless);
}

bool starts_with(const redisReply& reply, std::string_view prefix) {
  return reply.type == REDIS_REPLY_ERROR &&
         std::string_view(reply.str, reply.len).starts_with(prefix);
}

}  // namespace

struct RedisLink::RoutedCommand {
  std::vector<std::string> args;
  RedisConnection::ReplyCallback done;
  std::optional<uint16_t> slot;  // nullopt: no key
  std::string ask_node;          // after ASK: the next try goes there, with ASKING first
  int attempts = 0;
};

std::string RedisLink::node_for_slot(std::optional<uint16_t> slot) const {
  if (!slot || !is_cluster()) return home_;
  const ClusterNode* primary = map_.primary_of(*slot);
  return primary ? primary->address() : std::string();
}

bool RedisLink::publish(std::string_view channel, std::string_view payload) {
  std::string_view args[] = {"PUBLISH", channel, payload};
  return command(args, {});
}

bool RedisLink::spublish(std::string_view channel, std::string_view payload) {
  std::string_view args[] = {"SPUBLISH", channel, payload};
  return command(args, {});
}

bool RedisLink::command(std::span<const std::string_view> args,
                        RedisConnection::ReplyCallback callback) {
  if (!running_ || args.empty()) return false;
  const bool keyless = args.size() < 2 || is_keyless(args.front());
  const std::optional<uint16_t> slot =
      keyless ? std::nullopt : std::optional<uint16_t>(key_hash_slot(args[1]));
  const std::string address = node_for_slot(slot);
  if (address.empty()) return false;
  // Only a cluster redirects: elsewhere the reply goes straight to the caller.
  if (!is_cluster()) {
    LinkNode* target = find_node(address);
    return target && target->command(args, std::move(callback));
  }
  // A node that is down cannot take it now; one still connecting (a primary this link has not
  // used yet) gets it once it answers.
  LinkNode& target = node(address);
  if (target.down()) return false;
  auto routed = std::make_shared<RoutedCommand>();
  routed->args.assign(args.begin(), args.end());
  routed->done = std::move(callback);
  routed->slot = slot;
  if (!target.commands_ready()) {
    route(std::move(routed));
    return true;
  }
  return target.command(args, [this, alive = alive_, routed](const redisReply* reply) {
    if (*alive) on_routed_reply(routed, reply);
  });
}

void RedisLink::on_routed_reply(std::shared_ptr<RoutedCommand> command, const redisReply* reply) {
  // No reply: the node went away, maybe after running it. Not sent again: it may not repeat.
  if (!reply || reply->type != REDIS_REPLY_ERROR || !running_) {
    if (command->done) command->done(reply);
    return;
  }
  const std::string error(reply->str, reply->len);
  const auto redirect = parse_redirect(error);
  const bool busy = starts_with(*reply, "TRYAGAIN") || starts_with(*reply, "CLUSTERDOWN");
  if ((!redirect && !busy) || ++command->attempts > options_.max_redirects) {
    if (command->done) command->done(reply);
    return;
  }
  if (busy) {
    schedule_reload();
    retry_later(std::move(command));
    return;
  }
  if (redirect->ask) {
    command->ask_node = redirect->host + ":" + std::to_string(redirect->port);
  } else {
    map_.move_slot(redirect->slot, redirect->host, redirect->port);
    command->ask_node.clear();
    schedule_reload();
  }
  route(std::move(command));
}

void RedisLink::route(std::shared_ptr<RoutedCommand> command) {
  const std::string address =
      command->ask_node.empty() ? node_for_slot(command->slot) : command->ask_node;
  if (address.empty()) {
    if (++command->attempts > options_.max_redirects) {
      if (command->done) command->done(nullptr);
      return;
    }
    schedule_reload();
    retry_later(std::move(command));
    return;
  }
  LinkNode& target = node(address);
  if (!command->ask_node.empty()) target.command_when_ready({"ASKING"}, {});
  command->ask_node.clear();
  target.command_when_ready(command->args,
                            [this, alive = alive_, command](const redisReply* reply) {
                              if (*alive) on_routed_reply(command, reply);
                            });
}

void RedisLink::retry_later(std::shared_ptr<RoutedCommand> command) {
  auto timer = std::make_shared<asio::steady_timer>(io_, options_.cluster_retry);
  timer->async_wait([this, alive = alive_, timer, command](boost::system::error_code error) {
    if (error || !*alive) return;
    if (!running_) {
      if (command->done) command->done(nullptr);
      return;
    }
    route(command);
  });
}

void RedisLink::count_subscribers(SubscriptionKind kind, const std::string& channel,
                                  CountCallback done) {
  struct Tally {
    size_t total = 0;
    size_t waiting = 0;
    bool complete = true;
    CountCallback done;
  };
  auto tally = std::make_shared<Tally>();
  tally->done = std::move(done);
  std::vector<std::string> addresses;
  if (is_cluster()) {
    for (const ClusterNode* primary : map_.primaries())
      addresses.push_back(primary->address());
  } else if (!home_.empty()) {
    addresses.push_back(home_);
  }
  if (addresses.empty()) tally->complete = false;
  const std::string_view what = kind == SubscriptionKind::kShard ? "SHARDNUMSUB" : "NUMSUB";
  std::string_view args[] = {"PUBSUB", what, channel};
  for (const std::string& address : addresses) {
    LinkNode* target = running_ ? &node(address) : nullptr;
    ++tally->waiting;
    const bool sent = target && target->command(args, [tally](const redisReply* reply) {
      if (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 2 &&
          reply->element[1]->type == REDIS_REPLY_INTEGER) {
        tally->total += static_cast<size_t>(std::max<long long>(0, reply->element[1]->integer));
      } else {
        tally->complete = false;
      }
      if (--tally->waiting == 0) tally->done(tally->total, tally->complete);
    });
    if (!sent) {
      tally->complete = false;
      --tally->waiting;
    }
  }
  if (tally->waiting == 0) tally->done(tally->total, tally->complete);
}

}  // namespace scaleout::adapter
