// The benchmark's phases, each a function that starts what it needs, measures, stops it and
// returns plain numbers: a fan-out run of one side (our servers or Node's) through the load
// generator, redis-benchmark PUBLISH, the raw Redis fan-out tool, and the connection-scale run.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { measureOtherLoad } from "./machine.mjs";
import { start, stop, run, waitForLine, freePort } from "./processes.mjs";

const nodeServer = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "server.mjs");
const readyLine = /listening on http:\/\/127\.0\.0\.1:(\d+)\//;

// A redis-server with a password and no persistence, pinned like the servers.
export async function startRedis(ctx) {
  const port = await freePort();
  const password = `bench-${Math.random().toString(36).slice(2, 10)}`;
  const dir = mkdtempSync(path.join(ctx.workDir, "redis-"));
  const child = start(
    ["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--requirepass", password,
      "--save", "", "--appendonly", "no", "--dir", dir],
    { cpus: ctx.serverCpus, log: path.join(ctx.logDir, "redis.log") },
  );
  await waitForLine(child, /Ready to accept connections/, 10000, "redis-server");
  return {
    child, port, password, dir,
    url: `redis://:${password}@127.0.0.1:${port}`,
    async stop() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// S servers of one side, each ready (listening, and for ours, subscribed to Redis).
export async function startServers(ctx, side, count, { trace = null } = {}) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const name = `${side === "ours" ? "s" : "n"}${i + 1}`;
      const log = path.join(ctx.logDir, `${ctx.runLabel}-${name}.log`);
      let redisUp = false;
      const argv = side === "ours"
        ? [ctx.scaleout, "serve", "--port", "0", "--name", name, "--redis", ctx.redis.url,
          ...(trace ? ["--trace", `${trace}-${name}.jsonl`] : [])]
        : ["node", nodeServer, "--port", "0", "--name", name, "--redis", ctx.redis.url];
      const child = start(argv, {
        cpus: ctx.serverCpus, log,
        onStderrLine: (line) => { if (/redis up/.test(line)) redisUp = true; },
      });
      servers.push(child);
      const match = await waitForLine(child, readyLine, 15000, `${side} server ${name}`);
      child.port = Number(match[1]);
      if (side === "ours") {
        const deadline = Date.now() + 10000;
        while (!redisUp && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (!redisUp) throw new Error(`our server ${name}: Redis not up within 10 s`);
      }
    }
  } catch (error) {
    await Promise.all(servers.map((child) => stop(child)));
    throw error;
  }
  return servers;
}

// Runs the load generator against `servers` (children with .port and .pid); resolves with its
// JSON lines sorted by type.
export async function runLoadgen(ctx, servers, args) {
  const argv = [ctx.loadgen,
    ...servers.flatMap((child) => ["--server", `http://127.0.0.1:${child.port}`]),
    ...servers.flatMap((child) => ["--server-pid", String(child.pid)]),
    "--redis-pid", String(ctx.redis.child.pid), ...args];
  const { code, stdout } = await run(argv, {
    cpus: ctx.loadgenCpus,
    log: path.join(ctx.logDir, `${ctx.runLabel}-loadgen.log`),
    onStderrLine: (line) => ctx.progress(`  ${line}`),
    timeoutMs: 300000,
  });
  const lines = stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
  const result = {
    exit_code: code,
    connected: lines.find((line) => line.type === "connected") ?? null,
    steps: lines.filter((line) => line.type === "step"),
    done: lines.find((line) => line.type === "done") ?? null,
    error: lines.find((line) => line.type === "error")?.message ?? (code === 0 ? null : `loadgen exited with ${code}`),
  };
  return result;
}

// One side under one workload: fresh servers, the load generator's steps, servers stopped.
export async function fanoutRun(ctx, side, workload, { trace = false } = {}) {
  ctx.runLabel = `${workload.label}-${side}${trace ? "-trace" : ""}`;
  ctx.progress(`${ctx.runLabel}: ${ctx.servers} ${side} servers, ${workload.clients} clients, ${workload.rooms} rooms`);
  const traceBase = trace ? path.join(mkdtempSync(path.join(ctx.workDir, "trace-")), "trace") : null;
  const servers = await startServers(ctx, side, ctx.servers, { trace: traceBase });
  let measured;
  try {
    measured = await measureOtherLoad([...servers.map((child) => child.pid), ctx.redis.child.pid], () =>
      runLoadgen(ctx, servers, [
        "--clients", String(workload.clients), "--rooms", String(workload.rooms),
        "--publishers", String(workload.publishers), "--live-clients", String(workload.liveClients),
        "--payload", String(workload.payload), "--rates", workload.rates.join(","),
        "--step-seconds", String(workload.stepSeconds), "--drain-seconds", String(workload.drainSeconds),
        "--threads", "2", ...(workload.keepGoing ? ["--keep-going"] : []),
      ]));
  } finally {
    await Promise.all(servers.map((child) => stop(child)));
  }
  const result = { side, trace, ...measured.result, load_average_at_start: measured.load_average_at_start,
    other_load_cores: measured.other_load_cores };
  if (traceBase) {
    result.trace_bytes = 0;
    for (let i = 0; i < ctx.servers; i++) {
      try {
        result.trace_bytes += statSync(`${traceBase}-s${i + 1}.jsonl`).size;
      } catch {
        // no file: the server wrote nothing
      }
    }
    rmSync(path.dirname(traceBase), { recursive: true, force: true });
  }
  return result;
}

