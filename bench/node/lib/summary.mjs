// Turns the raw runs into the figures the report leads with: each side's saturation point, CPU
// per 1,000 deliveries at the same offered rate, the ratios ours/Node's against the targets, ours
// against the write floor, the cost of tracing, and the cross-server broadcast rate against
// Redis' PUBLISH limit.
const passed = (step) => step && !step.saturated;

// The highest step that passed, or null.
export function saturationStep(run) {
  const good = (run?.steps ?? []).filter(passed);
  return good.length ? good[good.length - 1] : null;
}

// Whether the run went on until a step failed (otherwise the limit is above the last rate).
export function reachedSaturation(run) {
  return (run?.steps ?? []).some((step) => step.saturated);
}

function stepAt(run, rate) {
  return (run?.steps ?? []).find((step) => step.rate === rate) ?? null;
}

// The highest rate passed by both runs.
function highestCommonRate(a, b) {
  const rates = (a?.steps ?? []).filter(passed).map((step) => step.rate)
    .filter((rate) => passed(stepAt(b, rate)));
  return rates.length ? Math.max(...rates) : null;
}

const ratio = (x, y) => (x != null && y ? x / y : null);

// The rates issue 28's targets name: rooms of 100 against Node's and the write floor, rooms of 2
// against Node's.
const fanoutTargetRates = [100, 500, 1000];
const broadcastTargetRates = [1000, 4000];

// Per target rate: our CPU per delivery, Node's, the floor's per write, and the ratios. A step
// counts only when it delivered everything (a saturated step measures a queue, not the cost).
function perRate(ours, node, floor, rates) {
  const cost = (run, rate) => {
    const step = stepAt(run, rate);
    return step && step.lost === 0 ? step.server_cpu_us_per_delivery : null;
  };
  return rates.map((rate) => {
    const row = { rate, ours: cost(ours, rate), node: cost(node, rate) };
    row.ours_to_node = ratio(row.ours, row.node);
    if (floor) {
      row.floor = floor.steps?.find((step) => step.rate === rate)?.cpu_us_per_write ?? null;
      row.ours_to_floor = ratio(row.ours, row.floor);
    }
    return row;
  });
}

