// Test harness for the interop tests: starts the scaleout binary and redis-server as child
// processes on free loopback ports, connects stock socket.io-client sockets, and waits on events
// with deadlines. Every process it starts is killed when the test process exits.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { io } from "socket.io-client";

const children = new Set();
function killAll() {
  for (const child of children) {
    try { child.kill("SIGKILL"); } catch { /* already gone */ }
  }
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => { killAll(); process.exit(1); });
}

export const scaleoutBinary = process.env.SCALEOUT_BIN;
if (!scaleoutBinary) throw new Error("SCALEOUT_BIN must name the scaleout executable");

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Spawns a process and resolves once a line of its stdout matches `ready`, with the match.
export function spawnUntil(command, args, ready, { timeoutMs = 10000, env } = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not become ready:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => output });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => { output += chunk; });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

// Starts `scaleout serve`; resolves with { url, child, stop }.
export async function startServer(args = []) {
  const { child, match } = await spawnUntil(
    scaleoutBinary, ["serve", "--port", "0", ...args], /listening on (http:\/\/[^\s/]+)/);
  return { url: match[1], child, stop: () => stopChild(child) };
}

export async function stopChild(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  await exited;
}

export async function startRedis() {
  const port = await freePort();
  const { child } = await spawnUntil(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    /Ready to accept connections/);
  return { port, url: `redis://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

// Resolves with the arguments of the next `event` on `emitter`; rejects after `timeoutMs`.
export function next(emitter, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, handler);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, handler);
  });
}

// Collects every `event` on `emitter` into an array.
export function collect(emitter, event) {
  const seen = [];
  emitter.on(event, (...args) => seen.push(args.length === 1 ? args[0] : args));
  return seen;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// A connected socket.io-client socket and its `welcome` payload.
export async function connect(url, options = {}) {
  const socket = io(url, { forceNew: true, reconnection: false, ...options });
  const welcome = next(socket, "welcome");
  await next(socket, "connect");
  return { socket, welcome: (await welcome)[0] };
}

// ---- Redis adapter interop (redis_adapter, observe and trace tests) -----------------------

// Spawns a process and keeps its stdout and stderr; `waitForOutput(regex)` resolves with the
// first match in either stream (already printed or still to come) and rejects after timeoutMs
// or when the process exits first.
export function spawnWatched(command, args, { env } = {}) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  children.add(child);
  child.on("exit", () => children.delete(child));
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => { out.stdout += chunk; });
  child.stderr.on("data", (chunk) => { out.stderr += chunk; });
  const waitForOutput = async (regex, timeoutMs = 10000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = out.stdout.match(regex) ?? out.stderr.match(regex);
      if (match) return match;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before ${regex}:\n${out.stdout}${out.stderr}`);
      }
      if (Date.now() > deadline) throw new Error(`${command}: no ${regex} within ${timeoutMs} ms:\n${out.stdout}${out.stderr}`);
      await sleep(10);
    }
  };
  return { child, stdout: () => out.stdout, stderr: () => out.stderr, waitForOutput, stop: (signal) => stopChild(child, signal) };
}

// redis-server with `requirepass`; `url` carries the password (redis://:pw@127.0.0.1:P).
export async function startRedisWithPassword(password) {
  const port = await freePort();
  const { child } = await spawnUntil(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", password],
    /Ready to accept connections/);
  return { port, url: `redis://:${password}@127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

// `scaleout serve --redis URL --name NAME`, resolved once it listens and its link to Redis is up
// (subscriptions sent). Resolves with { url, name, child, stop, stdout, stderr }.
export async function startRedisServer(redisUrl, name, args = []) {
  const process_ = spawnWatched(scaleoutBinary, ["serve", "--port", "0", "--name", name, "--redis", redisUrl, ...args]);
  const match = await process_.waitForOutput(/listening on (http:\/\/[^\s/]+)/);
  await process_.waitForOutput(/redis up/);
  return { ...process_, url: match[1], name };
}

// A real Redis Cluster of our own (bench/redis_cluster.cpp) until the test ends; resolves with
// {seeds: "127.0.0.1:P1,...", stop}.
export async function startRedisCluster({ primaries = 3, replicas = 0, password } = {}) {
  const binary = process.env.REDIS_CLUSTER_BIN;
  if (!binary) throw new Error("REDIS_CLUSTER_BIN must name the scaleout-redis-cluster executable");
  const args = ["--primaries", String(primaries), "--replicas", String(replicas)];
  if (password) args.push("--password", password);
  const { child, match } = await spawnUntil(binary, args, /redis-cluster ready: (\S+)/, { timeoutMs: 60000 });
  return { seeds: match[1], child, stop: () => stopChild(child) };
}

// `scaleout serve` on a Redis Cluster (--redis-cluster SEEDS), once its link is up.
export async function startClusterServer(seeds, name, args = []) {
  const process_ = spawnWatched(scaleoutBinary, ["serve", "--port", "0", "--name", name, "--redis-cluster", seeds, ...args]);
  const match = await process_.waitForOutput(/listening on (http:\/\/[^\s/]+)/);
  await process_.waitForOutput(/redis up/);
  return { ...process_, url: match[1], name };
}

// The stock Node socket.io + @socket.io/redis-adapter server of lib/node_server.mjs.
// `admin(command)` runs one of its test hooks and resolves with {ok, result | error, ms}.
// `redisUrl` null: `args` say where Redis is (--redis-cluster SEEDS --adapter sharded).
export async function startNodeServer(redisUrl, name = "node1", args = []) {
  const script = new URL("./node_server.mjs", import.meta.url).pathname;
  const where = redisUrl ? ["--redis", redisUrl] : [];
  const process_ = spawnWatched(process.execPath, [script, "--port", "0", ...where, "--name", name, ...args]);
  const match = await process_.waitForOutput(/listening on (http:\/\/[^\s/]+)/);
  const url = match[1];
  const admin = async (command, timeoutMs = 10000) => {
    const response = await fetch(`${url}/admin`, {
      method: "POST",
      body: JSON.stringify(command),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.json();
  };
  return { ...process_, url, name, admin };
}

// A plain node-redis client (for PUBSUB NUMSUB, raw PUBLISHes and the redis-emitter).
export async function redisClient(url) {
  const { createClient } = await import("redis");
  const client = createClient({ url });
  client.on("error", () => { /* the tests look at results, not at reconnection noise */ });
  await client.connect();
  return client;
}

// PUBSUB NUMSUB of one channel: the server count the adapter's requests rely on.
export async function numsub(client, channel) {
  const counts = await client.pubSubNumSub(channel);
  return Number(counts[channel] ?? 0);
}

// Waits until `count` connections are SUBSCRIBEd to `channel` (e.g. every server to its
// request channel, so that nothing published next can come before a server listens).
export async function waitForNumsub(client, channel, count, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let seen;
  while ((seen = await numsub(client, channel)) !== count) {
    if (Date.now() > deadline) throw new Error(`PUBSUB NUMSUB ${channel} is ${seen}, not ${count}`);
    await sleep(20);
  }
}
