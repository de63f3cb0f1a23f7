// Writes the benchmark report: bench-results/<timestamp>.md (tables for people) and .json (the
// same numbers for tools).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { renderLinks } from "./links.mjs";

const fmt = (value, digits = 1) => {
  if (value == null || Number.isNaN(value)) return "–";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(digits);
};

function table(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function stepsTable(run) {
  if (!run) return "_not run_";
  if (run.error && !run.steps?.length) return `**failed:** ${run.error}`;
  const rows = run.steps.map((step) => [
    fmt(step.rate, 0), fmt(step.deliveries_per_s, 0), fmt(step.p50_ms, 2), fmt(step.p99_ms, 2), fmt(step.max_ms, 1),
    fmt(step.lost, 0), fmt(step.server_cpu_cores, 2), fmt(step.server_cpu_us_per_delivery, 2),
    fmt(step.server_system_cpu_us_per_delivery, 2),
    fmt(step.redis_cpu_cores, 2), fmt(step.loadgen_cpu_cores, 2),
    [step.saturated ? "saturated" : "", step.loadgen_saturated ? "loadgen saturated" : ""].filter(Boolean).join(", "),
  ]);
  const text = table(["says/s offered", "deliveries/s", "p50 ms", "p99 ms", "max ms", "lost", "server CPU cores",
    "server CPU ms / 1,000 deliveries", "of which in the kernel", "Redis CPU cores", "loadgen CPU cores", "flags"], rows);
  const notes = [`load average at start ${run.load_average_at_start?.join(" / ")}, other processes used ` +
    `${fmt(run.other_load_cores, 2)} cores meanwhile`];
  if (run.connected) {
    notes.push(`${run.connected.clients} clients connected and joined in ${fmt(run.connected.connect_seconds, 2)} s; ` +
      `server RSS ${run.connected.server_rss_before_kb.join("+")} KB before, ${run.connected.server_rss_after_kb.join("+")} KB after ` +
      `(${fmt(run.connected.server_rss_per_connection_bytes / 1024, 1)} KB per connection)`);
  }
  if (run.trace_bytes != null) notes.push(`trace files: ${fmt(run.trace_bytes / 1e6, 1)} MB`);
  if (run.error) notes.push(`**error:** ${run.error}`);
  return `${text}\n\n${notes.map((note) => `- ${note}`).join("\n")}`;
}

// Our CPU per delivery at the rates the targets name, beside Node's and the write floor's.
function perRateTable(summary, settings) {
  const rows = [
    ...summary.fanout.per_rate.map((row) => [`${settings.fanout.name}`, fmt(row.rate, 0), fmt(row.ours, 2), fmt(row.node, 2),
      fmt(row.floor, 2), fmt(row.ours_to_node, 3), fmt(row.ours_to_floor, 3)]),
    ...summary.broadcast.per_rate.map((row) => [`${settings.broadcast.name}`, fmt(row.rate, 0), fmt(row.ours, 2), fmt(row.node, 2),
      "–", fmt(row.ours_to_node, 3), "–"]),
  ];
  return table(["workload", "says/s", "ours µs / delivery", "Node µs / delivery", "write floor µs / write", "ours/Node", "ours / floor"], rows);
}

function floorTable(floor, settings) {
  if (!floor) return "_not run_";
  const w = settings.floor;
  const rows = floor.steps.map((step) => [fmt(step.rate, 0), fmt(step.writes_per_s, 0), fmt(step.cpu_us_per_write, 2),
    fmt(step.user_us_per_write, 2), fmt(step.system_us_per_write, 2)]);
  return `${table(["says/s", "writes/s", "CPU µs / write", "user", "system"], rows)}\n\n` +
    `- \`scaleout-write-floor\`: one process holding ${w.sockets} loopback sockets (one of our servers' share of the fan-out), ` +
    `a say = one write() of ${w.frameBytes} bytes to each of its room's ${w.sockets / w.rooms} members there, paced evenly, ` +
    `sleeping between says; a reader process on the load generator's CPU drains the sockets every 20 ms, as the load generator does. ` +
    `Pinned like the servers.\n- load average at start ${floor.load_average_at_start?.join(" / ")}, other processes used ` +
    `${fmt(floor.other_load_cores, 2)} cores meanwhile`;
}

function callgrindTable(runs) {
  const rows = runs.map((run) => [run.name, fmt(run.rate, 0), fmt(run.says, 0), `${fmt(run.deliveries, 0)} of ${fmt(run.deliveries_expected, 0)}`,
    fmt(run.instructions / 1e6, 1), fmt(run.instructions_per_delivery, 0), fmt(run.instructions_per_say, 0)]);
  return table(["workload", "says/s", "says", "deliveries", "instructions (M)", "instructions / delivery", "instructions / say"], rows);
}

function burstTable(workload, burst) {
  if (!burst?.ours && !burst?.node) return "_not run_";
  const cell = (side, value) => (burst?.[side] ? value(burst[side]) : "–");
  const who = (reason) => (reason ? `yes (${reason})` : "no");
  const rows = [
    [`messages said in ${workload.seconds} s`, ...["ours", "node"].map((side) => cell(side, (b) => fmt(b.said, 0)))],
    ["share the reader got", ...["ours", "node"].map((side) => cell(side, (b) => `${fmt(b.received_share * 100, 1)} %${b.in_order ? "" : " (out of order)"}`))],
    ["MB/s delivered to the reader", ...["ours", "node"].map((side) => cell(side, (b) => fmt(b.reader_mb_per_s, 1)))],
    ["server RSS growth, peak (MB)", ...["ours", "node"].map((side) => cell(side, (b) => fmt(b.rss_growth_mb, 0)))],
    ["publisher disconnected", ...["ours", "node"].map((side) => cell(side, (b) => who(b.publisher_disconnected)))],
    ["stuck member disconnected", ...["ours", "node"].map((side) => cell(side, (b) => who(b.stuck_disconnected)))],
  ];
  const text = table(["", "ours", "Node"], rows);
  const notes = [`a publisher says ${fmt(workload.payload / 1024, 0)} KB messages to a room as fast as the server acknowledges them ` +
    `(at most ${workload.window} waiting) for ${workload.seconds} s; one member stopped reading before it began; the reader is a ` +
    "stock socket.io-client in a Node process of its own; all three over WebSocket, on the load generator's CPU"];
  for (const side of ["ours", "node"]) {
    if (burst?.[side]?.error) notes.push(`**${side}:** ${burst[side].error}`);
  }
  return `${text}\n\n${notes.map((note) => `- ${note}`).join("\n")}`;
}

export function renderMarkdown(report) {
  const { machine, summary: s, results, settings } = report;
  const satText = (side, block) => `${fmt(block.saturation_says_per_s[side], 0)}${block.saturation_reached[side] ? "" : " (not reached: ≥)"}`;
  const lines = [];
  lines.push(`# Fan-out benchmark: scaleout vs Node socket.io 4.8 + @socket.io/redis-adapter 8.3`, "");
  lines.push(`${report.started_at} · commit ${report.commit} · \`${report.command}\`${settings.smoke ? " · **smoke run (tiny workload, figures meaningless)**" : ""}`, "");
  lines.push("## Machine", "");
  lines.push(table(["nproc", "CPU", "memory", "kernel", "Node", "Redis", "load average at start", "pinning"], [[
    machine.nproc, machine.cpu_model, `${machine.memory_gb} GB`, machine.kernel, machine.node, machine.redis,
    report.load_average_at_start.join(" / "), settings.pinning,
  ]]), "");
  lines.push("## Workload", "");
  for (const w of [settings.fanout, settings.broadcast]) {
    lines.push(`- **${w.name}**: ${settings.servers} servers per side, ${w.clients} clients spread evenly over them (client i ` +
      `joins room i % ${w.rooms}, so every room spans every server), ${w.publishers} publishers, ${w.liveClients} live ` +
      `clients timing every message, ${w.payload}-byte pad; rates ${w.rates.join(", ")} says/s, ${w.stepSeconds} s per step, ` +
      `a step is saturated at p99 > 50 ms or any loss, and a side stops at its first saturated step.`);
  }
  lines.push("- Latency = receive time − the `ts` the publisher put in the say (same machine, CLOCK_MONOTONIC). " +
    "CPU from /proc/<pid>/stat of the server processes over each step (to the last straggler); " +
    "server CPU ms per 1,000 deliveries is the same number as µs per delivery.", "");

  lines.push("## Summary", "");
  lines.push(table(["", "ours", "Node", "ours/Node"], [
    [`saturation, ${settings.fanout.name} (says/s)`, satText("ours", s.fanout), satText("node", s.fanout),
      fmt(ratio(s.fanout.saturation_says_per_s.ours, s.fanout.saturation_says_per_s.node), 2)],
    ["deliveries/s at saturation", fmt(s.fanout.saturation_deliveries_per_s.ours, 0), fmt(s.fanout.saturation_deliveries_per_s.node, 0), fmt(s.fanout.throughput_ratio, 2)],
    [`server CPU ms / 1,000 deliveries at ${fmt(s.fanout.cpu_compared_at_rate, 0)} says/s (both sides)`,
      fmt(s.fanout.cpu_us_per_delivery_at_common_rate.ours, 2), fmt(s.fanout.cpu_us_per_delivery_at_common_rate.node, 2),
      fmt(s.fanout.cpu_ratio_at_common_rate, 2)],
    ["server CPU ms / 1,000 deliveries at own saturation", fmt(s.fanout.cpu_us_per_delivery_at_own_saturation.ours, 2),
      fmt(s.fanout.cpu_us_per_delivery_at_own_saturation.node, 2),
      fmt(ratio(s.fanout.cpu_us_per_delivery_at_own_saturation.ours, s.fanout.cpu_us_per_delivery_at_own_saturation.node), 2)],
    [`server RSS per connection, ${settings.fanout.clients} clients (KB)`, fmt(s.fanout.rss_per_connection_bytes.ours / 1024),
      fmt(s.fanout.rss_per_connection_bytes.node / 1024), fmt(ratio(s.fanout.rss_per_connection_bytes.ours, s.fanout.rss_per_connection_bytes.node), 2)],
    [`cross-server broadcasts/s at saturation, ${settings.broadcast.name}`, `${fmt(s.broadcast.broadcasts_per_s.ours, 0)}${s.broadcast.saturation_reached.ours ? "" : " (≥)"}`,
      `${fmt(s.broadcast.broadcasts_per_s.node, 0)}${s.broadcast.saturation_reached.node ? "" : " (≥)"}`,
      fmt(ratio(s.broadcast.broadcasts_per_s.ours, s.broadcast.broadcasts_per_s.node), 2)],
    [`${fmt(s.connections.clients, 0)} connections on one server: time to connect (s)`, fmt(s.connections.connect_seconds.ours, 2),
      fmt(s.connections.connect_seconds.node, 2), fmt(ratio(s.connections.connect_seconds.ours, s.connections.connect_seconds.node), 2)],
    [`${fmt(s.connections.clients, 0)} connections: RSS per connection (KB)`, fmt(s.connections.rss_per_connection_bytes.ours / 1024),
      fmt(s.connections.rss_per_connection_bytes.node / 1024), fmt(ratio(s.connections.rss_per_connection_bytes.ours, s.connections.rss_per_connection_bytes.node), 2)],
  ]), "");
  lines.push("### At the targets' rates", "", perRateTable(s, settings), "");
  lines.push("### Targets (reported, not asserted)", "");
  lines.push(table(["target", "measured", "goal", "met"], s.targets.map((t) => [t.name, fmt(t.value, 3), t.goal, t.met == null ? "–" : t.met ? "yes" : "**no**"])), "");

  lines.push(`## ${settings.fanout.name}: our servers`, "", stepsTable(results.fanout?.ours), "");
  lines.push("## The write floor (one write() per delivery)", "", floorTable(results.floor, settings), "");
  lines.push(`## ${settings.fanout.name}: Node servers`, "", stepsTable(results.fanout?.node), "");
  lines.push(`## ${settings.fanout.name}: our servers with --trace (cost of tracing)`, "", stepsTable(results.fanout?.ours_trace), "");
  lines.push(table(["says/s", "server CPU ms / 1,000 deliveries, trace off", "trace on", "on/off", "pooled"],
    s.trace.per_rate.map((row) => [fmt(row.rate, 0), fmt(row.off, 2), fmt(row.on, 2), fmt(row.ratio, 2), row.pooled ? "yes" : ""])), "");
  lines.push(`Cost of tracing, pooled over the steps marked (≥ 1,000 says/s, servers' CPU not full, both passed): ` +
    `**${fmt(s.trace.ratio_pooled, 3)}×** the CPU per delivery. Saturation ${fmt(s.trace.saturation_says_per_s.off, 0)} says/s ` +
    `without tracing, ${fmt(s.trace.saturation_says_per_s.on, 0)} with.`, "");
  lines.push(`## ${settings.broadcast.name} (cross-server broadcasts): our servers`, "", stepsTable(results.broadcast?.ours), "");
  lines.push(`## ${settings.broadcast.name} (cross-server broadcasts): Node servers`, "", stepsTable(results.broadcast?.node), "");

  if (s.links && Object.keys(s.links).length) lines.push(renderLinks(s.links, settings.links), "");
  lines.push("## Burst with a stuck member (one server)", "", burstTable(settings.burst, results.burst), "");
  lines.push("## Redis limits (same redis-server)", "");
  lines.push(table(["tool", "connections / subscribers", "pipeline", "publishes/s", "deliveries/s", "lost"], [
    ...(results.redis_benchmark ?? []).map((row) => [`redis-benchmark PUBLISH${row.pinned ? "" : " (not pinned)"}`, `${row.connections} connections`, row.pipeline, fmt(row.publishes_per_s, 0), "–", "–"]),
    ...(results.redis_fanout ?? []).map((row) => ["scaleout-redis-fanout (1 publisher)", `${row.subscribers} subscribers`, row.pipeline,
      fmt(row.publishes_per_s, 0), fmt(row.deliveries_per_s, 0), fmt(row.lost, 0)]),
  ]), "");
  if (results.callgrind?.length) {
    lines.push("## Instructions per delivery (callgrind, user space)", "", callgrindTable(results.callgrind), "",
      "Our server processes under `valgrind --tool=callgrind`, instrumentation on only while the load generator's step " +
      "ran (after every client connected and joined); the load generator itself is not counted. The counts repeat " +
      "within a fraction of a percent whatever else the machine does, unlike CPU time.", "");
  }
  if (results.errors?.length) lines.push("## Errors", "", ...results.errors.map((error) => `- ${error}`), "");
  return lines.join("\n");
}

const ratio = (x, y) => (x != null && y ? x / y : null);

export function writeReport(outDir, report) {
  mkdirSync(outDir, { recursive: true });
  const stamp = report.started_at.replace(/[:]/g, "-").replace(/\.\d+Z$/, "Z");
  const base = path.join(outDir, stamp);
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(`${base}.md`, renderMarkdown(report) + "\n");
  return { markdown: `${base}.md`, json: `${base}.json` };
}
