// The cluster phase (scripts/bench --cluster): cross-server broadcasts per second on a real
// 3-primary Redis Cluster (bench/redis_cluster.cpp), the classic adapter (PUBLISH, which the
// cluster bus carries to every node) against the sharded one (SPUBLISH, which stays in the room
// channel's shard), our servers against Node's (@socket.io/redis-adapter 8.3's createAdapter and
// createShardedAdapter on npm `redis` 4's createCluster), side by side in one run on one cluster.
// Besides the load generator's steps, each run records every node's CPU time and the pub/sub
// messages its cluster bus received (CLUSTER INFO cluster_stats_messages_publish*_received).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "redis";

import { processCpuSeconds } from "./machine.mjs";
import { start, stop, waitForLine } from "./processes.mjs";
import { runLoadgen, fanoutWorkloadArgs } from "./phases.mjs";

const nodeServer = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "server.mjs");
const readyLine = /listening on http:\/\/127\.0\.0\.1:(\d+)\//;

export const clusterVariants = [
  { side: "ours", adapter: "redis" },
  { side: "ours", adapter: "sharded" },
  { side: "node", adapter: "redis" },
  { side: "node", adapter: "sharded" },
];

async function startCluster(ctx, primaries) {
  const password = `bench-${Math.random().toString(36).slice(2, 10)}`;
  const child = start([ctx.redisCluster, "--primaries", String(primaries), "--password", password],
    { cpus: ctx.serverCpus, log: path.join(ctx.logDir, "redis-cluster.log") });
  const pids = await waitForLine(child, /redis-cluster pids: (\S+)/, 60000, "redis cluster");
  const ready = await waitForLine(child, /redis-cluster ready: (\S+)/, 60000, "redis cluster");
  const seeds = ready[1];
  return {
    child, password, seeds,
    pids: pids[1].split(",").map(Number),
    ports: seeds.split(",").map((seed) => Number(seed.split(":")[1])),
    stop: () => stop(child, 10000),
  };
}

// Every node's bus pub/sub receipts, from CLUSTER INFO.
async function busCounts(cluster) {
  const counts = [];
  for (const port of cluster.ports) {
    const client = createClient({ url: `redis://:${cluster.password}@127.0.0.1:${port}` });
    client.on("error", () => {});
    await client.connect();
    const info = await client.sendCommand(["CLUSTER", "INFO"]);
    await client.quit();
    const field = (name) => Number(info.match(new RegExp(`${name}:(\\d+)`))?.[1] ?? 0);
    counts.push({
      publish: field("cluster_stats_messages_publish_received"),
      publishshard: field("cluster_stats_messages_publishshard_received"),
    });
  }
  return counts;
}

