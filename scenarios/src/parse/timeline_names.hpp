// TimelineNames: what exists at each point of a scenario's timeline, as the parser walks it —
// servers (s1.. plus those added), the clients the world connected (named as ClientFleet names
// them: <prefix><n>, numbers never reused), the message ids said so far, and whether there is a
// Redis, a load balancer, bots. It lets the parser refuse "kill s7" in a two-server world or an
// expectation about a message nobody said, at the line that says it.
#pragma once

#include <map>
#include <set>
#include <string>

#include "parse/yaml_reader.hpp"

namespace scaleout::scenarios::parse {

class TimelineNames {
 public:
  TimelineNames(const WorldSpec& world);

  // Applies a command (the names it makes or ends); refuses one that names what does not exist
  // or needs what this world lacks. `where` is the command's position.
  void apply(const sim::WorldCommand& command, const YamlReader& reader, const SourceMark& where);
  void connect(const sim::command::ConnectClients& connect);

  bool has_server(const std::string& name) const { return servers_.count(name) > 0; }
  bool has_client(const std::string& name) const { return clients_.count(name) > 0; }
  bool has_mid(const std::string& mid) const { return mids_.count(mid) > 0; }
  bool has_redis() const { return world_.has_redis(); }
  void add_step(const std::string& id) { steps_.insert(id); }

  // Refusals for names that do not exist here.
  void check_server(const std::string& name, const YamlReader& reader,
                    const SourceMark& where) const;
  void check_client(const std::string& name, const YamlReader& reader,
                    const SourceMark& where) const;
  // A node of the world's embedded Redis Cluster or Sentinel; none for one redis-server.
  void check_redis_node(const std::string& node, const YamlReader& reader,
                        const SourceMark& where) const;
  void check_mid(const std::string& mid, const YamlReader& reader, const SourceMark& where) const;
  void check_step(const std::string& id, const YamlReader& reader, const SourceMark& where) const;

 private:
  static std::string listed(const std::set<std::string>& names);

  const WorldSpec& world_;
  std::set<std::string> servers_;
  int next_server_ = 1;
  std::set<std::string> clients_;
  std::map<std::string, int> next_client_;
  std::map<std::string, int> mids_;  // mid -> the line that said it
  std::set<std::string> steps_;      // the ids of the steps parsed so far
};

}  // namespace scaleout::scenarios::parse
