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
