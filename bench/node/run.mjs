// The benchmark's orchestrator, run by scripts/bench (see its --help): starts one redis-server,
// then for each side (our `scaleout serve` processes, then Node's) the same load generator
// workload at rising rates, our side once more with --trace, a cross-server broadcast workload,
// the cost of the network's links (one `scaleout cluster` with and without them), the write floor
// (one write() per delivery, the least a delivery can cost here), Redis' own limits, the
// connection-scale run and the burst with a stuck member; then writes
// bench-results/<timestamp>.{md,json}. With --callgrind-only it counts instead our servers'
// instructions per delivery under callgrind (lib/callgrind.mjs).
// Every child is stopped on the way out, whatever happens.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { benchConfig } from "./lib/config.mjs";
import { machineInfo, loadAverage } from "./lib/machine.mjs";
import { fanoutRun, redisBenchmark, redisFanout, connectionRun, startRedis, writeFloorRun } from "./lib/phases.mjs";
import { callgrindRun } from "./lib/callgrind.mjs";
import { burstRun } from "./lib/burst.mjs";
import { linksPhase, linksTargets, summarizeLinks } from "./lib/links.mjs";
import { killAll } from "./lib/processes.mjs";
import { summarize } from "./lib/summary.mjs";
import { writeReport } from "./lib/report.mjs";

const { values: args } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    "build-dir": { type: "string" },
    "out-dir": { type: "string" },
    "no-pin": { type: "boolean", default: false },
    "connections-only": { type: "boolean", default: false },
    "skip-connections": { type: "boolean", default: false },
    "burst-only": { type: "boolean", default: false },
    "links-only": { type: "boolean", default: false },
    "callgrind-only": { type: "boolean", default: false },
    root: { type: "string" },
    command: { type: "string", default: "scripts/bench" },
  },
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    killAll();
    process.exit(1);
  });
}
process.on("exit", killAll);

const progress = (text) => console.error(`bench: ${text}`);

