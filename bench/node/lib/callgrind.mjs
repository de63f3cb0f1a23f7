// The callgrind benchmark (scripts/bench --callgrind): instructions per delivery, in user space,
// of our servers under a fixed workload, counted by valgrind's callgrind. Unlike CPU time, the
// count hardly moves with the machine's load (the other cores busy with builds), so it can judge
// a change on a busy machine. Each workload runs our server processes (`scaleout serve` twice on
// the bench's redis-server, or one `scaleout cluster` with its balancer and links) under
// `valgrind --tool=callgrind --instr-atstart=no`; the load generator (not under valgrind,
// --wait-for-go) connects and joins its clients, then waits for a word before each step.
// Instrumentation is switched on (callgrind_control -i on), a first step warms up (valgrind
// translates every code path the workload takes once, slowly), the counters are zeroed
// (callgrind_control -z), the measured step runs at the same rate, low enough that every say is
// handled on its own (a server under valgrind is ~50x slower), instrumentation is switched off
// before the clients leave, and the servers exit, writing their counts. Instructions of every
// server process over the deliveries the load generator counted in the measured step:
// instructions per delivery. Pings are moved out of the window (--ping-interval 10 minutes) so
// that only the workload is counted. Run to run, the count moves by about 0.1 %.
import { readdirSync, readFileSync, mkdtempSync } from "node:fs";
import path from "node:path";

import { start, stop, run, waitForLine } from "./processes.mjs";

const pingInterval = "600000";  // no ping inside the measured window
const readyTimeoutMs = 120000;  // a server starting under valgrind on a loaded machine

function underCallgrind(outFile, argv) {
  return ["valgrind", "--tool=callgrind", "--instr-atstart=no", `--callgrind-out-file=${outFile}`, ...argv];
}

