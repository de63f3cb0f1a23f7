// fill-keys and scan-keys: see keyspace_commands.hpp.
#include "keyspace_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <unordered_set>

namespace scaleout::sim {

namespace {

using Clock = std::chrono::steady_clock;

// One batch: SET prefix..i value for i in [first, last].
constexpr const char* kFillScript =
    "local prefix, first, last, value = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]\n"
    "for i = first, last do redis.call('SET', prefix .. i, value) end\n"
    "return last - first + 1\n";

// About this many bytes of values per batch, and never more keys than this: a batch holds Redis
// for a few milliseconds.
constexpr int64_t kBatchBytes = 4 * 1024 * 1024;
constexpr int64_t kMaxBatchKeys = 10000;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string format_ms(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
  return text;
}

std::string random_letters(size_t size, std::mt19937& random) {
  static constexpr char kLetters[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::uniform_int_distribution<size_t> pick(0, sizeof kLetters - 2);
  std::string out(size, ' ');
  for (auto& letter : out)
    letter = kLetters[pick(random)];
  return out;
}

}  // namespace

KeyspaceResult fill_keys(adapter::BlockingRedis& redis, const command::FillKeys& fill,
                         const KeyspaceProgress& progress) {
  const int64_t batch = std::clamp<int64_t>(kBatchBytes / fill.size, 1, kMaxBatchKeys);
  std::mt19937 random{std::random_device{}()};
  const auto start = Clock::now();
  int64_t done = 0;
  while (done < fill.count) {
    const int64_t last = std::min(fill.count, done + batch);
    std::string error;
    auto reply = redis.command(
        {"EVAL", kFillScript, "0", fill.prefix, std::to_string(done + 1), std::to_string(last),
         random_letters(static_cast<size_t>(fill.size), random)},
        &error);
    if (!reply)
      return {false, "Redis did not answer after " + std::to_string(done) + " keys: " + error};
    if (reply->type == adapter::RedisValue::Type::kError) {
      return {false, "after " + std::to_string(done) + " keys: " + reply->text};
    }
    done = last;
    progress(static_cast<uint64_t>(done), static_cast<uint64_t>(fill.count));
  }
  const double ms = milliseconds_since(start);
  return {true, "set " + std::to_string(fill.count) + " keys of " + std::to_string(fill.size) +
                    " bytes (" + fill.prefix + "1 .. " + fill.prefix + std::to_string(fill.count) +
                    ") in " + format_ms(ms) + ", " +
                    std::to_string((fill.count + batch - 1) / batch) + " batches of up to " +
                    std::to_string(batch)};
}

KeyspaceResult scan_keys(adapter::BlockingRedis& redis, const command::ScanKeys& scan,
                         const KeyspaceProgress& progress) {
  std::string error;
  auto size = redis.command({"DBSIZE"}, &error);
  if (!size) return {false, "Redis did not answer: " + error};
  const uint64_t total = size->integer > 0 ? static_cast<uint64_t>(size->integer) : 0;
  std::unordered_set<std::string> seen;
  seen.reserve(total);
  uint64_t calls = 0, returned = 0;
  double longest_ms = 0;
  std::string cursor = "0";
  const auto start = Clock::now();
  do {
    std::vector<std::string> words = {"SCAN", cursor, "COUNT", std::to_string(scan.count)};
    if (!scan.match.empty()) words.insert(words.end(), {"MATCH", scan.match});
    const auto call_start = Clock::now();
    auto reply = redis.command(words, &error);
    longest_ms = std::max(longest_ms, milliseconds_since(call_start));
    ++calls;
    if (!reply)
      return {false, "Redis did not answer after " + std::to_string(calls) + " calls: " + error};
    if (reply->type == adapter::RedisValue::Type::kError) return {false, reply->text};
    if (reply->type != adapter::RedisValue::Type::kArray || reply->elements.size() != 2) {
      return {false, "SCAN answered something else than [cursor, keys]"};
    }
    cursor = reply->elements[0].text;
    for (auto& key : reply->elements[1].elements) {
      ++returned;
      seen.insert(std::move(key.text));
    }
    if (calls % 64 == 0) progress(seen.size(), std::max<uint64_t>(total, seen.size()));
  } while (cursor != "0");
  progress(seen.size(), std::max<uint64_t>(total, seen.size()));
  const double ms = milliseconds_since(start);
  return {true, std::to_string(calls) + " SCAN calls (COUNT " + std::to_string(scan.count) +
                    ") returned " + std::to_string(returned) + " keys, " +
                    std::to_string(seen.size()) + " distinct (" +
                    std::to_string(returned - seen.size()) + " duplicates), in " + format_ms(ms) +
                    "; the longest call took " + format_ms(longest_ms)};
}

}  // namespace scaleout::sim