// redis-benchmark PUBLISH with 50 connections, without and with pipelining 16.
export async function redisBenchmark(ctx, { requests, pipelinedRequests }) {
  const results = [];
  // Pinned like the fan-out runs (Redis on the servers' CPU, the client on the other), and once
  // unpinned: on this kind of VM a cross-CPU wake-up is expensive, and that shows here.
  const layouts = ctx.loadgenCpus === null ? [[1, requests, null], [16, pipelinedRequests, null]]
    : [[1, requests, ctx.loadgenCpus], [16, pipelinedRequests, ctx.loadgenCpus], [1, requests, "unpinned"]];
  for (const [pipeline, count, cpus] of layouts) {
    const argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", String(ctx.redis.port), "-a", ctx.redis.password,
      "--csv", "-n", String(count), "-c", "50", "-P", String(pipeline), "publish", "scaleout-bench", "x".repeat(64)];
    const unpinned = cpus === "unpinned";
    if (unpinned) await setAffinity(ctx.redis.child.pid, null);
    try {
      const { code, stdout } = await run(argv, { cpus: unpinned ? null : cpus, timeoutMs: 120000 });
      const row = stdout.split("\n").find((line) => line.startsWith('"publish'));
      const rps = row ? Number(JSON.parse(`[${row}]`)[1]) : null;
      if (code !== 0 || !rps) throw new Error(`redis-benchmark failed (exit ${code})`);
      results.push({ connections: 50, pipeline, requests: count, pinned: cpus !== null && !unpinned, publishes_per_s: rps });
    } finally {
      if (unpinned) await setAffinity(ctx.redis.child.pid, ctx.serverCpus);
    }
  }
  return results;
}

// Moves a running process to `cpus` ("0"), or lets it run anywhere (null).
async function setAffinity(pid, cpus) {
  const list = cpus ?? `0-${os.cpus().length - 1}`;
  const { code } = await run(["taskset", "-a", "-p", "-c", list, String(pid)], { timeoutMs: 10000 });
  if (code !== 0) throw new Error(`taskset -p ${list} ${pid} failed`);
}

// Our hiredis fan-out tool: one pipelined publisher, N plain subscribers.
export async function redisFanout(ctx, runs) {
  const results = [];
  for (const { subscribers, pipeline, seconds } of runs) {
    const { code, stdout } = await run([ctx.fanout, "--port", String(ctx.redis.port), "--password", ctx.redis.password,
      "--subscribers", String(subscribers), "--pipeline", String(pipeline), "--seconds", String(seconds)],
    { cpus: ctx.loadgenCpus, timeoutMs: 60000 });
    const line = stdout.split("\n").find((text) => text.startsWith("{"));
    if (code !== 0 || !line) throw new Error(`scaleout-redis-fanout failed (exit ${code})`);
    results.push(JSON.parse(line));
  }
  return results;
}

// The write floor: scaleout-write-floor pinned like a server, its reader like the load generator.
export async function writeFloorRun(ctx, { sockets, rooms, frameBytes, rates, stepSeconds }) {
  ctx.progress(`write floor: ${sockets} sockets, ${sockets / rooms} writes per say, ${frameBytes}-byte frames`);
  const argv = [ctx.writeFloor, "--sockets", String(sockets), "--rooms", String(rooms),
    "--frame-bytes", String(frameBytes), "--rates", rates.join(","), "--step-seconds", String(stepSeconds),
    ...(ctx.loadgenCpus !== null ? ["--reader-cpu", ctx.loadgenCpus] : [])];
  const measured = await measureOtherLoad([], () => run(argv, { cpus: ctx.serverCpus, timeoutMs: 120000 }));
  const { code, stdout } = measured.result;
  if (code !== 0) throw new Error(`scaleout-write-floor failed (exit ${code})`);
  const steps = stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
  return { steps, load_average_at_start: measured.load_average_at_start, other_load_cores: measured.other_load_cores };
}

// N clients connected to one server: the time to connect them all and the RSS each one costs.
export async function connectionRun(ctx, side, clients) {
  ctx.runLabel = `connections-${side}`;
  ctx.progress(`${ctx.runLabel}: ${clients} clients on one ${side} server`);
  const servers = await startServers(ctx, side, 1);
  try {
    const result = await runLoadgen(ctx, servers, ["--clients", String(clients), "--rooms", "1",
      "--connect-only", "--threads", "2", "--connect-window", "256"]);
    return { side, clients, exit_code: result.exit_code, error: result.error, ...(result.connected ?? {}) };
  } finally {
    await Promise.all(servers.map((child) => stop(child)));
  }
}