// `serverCpus`: how many CPUs the servers could use (1 when pinned).
export function summarize(results, { serverCpus }) {
  const ours = results.fanout?.ours;
  const node = results.fanout?.node;
  const traced = results.fanout?.ours_trace;
  const oursSat = saturationStep(ours);
  const nodeSat = saturationStep(node);
  const common = highestCommonRate(ours, node);
  const cpuOurs = common != null ? stepAt(ours, common).server_cpu_us_per_delivery : null;
  const cpuNode = common != null ? stepAt(node, common).server_cpu_us_per_delivery : null;

  // Tracing: both runs' steps at the same rates, where both passed. The headline pools every
  // such step from 1,000 says/s up (CPU time is counted in 10 ms ticks: low rates are noise) in
  // which the servers' CPUs were not already full (there a cost shows as latency, not as CPU).
  const traceRows = (ours?.steps ?? []).filter(passed).map((off) => ({ off, on: stepAt(traced, off.rate) }))
    .filter(({ on }) => passed(on))
    .map(({ off, on }) => ({
      rate: off.rate, off: off.server_cpu_us_per_delivery, on: on.server_cpu_us_per_delivery,
      ratio: on.server_cpu_us_per_delivery / off.server_cpu_us_per_delivery,
      pooled: off.rate >= 1000 && Math.max(off.server_cpu_cores, on.server_cpu_cores) < 0.85 * serverCpus,
      off_cpu_s: off.server_cpu_s, on_cpu_s: on.server_cpu_s, off_deliveries: off.deliveries, on_deliveries: on.deliveries,
    }));
  const pooled = traceRows.filter((row) => row.pooled);
  const pooledRatio = pooled.length
    ? (pooled.reduce((sum, row) => sum + row.on_cpu_s, 0) / pooled.reduce((sum, row) => sum + row.on_deliveries, 0)) /
      (pooled.reduce((sum, row) => sum + row.off_cpu_s, 0) / pooled.reduce((sum, row) => sum + row.off_deliveries, 0))
    : null;

  const bOurs = saturationStep(results.broadcast?.ours);
  const bNode = saturationStep(results.broadcast?.node);
  const publish = results.redis_benchmark?.find((row) => row.pipeline === 1 && row.pinned)?.publishes_per_s ??
    results.redis_benchmark?.find((row) => row.pipeline === 1)?.publishes_per_s ?? null;
  const publishUnpinned = results.redis_benchmark?.find((row) => row.pipeline === 1 && !row.pinned)?.publishes_per_s ?? null;
  const conn = results.connections?.ours;

  const summary = {
    fanout: {
      saturation_says_per_s: { ours: oursSat?.rate ?? null, node: nodeSat?.rate ?? null },
      saturation_reached: { ours: reachedSaturation(ours), node: reachedSaturation(node) },
      saturation_deliveries_per_s: { ours: oursSat?.deliveries_per_s ?? null, node: nodeSat?.deliveries_per_s ?? null },
      throughput_ratio: ratio(oursSat?.deliveries_per_s, nodeSat?.deliveries_per_s),
      cpu_compared_at_rate: common,
      cpu_us_per_delivery_at_common_rate: { ours: cpuOurs, node: cpuNode },
      cpu_ratio_at_common_rate: ratio(cpuOurs, cpuNode),
      cpu_us_per_delivery_at_own_saturation: {
        ours: oursSat?.server_cpu_us_per_delivery ?? null, node: nodeSat?.server_cpu_us_per_delivery ?? null,
      },
      rss_per_connection_bytes: {
        ours: ours?.connected?.server_rss_per_connection_bytes ?? null,
        node: node?.connected?.server_rss_per_connection_bytes ?? null,
      },
      per_rate: perRate(ours, node, results.floor ?? { steps: [] }, fanoutTargetRates),
    },
    trace: {
      pooled_rates: pooled.map((row) => row.rate),
      ratio_pooled: pooledRatio,
      per_rate: traceRows,
      saturation_says_per_s: { off: oursSat?.rate ?? null, on: saturationStep(traced)?.rate ?? null },
      trace_bytes: traced?.trace_bytes ?? null,
    },
    broadcast: {
      saturation_says_per_s: { ours: bOurs?.rate ?? null, node: bNode?.rate ?? null },
      saturation_reached: { ours: reachedSaturation(results.broadcast?.ours), node: reachedSaturation(results.broadcast?.node) },
      broadcasts_per_s: { ours: bOurs?.says_per_s ?? null, node: bNode?.says_per_s ?? null },
      redis_publish_per_s: publish,
      ratio_ours_to_redis_publish: ratio(bOurs?.says_per_s, publish),
      redis_publish_unpinned_per_s: publishUnpinned,
      ratio_ours_to_redis_publish_unpinned: ratio(bOurs?.says_per_s, publishUnpinned),
      per_rate: perRate(results.broadcast?.ours, results.broadcast?.node, null, broadcastTargetRates),
    },
    burst: {
      received_share: { ours: results.burst?.ours?.received_share ?? null, node: results.burst?.node?.received_share ?? null },
      reader_mb_per_s: { ours: results.burst?.ours?.reader_mb_per_s ?? null, node: results.burst?.node?.reader_mb_per_s ?? null },
      rss_growth_mb: { ours: results.burst?.ours?.rss_growth_mb ?? null, node: results.burst?.node?.rss_growth_mb ?? null },
    },
    connections: {
      clients: conn?.clients ?? null,
      connect_seconds: { ours: conn?.connect_seconds ?? null, node: results.connections?.node?.connect_seconds ?? null },
      rss_per_connection_bytes: {
        ours: conn?.server_rss_per_connection_bytes ?? null,
        node: results.connections?.node?.server_rss_per_connection_bytes ?? null,
      },
    },
  };
  summary.targets = [
    target("server CPU per 1,000 deliveries, ours/Node's (same offered rate)", summary.fanout.cpu_ratio_at_common_rate, "<= 0.2", (v) => v <= 0.2),
    ...summary.fanout.per_rate.flatMap((row) => [
      target(`rooms of 100 at ${row.rate} says/s: server CPU per delivery, ours/Node's`, row.ours_to_node, "<= 0.33", (v) => v <= 0.33),
      target(`rooms of 100 at ${row.rate} says/s: server CPU per delivery, ours / the write floor`, row.ours_to_floor, "<= 1.5", (v) => v <= 1.5),
    ]),
    ...summary.broadcast.per_rate.map((row) =>
      target(`rooms of 2 at ${row.rate} says/s: server CPU per delivery, ours/Node's`, row.ours_to_node, "<= 0.33", (v) => v <= 0.33)),
    target("saturation throughput (deliveries/s), ours/Node's", summary.fanout.throughput_ratio, ">= 5", (v) => v >= 5),
    target("cross-server broadcasts/s, ours / redis-benchmark PUBLISH", summary.broadcast.ratio_ours_to_redis_publish, ">= 0.5", (v) => v >= 0.5),
    target(`RSS per connection with ${(conn?.clients ?? 0).toLocaleString("en-US")} clients on one server (KB)`, conn?.server_rss_per_connection_bytes != null ? conn.server_rss_per_connection_bytes / 1024 : null, "< 20", (v) => v < 20),
    target("trace on / trace off, server CPU per delivery (pooled steps)", summary.trace.ratio_pooled, "<= 1.10", (v) => v <= 1.1),
    target("burst: share of the messages the reader got, ours", summary.burst.received_share.ours, "= 1", (v) => v === 1),
    target("burst: server RSS growth, ours (MB)", summary.burst.rss_growth_mb.ours, "< 256", (v) => v < 256),
    target("burst: server RSS growth, Node (MB; the unbounded queue we avoid)", summary.burst.rss_growth_mb.node, "> 1024", (v) => v > 1024),
  ];
  return summary;
}

function target(name, value, goal, ok) {
  return { name, value, goal, met: value == null ? null : ok(value) };
}