// Our server processes of one workload, each under callgrind, ready; resolves with the children
// and the URLs the load generator connects to.
async function startServers(ctx, workload, dir) {
  const children = [];
  try {
    if (workload.kind === "serve") {
      for (let i = 0; i < workload.servers; i++) {
        const name = `s${i + 1}`;
        let redisUp = false;
        const child = start(underCallgrind(path.join(dir, `callgrind.${name}.out`),
          [ctx.scaleout, "serve", "--port", "0", "--name", name, "--redis", ctx.redis.url,
            "--ping-interval", pingInterval]), {
          cpus: ctx.serverCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-${name}.log`),
          onStderrLine: (line) => { if (/redis up/.test(line)) redisUp = true; },
        });
        children.push(child);
        const match = await waitForLine(child, /listening on http:\/\/127\.0\.0\.1:(\d+)\//, readyTimeoutMs, `server ${name}`);
        child.url = `http://127.0.0.1:${match[1]}`;
        await until(() => redisUp, readyTimeoutMs, `server ${name}: Redis not up`);
      }
    } else {
      let redisUp = 0;
      const child = start(underCallgrind(path.join(dir, "callgrind.cluster.out"),
        [ctx.scaleout, "cluster", "--servers", String(workload.servers), "--redis", ctx.redis.url,
          "--policy", "round-robin", "--ping-interval", pingInterval,
          ...(workload.links ? [] : ["--no-links"])]), {
        cpus: ctx.serverCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-cluster.log`),
        onStderrLine: (line) => { if (/redis up/.test(line)) redisUp++; },
      });
      children.push(child);
      const match = await waitForLine(child, /load balancer on http:\/\/127\.0\.0\.1:(\d+)/, readyTimeoutMs, "scaleout cluster");
      child.url = `http://127.0.0.1:${match[1]}`;
      await until(() => redisUp >= workload.servers, readyTimeoutMs, "scaleout cluster: Redis not up on every server");
    }
  } catch (error) {
    await Promise.all(children.map((child) => stop(child)));
    throw error;
  }
  return children;
}

async function until(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// callgrind_control with `args` on every child.
async function control(children, args) {
  for (const child of children) {
    const { code } = await run(["callgrind_control", ...args, String(child.pid)], { timeoutMs: 60000 });
    if (code !== 0) throw new Error(`callgrind_control ${args.join(" ")} ${child.pid} failed`);
  }
}

// Resolves once `child` has printed `count` lines matching `pattern`; rejects when it exits first.
async function linesSeen(child, pattern, count, what) {
  const seen = () => child.output.split("\n").filter((line) => pattern.test(line)).length >= count;
  let exited = false;
  child.exited.then(() => { exited = true; });
  while (!seen()) {
    if (exited) throw new Error(`${what}: the load generator exited`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The instructions (Ir) a callgrind output file counted: its `totals` (its `summary` stays 0 when
// instrumentation was off at the end).
function instructionsIn(file) {
  const text = readFileSync(file, "utf8");
  const match = text.match(/^totals:\s*(\d+)/m);
  if (!match) throw new Error(`${file}: no instruction count`);
  return Number(match[1]);
}

// One workload: servers under callgrind, the load generator's one step, the counts.
export async function callgrindRun(ctx, workload) {
  ctx.runLabel = `callgrind-${workload.label}`;
  ctx.progress(`${ctx.runLabel}: ${workload.name}, ${workload.rate} says/s for ${workload.stepSeconds} s, under callgrind`);
  const dir = mkdtempSync(path.join(ctx.workDir, "callgrind-"));
  const servers = await startServers(ctx, workload, dir);
  let lines = [];
  try {
    const loadgen = start([ctx.loadgen, ...servers.flatMap((child) => ["--server", child.url]),
      "--clients", String(workload.clients), "--rooms", String(workload.rooms),
      "--publishers", String(workload.publishers), "--live-clients", String(workload.liveClients),
      "--payload", String(workload.payload), "--rates", `${workload.rate},${workload.rate}`,
      "--step-seconds", String(workload.stepSeconds), "--drain-seconds", "10",
      "--threads", "2", "--keep-going", "--wait-for-go"], {
      cpus: ctx.loadgenCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-loadgen.log`), stdin: true,
      onStderrLine: (line) => ctx.progress(`  ${line}`),
    });
    const step = /^\{"type":"step"/;
    try {
      await linesSeen(loadgen, /^\{"type":"connected"/, 1, "connecting");
      await control(servers, ["-i", "on"]);
      loadgen.stdin.write("warm up\n");
      await linesSeen(loadgen, step, 1, "the warm-up step");
      await control(servers, ["-z"]);
      loadgen.stdin.write("measure\n");
      await linesSeen(loadgen, /^\{"type":"done"/, 1, "the measured step");
      await control(servers, ["-i", "off"]);
      loadgen.stdin.end("leave\n");
      const { code } = await loadgen.exited;
      lines = loadgen.output.split("\n").filter((line) => step.test(line)).map((line) => JSON.parse(line));
      if (code !== 0) throw new Error(`load generator exited with ${code}`);
    } finally {
      await stop(loadgen);
    }
  } finally {
    // Under valgrind a server takes a while to write its counts once told to stop.
    await Promise.all(servers.map((child) => stop(child, 60000)));
  }
  const step = lines[1];
  if (!step) throw new Error("the load generator ran no measured step");
  const files = readdirSync(dir).filter((name) => name.startsWith("callgrind."));
  if (files.length !== servers.length) throw new Error(`expected ${servers.length} callgrind outputs, found ${files.length}`);
  const instructions = files.reduce((sum, name) => sum + instructionsIn(path.join(dir, name)), 0);
  return {
    label: workload.label,
    name: workload.name,
    rate: workload.rate,
    step_seconds: workload.stepSeconds,
    says: step.says,
    deliveries: step.deliveries,
    deliveries_expected: step.deliveries_expected,
    instructions,
    instructions_per_delivery: step.deliveries ? instructions / step.deliveries : null,
    instructions_per_say: step.says ? instructions / step.says : null,
  };
}