async function main() {
  const root = args.root;
  const buildDir = args["build-dir"];
  const config = benchConfig({ smoke: args.smoke });
  const machine = machineInfo();
  const pin = !args.smoke && !args["no-pin"] && machine.nproc >= 2;
  // scripts/bench gives a directory of its own, removed or kept as a whole when the run ends.
  const workDir = process.env.SCALEOUT_BENCH_TMP ?? mkdtempSync(path.join(tmpdir(), "scaleout-bench-"));
  const logDir = path.join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const ctx = {
    scaleout: path.join(buildDir, "cli", "scaleout"),
    loadgen: path.join(buildDir, "bench", "scaleout-loadgen"),
    fanout: path.join(buildDir, "bench", "scaleout-redis-fanout"),
    writeFloor: path.join(buildDir, "bench", "scaleout-write-floor"),
    servers: config.servers,
    serverCpus: pin ? "0" : null,
    loadgenCpus: pin ? String(machine.nproc - 1) : null,
    logDir,
    workDir,
    progress,
  };
  for (const binary of [ctx.scaleout, ctx.loadgen, ctx.fanout, ctx.writeFloor]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: build the project first`);
  }
  const settings = {
    smoke: args.smoke,
    servers: config.servers,
    fanout: config.fanout,
    broadcast: config.broadcast,
    connections: config.connections,
    burst: config.burst,
    links: config.links,
    floor: config.floor,
    callgrind: args["callgrind-only"] ? config.callgrind : null,
    pinning: pin
      ? `servers and redis-server on CPU 0, load generator and Redis tools on CPU ${ctx.loadgenCpus} (taskset)`
      : "none",
  };
  const report = {
    started_at: new Date().toISOString(),
    command: args.command,
    commit: gitCommit(root),
    machine,
    load_average_at_start: loadAverage(),
    settings,
    results: { fanout: {}, broadcast: {}, connections: {}, burst: {}, links: {}, callgrind: [], errors: [] },
  };
  const results = report.results;
  progress(`load average ${report.load_average_at_start.join(" ")}; pinning: ${settings.pinning}; logs in ${logDir}`);

  ctx.redis = await startRedis(ctx);
  try {
    const attempt = async (label, body) => {
      try {
        return await body();
      } catch (error) {
        results.errors.push(`${label}: ${error.message}`);
        progress(`${label} failed: ${error.message}`);
        return null;
      }
    };
    const only = args["connections-only"] || args["burst-only"] || args["links-only"] || args["callgrind-only"];
    if (args["callgrind-only"]) {
      for (const workload of config.callgrind) {
        const result = await attempt(`callgrind, ${workload.label}`, () => callgrindRun(ctx, workload));
        if (result) results.callgrind.push(result);
      }
    }
    if (!only) {
      const fanout = { ...config.fanout, label: "fanout" };
      const broadcast = { ...config.broadcast, label: "broadcast" };
      results.fanout.ours = await attempt("fan-out, ours", () => fanoutRun(ctx, "ours", fanout));
      // Right after our run, so that both see the same machine.
      results.floor = await attempt("write floor", () => writeFloorRun(ctx, config.floor));
      results.fanout.node = await attempt("fan-out, Node", () => fanoutRun(ctx, "node", fanout));
      // The same rates as the first run, up to where it saturated, now with tracing on.
      const lastRate = results.fanout.ours?.steps?.at(-1)?.rate;
      const tracedRates = fanout.rates.filter((rate) => lastRate == null || rate <= lastRate);
      results.fanout.ours_trace = await attempt("fan-out, ours with --trace",
        () => fanoutRun(ctx, "ours", { ...fanout, rates: tracedRates }, { trace: true }));
      results.broadcast.ours = await attempt("broadcasts, ours", () => fanoutRun(ctx, "ours", broadcast));
      results.broadcast.node = await attempt("broadcasts, Node", () => fanoutRun(ctx, "node", broadcast));
    }
    if (!args["connections-only"] && !args["burst-only"] && !args["callgrind-only"]) {
      results.links = await linksPhase(ctx, config.links, attempt);
    }
    if (!only) {
      progress("redis-benchmark PUBLISH");
      results.redis_benchmark = await attempt("redis-benchmark", () => redisBenchmark(ctx, config.redisBenchmark));
      progress("raw Redis fan-out");
      results.redis_fanout = await attempt("scaleout-redis-fanout", () => redisFanout(ctx, config.redisFanout));
    }
    if (!args["skip-connections"] && (!only || args["connections-only"])) {
      results.connections.ours = await attempt("connections, ours", () => connectionRun(ctx, "ours", config.connections));
      results.connections.node = await attempt("connections, Node", () => connectionRun(ctx, "node", config.connections));
    }
    if (!only || args["burst-only"]) {
      results.burst.ours = await attempt("burst, ours", () => burstRun(ctx, "ours", config.burst));
      results.burst.node = await attempt("burst, Node", () => burstRun(ctx, "node", config.burst));
    }
  } finally {
    await ctx.redis.stop();
  }

  report.summary = summarize(results, { serverCpus: pin ? 1 : machine.nproc });
  report.summary.links = summarizeLinks(results.links, config.links, { serverCpus: pin ? 1 : machine.nproc });
  report.summary.targets.push(...linksTargets(report.summary.links));
  const files = writeReport(args["out-dir"], report);
  progress(`report: ${files.markdown}`);
  const failures = checkResults(report, args.smoke);
  for (const file of [files.markdown, files.json]) {
    if (!existsSync(file) || statSync(file).size === 0) failures.push(`report file ${file} was not written`);
  }
  for (const failure of failures) progress(`FAILED: ${failure}`);
  return failures.length ? 1 : 0;
}

// What makes the run a failure: errors, lost or extra deliveries where the smoke run expects none
// (the smoke run checks delivery only, never speed), and, for every run, missing report parts.
function checkResults(report, smoke) {
  const failures = [...report.results.errors];
  if (!smoke) return failures;
  const runs = [
    ["fan-out, ours", report.results.fanout.ours], ["fan-out, Node", report.results.fanout.node],
    ["fan-out, ours with --trace", report.results.fanout.ours_trace],
    ["broadcasts, ours", report.results.broadcast.ours], ["broadcasts, Node", report.results.broadcast.node],
  ];
  for (const [label, { runs: linkRuns }] of Object.entries(report.results.links ?? {})) {
    for (const run of linkRuns) runs.push([`${label}, ${run.links ? "links" : "no links"}`, run]);
  }
  for (const [label, run] of runs) {
    if (!run) continue;  // already in errors
    if (run.error) failures.push(`${label}: ${run.error}`);
    if (!run.steps?.length) failures.push(`${label}: no step ran`);
    for (const step of run.steps ?? []) {
      if (step.deliveries !== step.deliveries_expected) {
        failures.push(`${label}: at ${step.rate} says/s, ${step.deliveries} of ${step.deliveries_expected} deliveries`);
      }
    }
  }
  for (const side of ["ours", "node"]) {
    const run = report.results.connections[side];
    if (run && run.exit_code !== 0) failures.push(`connections, ${side}: ${run.error}`);
  }
  for (const side of ["ours", "node"]) {
    const run = report.results.burst[side];
    if (run && run.received !== run.said) failures.push(`burst, ${side}: the reader got ${run.received} of ${run.said}`);
    if (run?.publisher_disconnected) failures.push(`burst, ${side}: the publisher was disconnected (${run.publisher_disconnected})`);
  }
  return failures;
}

function gitCommit(root) {
  try {
    return execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    progress(error.message);
    killAll();
    process.exit(1);
  },
);
