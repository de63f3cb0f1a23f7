// BalancePolicy names, as the command line, scenarios and the GUI spell them.
#include "scaleout/balancer/load_balancer.hpp"

#include <algorithm>
#include <iterator>

namespace scaleout::sim {

namespace {

struct PolicyName {
  BalancePolicy policy;
  const char* name;
};

constexpr PolicyName kPolicyNames[] = {
    {BalancePolicy::kRoundRobin, "round-robin"},
    {BalancePolicy::kLeastConnections, "least-connections"},
    {BalancePolicy::kStickySid, "sticky-sid"},
    {BalancePolicy::kStickyCookie, "sticky-cookie"},
};

// "sticky_sid" and "sticky-sid" name the same policy.
bool same_name(std::string_view given, std::string_view name) {
  if (given.size() != name.size()) return false;
  for (size_t i = 0; i < given.size(); ++i) {
    const char c = given[i] == '_' ? '-' : given[i];
    if (c != name[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<BalancePolicy> parse_balance_policy(std::string_view name) {
  const auto* found =
      std::find_if(std::begin(kPolicyNames), std::end(kPolicyNames),
                   [name](const PolicyName& entry) { return same_name(name, entry.name); });
  if (found == std::end(kPolicyNames)) return std::nullopt;
  return found->policy;
}

const char* to_string(BalancePolicy policy) {
  const auto* found =
      std::find_if(std::begin(kPolicyNames), std::end(kPolicyNames),
                   [policy](const PolicyName& entry) { return entry.policy == policy; });
  return found == std::end(kPolicyNames) ? "round-robin" : found->name;
}

}  // namespace scaleout::sim
