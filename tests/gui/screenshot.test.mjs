// The live GUI under Xvfb, as `scaleout gui` draws it for a user: a cluster of three servers with
// 40 bots in three rooms, rendered with Mesa's software OpenGL, saved as a PNG. The process must
// exit 0, the picture must show a drawn window (not one flat colour), and nothing the command
// started (servers' threads are in-process; the embedded redis-server is a child) may outlive it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPng, colourSummary } from "./png.mjs";

const scaleout = process.env.SCALEOUT_BIN;
if (!scaleout) throw new Error("SCALEOUT_BIN must name the scaleout executable");

// Runs a command in a session of its own; resolves with its exit code, output and whatever is
// still alive in that session once it has exited.
function runInSession(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
      reject(new Error(`timed out:\n${output}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      // Give orphans a moment to show themselves, then list the session.
      setTimeout(() => {
        let left = "";
        try {
          left = execFileSync("ps", ["-o", "pid=,comm=", "-s", String(child.pid)]).toString().trim();
        } catch { /* ps exits 1 when it finds nothing */ }
        if (left) { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }
        // xvfb-run signals its X server without waiting for it; only what we started counts.
        left = left.split("\n").filter((line) => line && !/\bXvfb$/.test(line)).join("\n");
        resolve({ code, output, left });
      }, 500);
    });
  });
}

test("scaleout gui renders a live cluster to a PNG under Xvfb and leaves nothing behind", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-gui-"));
  try {
    const png = join(dir, "live.png");
    const { code, output, left } = await runInSession(
      "xvfb-run",
      ["-a", "-s", "-screen 0 1600x900x24", scaleout, "gui", "--servers", "3", "--bots", "40",
       "--rooms", "3", "--screenshot", png, "--frames", "90"],
      180000,
    );
    assert.equal(code, 0, output);
    assert.match(output, /screenshot saved/);
    assert.equal(left, "", `processes left behind:\n${left}`);
    const picture = readPng(readFileSync(png));
    assert.equal(picture.width, 1600);
    assert.equal(picture.height, 900);
    const { distinct, dominantShare } = colourSummary(picture);
    assert.ok(distinct > 50, `only ${distinct} colours: a blank window?`);
    assert.ok(dominantShare < 0.9, `one colour covers ${Math.round(dominantShare * 100)}%`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without a display scaleout gui says so, says how to run headless, and exits 1", async () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const result = await new Promise((resolve) => {
    const child = spawn(scaleout, ["gui"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
  assert.equal(result.code, 1, result.output);
  assert.match(result.output, /no display/);
  assert.match(result.output, /xvfb-run/);
  assert.match(result.output, /cluster --stats/);
});
