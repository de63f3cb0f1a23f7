// SlotMap: the slot table, CLUSTER SHARDS parsing and MOVED/ASK parsing.
#include "scaleout/adapter/slot_map.hpp"

#include <hiredis/hiredis.h>

#include <charconv>

namespace scaleout::adapter {
namespace {

std::string_view text_of(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_STRING && reply.type != REDIS_REPLY_STATUS &&
      reply.type != REDIS_REPLY_ERROR)
    return {};
  return std::string_view(reply.str, reply.len);
}

// A RESP2 map: key/value pairs flattened into one array. Calls visit(key, value) for each.
template <class Visit>
bool for_each_field(const redisReply& map, Visit&& visit) {
  if (map.type != REDIS_REPLY_ARRAY || map.elements % 2 != 0) return false;
  for (size_t i = 0; i + 1 < map.elements; i += 2) {
    visit(text_of(*map.element[i]), *map.element[i + 1]);
  }
  return true;
}

std::optional<ClusterNode> parse_node(const redisReply& reply) {
  ClusterNode node;
  std::string ip;
  std::string endpoint;
  const bool is_map = for_each_field(reply, [&](std::string_view key, const redisReply& value) {
    if (key == "id") {
      node.id = std::string(text_of(value));
    } else if (key == "port" && value.type == REDIS_REPLY_INTEGER) {
      node.port = static_cast<uint16_t>(value.integer);
    } else if (key == "ip") {
      ip = std::string(text_of(value));
    } else if (key == "endpoint") {
      endpoint = std::string(text_of(value));
    } else if (key == "role") {
      node.primary = text_of(value) == "master";
    } else if (key == "health") {
      node.health = std::string(text_of(value));
    } else if (key == "replication-offset" && value.type == REDIS_REPLY_INTEGER) {
      node.replication_offset = value.integer;
    }
  });
  // The endpoint is what clients are told to use (cluster-preferred-endpoint-type); "?" or
  // empty means unknown, and then the IP is the address.
  node.host = !endpoint.empty() && endpoint != "?" ? endpoint : ip;
  if (!is_map || node.host.empty() || node.port == 0) return std::nullopt;
  return node;
}

}  // namespace

const ClusterNode* ClusterShard::primary() const {
  for (const auto& node : nodes) {
    if (node.primary && node.health != "fail") return &node;
  }
  return nullptr;
}

SlotMap::SlotMap() {
  owner_.fill(-1);
}

SlotMap::SlotMap(std::vector<ClusterShard> shards) : shards_(std::move(shards)) {
  index();
}

SlotMap SlotMap::single(const std::string& host, uint16_t port) {
  ClusterShard shard;
  shard.slots.push_back({0, kClusterSlots - 1});
  ClusterNode node;
  node.host = host;
  node.port = port;
  shard.nodes.push_back(std::move(node));
  return SlotMap({std::move(shard)});
}

void SlotMap::index() {
  owner_.fill(-1);
  for (size_t i = 0; i < shards_.size(); ++i) {
    for (const SlotRange& range : shards_[i].slots) {
      for (size_t slot = range.first; slot <= range.last && slot < kClusterSlots; ++slot)
        owner_[slot] = static_cast<int16_t>(i);
    }
  }
}

const ClusterShard* SlotMap::shard_of(uint16_t slot) const {
  if (slot >= kClusterSlots || owner_[slot] < 0) return nullptr;
  return &shards_[static_cast<size_t>(owner_[slot])];
}

const ClusterNode* SlotMap::primary_of(uint16_t slot) const {
  const ClusterShard* shard = shard_of(slot);
  return shard ? shard->primary() : nullptr;
}

std::vector<const ClusterNode*> SlotMap::primaries() const {
  std::vector<const ClusterNode*> out;
  for (const auto& shard : shards_) {
    if (const ClusterNode* primary = shard.primary(); primary && !shard.slots.empty())
      out.push_back(primary);
  }
  return out;
}