async function startClusterServers(ctx, cluster, { side, adapter }, count) {
  const servers = [];
  const seeds = `:${cluster.password}@${cluster.seeds}`;
  try {
    for (let i = 0; i < count; i++) {
      const name = `${side === "ours" ? "s" : "n"}${i + 1}`;
      let redisUp = false;
      const argv = side === "ours"
        ? [ctx.scaleout, "serve", "--port", "0", "--name", name, "--redis-cluster", seeds, "--adapter", adapter]
        : ["node", nodeServer, "--port", "0", "--name", name, "--redis-cluster", seeds, "--adapter", adapter];
      const child = start(argv, {
        cpus: ctx.serverCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-${name}.log`),
        onStderrLine: (line) => { if (/redis up/.test(line)) redisUp = true; },
      });
      servers.push(child);
      const match = await waitForLine(child, readyLine, 20000, `${side} server ${name}`);
      child.port = Number(match[1]);
      if (side === "ours") {
        const deadline = Date.now() + 15000;
        while (!redisUp && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (!redisUp) throw new Error(`our server ${name}: Redis Cluster not up within 15 s`);
      }
    }
  } catch (error) {
    await Promise.all(servers.map((child) => stop(child)));
    throw error;
  }
  return servers;
}

// One variant: fresh servers on the shared cluster, the broadcast workload's steps, every node's
// CPU and bus counts over the run.
async function clusterRun(ctx, cluster, variant, workload) {
  ctx.runLabel = `cluster-${variant.side}-${variant.adapter}`;
  ctx.progress(`${ctx.runLabel}: ${ctx.servers} servers, ${workload.clients} clients, ${workload.rooms} rooms`);
  const servers = await startClusterServers(ctx, cluster, variant, ctx.servers);
  const cpuBefore = cluster.pids.map(processCpuSeconds);
  const busBefore = await busCounts(cluster);
  let result;
  try {
    result = await runLoadgen(ctx, servers, fanoutWorkloadArgs(workload), { redisPid: cluster.pids[0] });
  } finally {
    await Promise.all(servers.map((child) => stop(child)));
  }
  const busAfter = await busCounts(cluster);
  return {
    ...variant, ...result,
    node_cpu_s: cluster.pids.map((pid, i) => processCpuSeconds(pid) - cpuBefore[i]),
    node_bus_publish_received: busAfter.map((after, i) => after.publish - busBefore[i].publish),
    node_bus_publishshard_received: busAfter.map((after, i) => after.publishshard - busBefore[i].publishshard),
  };
}

export async function clusterPhase(ctx, settings, attempt) {
  const results = { primaries: settings.primaries, runs: [] };
  const cluster = await attempt("redis cluster", () => startCluster(ctx, settings.primaries));
  if (!cluster) return results;
  try {
    const workload = { ...settings.workload, label: "cluster" };
    for (const variant of clusterVariants) {
      const run = await attempt(`cluster broadcasts, ${variant.side} ${variant.adapter}`,
        () => clusterRun(ctx, cluster, variant, workload));
      if (run) results.runs.push(run);
    }
  } finally {
    await cluster.stop();
  }
  return results;
}

// Each variant's saturation, its ratios (sharded/classic per side, ours/Node's per adapter), and
// what the nodes did per broadcast over the whole run.
export function summarizeCluster(cluster) {
  const runs = cluster?.runs ?? [];
  const find = (side, adapter) => runs.find((run) => run.side === side && run.adapter === adapter) ?? null;
  const saturation = (run) => {
    const passed = (run?.steps ?? []).filter((step) => !step.saturated);
    return passed.length ? passed[passed.length - 1] : null;
  };
  const ratio = (x, y) => (x != null && y ? x / y : null);
  const rows = {};
  for (const { side, adapter } of clusterVariants) {
    const run = find(side, adapter);
    const step = saturation(run);
    const broadcasts = (run?.steps ?? []).reduce((sum, s) => sum + (s.says ?? s.rate * (s.seconds ?? 0)), 0);
    rows[`${side}-${adapter}`] = {
      broadcasts_per_s: step?.says_per_s ?? null,
      saturation_reached: (run?.steps ?? []).some((s) => s.saturated),
      p99_ms: step?.p99_ms ?? null,
      node_cpu_s: run?.node_cpu_s ?? null,
      node_bus_messages: run ? run.node_bus_publish_received.map((n, i) => n + run.node_bus_publishshard_received[i]) : null,
      broadcasts_offered: broadcasts || null,
    };
  }
  const value = (key) => rows[key]?.broadcasts_per_s ?? null;
  return {
    primaries: cluster?.primaries ?? null,
    rows,
    sharded_over_classic: { ours: ratio(value("ours-sharded"), value("ours-redis")), node: ratio(value("node-sharded"), value("node-redis")) },
    ours_over_node: { classic: ratio(value("ours-redis"), value("node-redis")), sharded: ratio(value("ours-sharded"), value("node-sharded")) },
  };
}

// The report's section for the cluster phase.
export function renderCluster(summary, settings, fmt, table) {
  if (!summary || !Object.values(summary.rows).some((row) => row.broadcasts_per_s != null)) return "";
  const w = settings.workload;
  const cell = (row) => `${fmt(row.broadcasts_per_s, 0)}${row.saturation_reached ? "" : " (≥)"}`;
  const label = { redis: "classic (PUBLISH)", sharded: "sharded (SPUBLISH, dynamic)" };
  const rows = ["redis", "sharded"].map((adapter) => [
    label[adapter], cell(summary.rows[`ours-${adapter}`]), cell(summary.rows[`node-${adapter}`]),
    fmt(summary.ours_over_node[adapter === "redis" ? "classic" : "sharded"], 2),
  ]);
  rows.push(["sharded / classic", fmt(summary.sharded_over_classic.ours, 2), fmt(summary.sharded_over_classic.node, 2), ""]);
  const nodes = [];
  for (const { side, adapter } of clusterVariants) {
    const row = summary.rows[`${side}-${adapter}`];
    if (!row.node_cpu_s) continue;
    nodes.push([`${side === "ours" ? "ours" : "Node"}, ${label[adapter]}`,
      row.node_cpu_s.map((s) => fmt(s, 2)).join(" / "), row.node_bus_messages.map((n) => fmt(n, 0)).join(" / ")]);
  }
  return [
    `## Cross-server broadcasts on a ${summary.primaries}-primary Redis Cluster`, "",
    `${w.name}: ${settings.servers ?? 2} servers per side, ${w.clients} clients, ${w.rooms} rooms with one member on each ` +
    `server, rates ${w.rates.join(", ")} says/s, ${w.stepSeconds} s per step, a step saturated at p99 > 50 ms or any loss.`, "",
    table(["cross-server broadcasts/s at saturation", "ours", "Node", "ours/Node"], rows), "",
    table(["run", "CPU s of each node (n1 / n2 / n3), whole run", "pub/sub messages each node's bus received"], nodes), "",
    "- The classic adapter PUBLISHes to its node; the cluster bus copies every message to every other node " +
    "(cluster_stats_messages_publish_received), whether anybody there subscribes or not. SPUBLISH stays on the " +
    "room channel's primary (no replicas here, so its bus receives none).",
  ].join("\n");
}
