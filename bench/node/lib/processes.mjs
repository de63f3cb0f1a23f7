// Child processes of the benchmark: started with an optional CPU pin (taskset), their output
// kept in a log file, waited on for a ready line, and always stopped. Every PID is also written to
// the file named by $SCALEOUT_BENCH_PIDFILE, so that scripts/bench can kill them even if this
// Node process itself is killed without a chance to clean up.
import { spawn, execFileSync } from "node:child_process";
import { appendFileSync, createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";

const children = new Set();
const pidFile = process.env.SCALEOUT_BENCH_PIDFILE;

// Runs `argv` (pinned to `cpus`, e.g. "0", when given) with stdout and stderr going to `log`
// (and, for stdout, also to `onLine` line by line); with `stdin`, child.stdin is a pipe to it.
export function start(argv, { cpus = null, log = null, onLine = null, onStderrLine = null, stdin = false } = {}) {
  const command = cpus === null ? argv : ["taskset", "-c", String(cpus), ...argv];
  const child = spawn(command[0], command.slice(1), { stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"] });
  children.add(child);
  if (pidFile && child.pid) appendFileSync(pidFile, `${child.pid} ${startTime(child.pid)}\n`);
  const logStream = log ? createWriteStream(log, { flags: "a" }) : null;
  child.output = "";
  child.exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      children.delete(child);
      child.exitCode_ = code;
      child.exitSignal_ = signal;
      resolve({ code, signal });
    });
    child.on("error", (error) => {
      children.delete(child);
      child.spawnError = error;
      resolve({ code: null, signal: null, error });
    });
  });
  forwardLines(child.stdout, (line) => {
    child.output += line + "\n";
    logStream?.write(line + "\n");
    onLine?.(line);
  });
  forwardLines(child.stderr, (line) => {
    logStream?.write(line + "\n");
    onStderrLine?.(line);
  });
  return child;
}

// Field 22 of /proc/<pid>/stat: when the process started, which tells it from a later process
// that got the same PID.
function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return "0";
  }
}

function forwardLines(stream, onLine) {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  });
  stream.on("end", () => pending && onLine(pending));
}

// Resolves with the first stdout line matching `pattern` (its match), or rejects when the child
// exits first or `timeoutMs` passes.
export function waitForLine(child, pattern, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const found = child.output.split("\n").map((line) => line.match(pattern)).find(Boolean);
    if (found) return resolve(found);
    const timer = setTimeout(() => reject(new Error(`${what}: not ready within ${timeoutMs} ms`)), timeoutMs);
    child.stdout.on("data", () => {
      const match = child.output.split("\n").map((line) => line.match(pattern)).find(Boolean);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.exited.then(({ code, signal, error }) => {
      clearTimeout(timer);
      reject(new Error(`${what}: ${error ? error.message : `exited (code ${code}, signal ${signal})`}`));
    });
  });
}

// SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited.
export async function stop(child, graceMs = 3000) {
  if (!children.has(child)) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

// Runs a command to completion; resolves with {code, stdout}. Kills it after `timeoutMs`.
export async function run(argv, { cpus = null, log = null, timeoutMs = 600000, onStderrLine = null } = {}) {
  const child = start(argv, { cpus, log, onStderrLine });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const { code, signal, error } = await child.exited;
  clearTimeout(timer);
  if (error) throw new Error(`${argv[0]}: ${error.message}`);
  return { code, signal, stdout: child.output };
}

// Kills every child still running, at once (used on exit and on signals).
export function killAll() {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export function commandExists(name) {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
