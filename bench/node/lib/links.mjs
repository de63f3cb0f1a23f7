// The links phase: what the network's links (docs/network-links.md) cost when no fault is set.
// One `scaleout cluster` process (its servers on the bench's redis-server, behind its own load
// balancer, round robin) runs the load generator's workload with every client connected through
// the balancer, once with links (the default: the balancer's tunnels cross the `clients` and `sN`
// links, each server's Redis connections cross an `sN-redis` relay) and once with --no-links
// (the same balancer as a plain relay, Redis reached directly), alternating so that drift in the
// machine's load falls on both. CPU per delivery is the whole cluster process's (servers,
// balancer, relays) over its deliveries.
import path from "node:path";

import { measureOtherLoad } from "./machine.mjs";
import { start, stop, waitForLine } from "./processes.mjs";
import { runLoadgen } from "./phases.mjs";

// A cluster of `servers` on the bench's Redis; resolves once its balancer listens and every
// server's Redis link is up.
async function startCluster(ctx, servers, links) {
  let redisUp = 0;
  const child = start(
    [ctx.scaleout, "cluster", "--servers", String(servers), "--redis", ctx.redis.url,
      "--policy", "round-robin", ...(links ? [] : ["--no-links"])],
    {
      cpus: ctx.serverCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-cluster.log`),
      onStderrLine: (line) => { if (/redis up/.test(line)) redisUp++; },
    },
  );
  try {
    const match = await waitForLine(child, /load balancer on http:\/\/127\.0\.0\.1:(\d+)/, 15000, "scaleout cluster");
    child.port = Number(match[1]);
    const deadline = Date.now() + 10000;
    while (redisUp < servers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (redisUp < servers) throw new Error(`scaleout cluster: Redis not up on every server within 10 s`);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return child;
}

// One workload through the balancer of one cluster, with or without links.
async function linksRun(ctx, workload, links) {
  ctx.runLabel = `${workload.label}-${links ? "links" : "no-links"}`;
  ctx.progress(`${ctx.runLabel}: ${workload.servers} servers behind the balancer, ${workload.clients} clients, ${workload.rooms} rooms`);
  const cluster = await startCluster(ctx, workload.servers, links);
  let measured;
  try {
    measured = await measureOtherLoad([cluster.pid, ctx.redis.child.pid], () =>
      runLoadgen(ctx, [cluster], [
        "--clients", String(workload.clients), "--rooms", String(workload.rooms),
        "--publishers", String(workload.publishers), "--live-clients", String(workload.liveClients),
        "--payload", String(workload.payload), "--rates", workload.rates.join(","),
        "--step-seconds", String(workload.stepSeconds), "--drain-seconds", String(workload.drainSeconds),
        "--threads", "2", "--keep-going",
      ]));
  } finally {
    await stop(cluster);
  }
  return { links, ...measured.result, load_average_at_start: measured.load_average_at_start,
    other_load_cores: measured.other_load_cores };
}

// Each workload in the order without, with, with, without links (so that a trend in the
// machine's load weighs on both sides alike); a failed run is recorded and the others go on.
export async function linksPhase(ctx, workloads, attempt) {
  const out = {};
  for (const workload of workloads) {
    const runs = [];
    for (const links of workload.order) {
      const label = `${workload.label}, ${links ? "links" : "no links"}`;
      const result = await attempt(label, () => linksRun(ctx, workload, links));
      if (result) runs.push(result);
    }
    out[workload.label] = { workload: workload.name, runs };
  }
  return out;
}

// Per rate: CPU per delivery without and with links, each pooled over its runs (total CPU over
// total deliveries) that delivered everything and kept up: the cluster's CPU not full and p99
// under 200 ms. A cluster that falls behind (its CPU full, or taken by other processes on a
// shared machine) batches its work and costs less per delivery: that would compare load, not
// links. A rate counts when at least one run of each side kept up; the headline pools the rates
// from `headlineFrom` says/s up (CPU time comes in 10 ms ticks: low rates are noise).
export function summarizeLinks(phase, workloads, { serverCpus }) {
  const usable = (step) => step && step.lost === 0 && step.deliveries === step.deliveries_expected &&
    step.server_cpu_cores < 0.85 * serverCpus && step.p99_ms < 200;
  const summary = {};
  for (const [label, { workload, runs }] of Object.entries(phase ?? {})) {
    const headlineFrom = workloads?.find((w) => w.label === label)?.headlineFrom ?? 0;
    const rates = [...new Set(runs.flatMap((run) => (run.steps ?? []).map((step) => step.rate)))].sort((a, b) => a - b);
    const rows = [];
    for (const rate of rates) {
      const steps = runs.map((run) => ({ links: run.links, step: (run.steps ?? []).find((s) => s.rate === rate) }))
        .filter(({ step }) => usable(step));
      const pool = (links) => {
        const mine = steps.filter((entry) => entry.links === links).map(({ step }) => step);
        if (!mine.length) return null;
        const cpu = mine.reduce((sum, step) => sum + step.server_cpu_s, 0);
        const deliveries = mine.reduce((sum, step) => sum + step.deliveries, 0);
        return { us_per_delivery: (cpu / deliveries) * 1e6, deliveries_per_s: mine[0].deliveries_per_s,
          p99_ms: Math.max(...mine.map((step) => step.p99_ms)), runs: mine.length, cpu_s: cpu, deliveries };
      };
      const without = pool(false);
      const withLinks = pool(true);
      if (!without || !withLinks) continue;
      rows.push({ rate, without, with: withLinks, ratio: withLinks.us_per_delivery / without.us_per_delivery });
    }
    // Each rate weighs the same on both sides (its CPU per delivery times its rate), whatever
    // number of runs kept up there.
    const pooled = rows.filter((row) => row.rate >= headlineFrom);
    const weighted = (side) => pooled.reduce((sum, row) => sum + row[side].us_per_delivery * row.rate, 0);
    summary[label] = {
      workload, per_rate: rows, pooled_rates: pooled.map((row) => row.rate),
      ratio_pooled: pooled.length ? weighted("with") / weighted("without") : null,
    };
  }
  return summary;
}

// The targets of issues 16 and 28: links in the path with no fault cost at most 10 % more CPU
// per delivery, for rooms spanning both servers and for rooms of 2 (cross-server broadcasts).
export function linksTargets(summary) {
  return Object.values(summary ?? {}).map((workload) => {
    const value = workload.ratio_pooled ?? null;
    return { name: `links with no fault / no links, CPU per delivery (${workload.workload}, pooled steps)`,
      value, goal: "<= 1.10", met: value == null ? null : value <= 1.1 };
  });
}

const fmt = (value, digits = 2) => (value == null || Number.isNaN(value) ? "–" : value.toFixed(digits));

// `workloads`: the settings' link workloads, for their sizes.
export function renderLinks(summary, workloads) {
  const lines = ["## Links: the cost of links with no fault (same cluster, through its balancer)", ""];
  lines.push("One `scaleout cluster` process (2 servers on the same redis-server, behind its balancer, round robin), " +
    "every client through the balancer; with links (the default) and with `--no-links`, alternating. " +
    "Server CPU is the whole cluster process's (servers, balancer, relays), per delivery; pooled over the runs " +
    "of each side that delivered everything and kept up at that rate (the cluster's CPU below 85%, p99 under " +
    "200 ms: a run starved by other processes batches its work and is not comparable).", "");
  for (const [label, { workload, per_rate: rows }] of Object.entries(summary ?? {})) {
    const w = workloads?.find((entry) => entry.label === label);
    lines.push(`### ${workload}${w ? `: ${w.clients} clients, ${w.rooms} rooms, ${w.publishers} publishers` : ""}`, "");
    if (!rows.length) {
      lines.push("_no rate passed in every run_", "");
      continue;
    }
    lines.push("| says/s | deliveries/s | CPU µs / delivery, no links | with links | with / without | runs kept up, no links / links | p99 ms, no links | with links |",
      "|---|---|---|---|---|---|---|---|",
      ...rows.map((row) => `| ${row.rate} | ${Math.round(row.without.deliveries_per_s).toLocaleString("en-US")} | ` +
        `${fmt(row.without.us_per_delivery)} | ${fmt(row.with.us_per_delivery)} | **${fmt(row.ratio, 3)}** | ` +
        `${row.without.runs} / ${row.with.runs} | ${fmt(row.without.p99_ms)} | ${fmt(row.with.p99_ms)} |`), "");
    lines.push(`Pooled over the steps from ${w?.headlineFrom ?? 0} says/s up ` +
      `(${summary[label].pooled_rates.join(", ")}): links cost **${fmt(summary[label].ratio_pooled, 3)}×** the CPU per delivery.`, "");
  }
  return lines.join("\n");
}