std::vector<const ClusterNode*> SlotMap::nodes() const {
  std::vector<const ClusterNode*> out;
  for (const auto& shard : shards_) {
    for (const auto& node : shard.nodes)
      out.push_back(&node);
  }
  return out;
}

size_t SlotMap::slots_served() const {
  size_t served = 0;
  for (int16_t owner : owner_)
    served += owner >= 0 ? 1 : 0;
  return served;
}

void SlotMap::move_slot(uint16_t slot, const std::string& host, uint16_t port) {
  if (slot >= kClusterSlots) return;
  for (size_t i = 0; i < shards_.size(); ++i) {
    for (const auto& node : shards_[i].nodes) {
      if (node.host == host && node.port == port && node.primary) {
        owner_[slot] = static_cast<int16_t>(i);
        return;
      }
    }
  }
  ClusterShard shard;
  ClusterNode node;
  node.host = host;
  node.port = port;
  shard.nodes.push_back(std::move(node));
  shards_.push_back(std::move(shard));
  owner_[slot] = static_cast<int16_t>(shards_.size() - 1);
}

std::optional<SlotMap> parse_cluster_shards(const redisReply& reply, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<SlotMap> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  if (reply.type == REDIS_REPLY_ERROR)
    return fail("CLUSTER SHARDS: " + std::string(text_of(reply)));
  if (reply.type != REDIS_REPLY_ARRAY) return fail("CLUSTER SHARDS did not answer with an array");
  std::vector<ClusterShard> shards;
  for (size_t i = 0; i < reply.elements; ++i) {
    ClusterShard shard;
    bool well_formed = true;
    const bool is_map = for_each_field(*reply.element[i], [&](std::string_view key,
                                                              const redisReply& value) {
      if (key == "slots") {
        if (value.type != REDIS_REPLY_ARRAY || value.elements % 2 != 0) {
          well_formed = false;
          return;
        }
        for (size_t s = 0; s + 1 < value.elements; s += 2) {
          const redisReply& first = *value.element[s];
          const redisReply& last = *value.element[s + 1];
          if (first.type != REDIS_REPLY_INTEGER || last.type != REDIS_REPLY_INTEGER ||
              first.integer < 0 || last.integer >= kClusterSlots || first.integer > last.integer) {
            well_formed = false;
            return;
          }
          shard.slots.push_back(
              {static_cast<uint16_t>(first.integer), static_cast<uint16_t>(last.integer)});
        }
      } else if (key == "nodes") {
        if (value.type != REDIS_REPLY_ARRAY) {
          well_formed = false;
          return;
        }
        for (size_t n = 0; n < value.elements; ++n) {
          auto node = parse_node(*value.element[n]);
          if (!node) {
            well_formed = false;
            return;
          }
          shard.nodes.push_back(std::move(*node));
        }
      }
    });
    if (!is_map || !well_formed)
      return fail("CLUSTER SHARDS: shard " + std::to_string(i) +
                  " is not a map of slots and nodes");
    shards.push_back(std::move(shard));
  }
  return SlotMap(std::move(shards));
}

std::optional<Redirect> parse_redirect(std::string_view error) {
  Redirect redirect;
  if (error.starts_with("MOVED ")) {
    error.remove_prefix(6);
  } else if (error.starts_with("ASK ")) {
    redirect.ask = true;
    error.remove_prefix(4);
  } else {
    return std::nullopt;
  }
  auto space = error.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  unsigned slot = 0;
  auto [end, ec] = std::from_chars(error.data(), error.data() + space, slot);
  if (ec != std::errc() || end != error.data() + space || slot >= kClusterSlots)
    return std::nullopt;
  std::string_view where = error.substr(space + 1);
  auto colon = where.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  unsigned port = 0;
  std::string_view port_text = where.substr(colon + 1);
  auto [port_end, port_ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_ec != std::errc() || port_end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535)
    return std::nullopt;
  redirect.slot = static_cast<uint16_t>(slot);
  redirect.host = std::string(where.substr(0, colon));
  redirect.port = static_cast<uint16_t>(port);
  return redirect;
}

}  // namespace scaleout::adapter
