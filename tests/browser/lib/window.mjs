// The window (`scaleout gui`) under Xvfb for the browser tests, driven line by line through
// --control-stdin: a lesson's Continue, "summary" (what the window shows, as JSON: its tally of
// the class's votes comes from its view model), "screenshot FILE". It runs in a session of its
// own, so that stopping it stops Xvfb and everything the window started.
import { spawn, execFileSync } from "node:child_process";
import { sleep } from "../../interop/lib/harness.mjs";

export function openWindow(scaleout, args, { size = "1600x900" } = {}) {
  const child = spawn("xvfb-run", ["-a", "-s", `-screen 0 ${size}x24`, scaleout, "gui", "--size", size,
    "--control-stdin", ...args], {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, LIBGL_ALWAYS_SOFTWARE: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => { stdout += chunk; });
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  async function waitForOutput(regex, timeoutMs = 60000, from = 0) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = stdout.slice(from).match(regex);
      if (match) return match;
      if (gone()) throw new Error(`the window exited before ${regex}:\n${stdout}${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${regex} within ${timeoutMs} ms:\n${stdout}${stderr}`);
      await sleep(20);
    }
  }

  return {
    child,
    output: () => stdout + stderr,
    waitForOutput,
    send: (line) => child.stdin.write(`${line}\n`),
    // What the window shows now: the next summary line it prints.
    async summary() {
      const from = stdout.length;
      child.stdin.write("summary\n");
      const match = await waitForOutput(/^(\{.*\})$/m, 30000, from);
      return JSON.parse(match[1]);
    },
    // Polls the summary until `predicate(summary)` holds.
    async summaryWhen(predicate, what, timeoutMs = 30000) {
      const deadline = Date.now() + timeoutMs;
      let last;
      for (;;) {
        last = await this.summary();
        if (predicate(last)) return last;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the window shows ${JSON.stringify(last.question ?? last)}`);
        await sleep(200);
      }
    },
    // Quits, waits, and lists what is left of its session (should be nothing).
    async close() {
      if (!gone()) child.stdin.write("quit\n");
      const timer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, 30000);
      const result = await exited;
      clearTimeout(timer);
      await sleep(500);
      let left = "";
      try {
        left = execFileSync("ps", ["-o", "pid=,comm=", "-s", String(child.pid)]).toString().trim();
      } catch { /* ps exits 1 when it finds nothing */ }
      if (left) { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }
      // xvfb-run signals its X server without waiting for it; only what the window started counts.
      left = left.split("\n").filter((line) => line && !/\bXvfb$/.test(line)).join("\n");
      return { ...result, left };
    },
  };
}
