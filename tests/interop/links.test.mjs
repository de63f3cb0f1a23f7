// Issue 16, links: a stock socket.io-client 4.8 reaches `scaleout cluster` through its load
// balancer; with latency L on the `clients` link (`--link clients=latency:L`) every round trip
// (an acknowledged emit, socket.io's own recipe for a ping) grows by 2L: L on the way in, L on
// the way out. Also the command line: `--help` shows the fault syntax, a bad fault string is
// refused with exit 2 and what was expected, and an unknown link likewise.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { connect, next, scaleoutBinary, spawnWatched } from "./lib/harness.mjs";

const run = promisify(execFile);
const latencyMs = 150;

const clusters = [];
after(async () => {
  for (const cluster of clusters) await cluster.stop();
});

// `scaleout cluster` with an embedded Redis; resolves with its balancer's URL once it is ready.
async function startCluster(args) {
  const cluster = spawnWatched(scaleoutBinary, ["cluster", "--servers", "2", ...args]);
  clusters.push(cluster);
  const [, url] = await cluster.waitForOutput(/load balancer on (http:\/\/\S+)/);
  return url;
}

// The median of `count` acknowledged round trips of a client with the default transports
// (polling, then the upgrade to WebSocket), measured once it has upgraded.
async function medianRoundTrip(url, count = 7) {
  const { socket } = await connect(url);
  if (socket.io.engine.transport.name !== "websocket") await next(socket.io.engine, "upgrade", 10000);
  const times = [];
  for (let i = 0; i < count; ++i) {
    const start = performance.now();
    await socket.timeout(5000).emitWithAck("whoami");
    times.push(performance.now() - start);
  }
  socket.disconnect();
  times.sort((a, b) => a - b);
  return times[Math.floor(count / 2)];
}

test("latency L on the clients link makes a stock client's round trip about 2L longer", async (t) => {
  const [plain, slow] = await Promise.all([
    startCluster([]),
    startCluster(["--link", `clients=latency:${latencyMs}ms`]),
  ]);
  const fast = await medianRoundTrip(plain);
  const delayed = await medianRoundTrip(slow);
  t.diagnostic(`round trip ${fast.toFixed(1)} ms without, ${delayed.toFixed(1)} ms with L = ${latencyMs} ms`);
  // Each direction waits at least L: never less than 2L. Upward, room for a loaded machine.
  assert.ok(delayed >= 2 * latencyMs, `round trip ${delayed} ms with latency ${latencyMs} ms`);
  assert.ok(delayed - fast <= 2 * latencyMs + 150, `grew by ${delayed - fast} ms, not about ${2 * latencyMs}`);
});

test("--help shows the link syntax with examples", async () => {
  const { stdout } = await run(scaleoutBinary, ["cluster", "--help"]);
  assert.match(stdout, /--link SETTING/);
  assert.match(stdout, /TARGET\[:DIRECTION\]=FAULT\[,FAULT\.\.\.\]/);
  assert.match(stdout, /s2-redis=partition/);
  assert.match(stdout, /all=latency:300ms/);
});

test("a bad fault string is refused with exit 2 and what was expected", async () => {
  const failure = await run(scaleoutBinary, ["cluster", "--link", "s2=latency:fast"]).then(
    () => assert.fail("accepted"), (error) => error);
  assert.equal(failure.code, 2);
  assert.match(failure.stderr, /bad delay 'fast': expected a duration such as 300ms/);
});

test("a link the world does not have is refused with exit 2 and the links it has", async () => {
  const failure = await run(scaleoutBinary, ["cluster", "--servers", "1", "--link", "s5-redis=down"]).then(
    () => assert.fail("accepted"), (error) => error);
  assert.equal(failure.code, 2);
  assert.match(failure.stderr, /no link named 's5-redis'; links here: clients, s1, s1-redis/);
});
