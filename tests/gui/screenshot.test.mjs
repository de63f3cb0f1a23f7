// The live GUI under Xvfb, as `scaleout gui` draws it for a user: a cluster of three servers with
// 40 bots in three rooms, rendered with Mesa's software OpenGL, saved as a PNG (and the same with
// link faults set from the start, drawn on their edges). The process must
// exit 0, the picture must show a drawn window (not one flat colour), and nothing the command
// started (servers' threads are in-process; the embedded redis-server is a child) may outlive it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

test("link faults set with --link are drawn on their edges: a cut partition and a latency label", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-gui-"));
  try {
    const png = join(dir, "links.png");
    const { code, output, left } = await runInSession(
      "xvfb-run",
      ["-a", "-s", "-screen 0 1600x900x24", scaleout, "gui", "--servers", "3", "--bots", "12",
       "--rooms", "3", "--link", "s2-redis=partition", "--link", "clients=latency:300ms",
       "--screenshot", png, "--frames", "90"],
      180000,
    );
    assert.equal(code, 0, output);
    assert.equal(left, "", `processes left behind:\n${left}`);
    const { counts } = colourSummary(readPng(readFileSync(png)));
    // The dark theme's colours for a partitioned link (theme.link_cut) and a link's latency
    // label (theme.link_slow): solid pixels of each must be on the canvas.
    const partition = counts.get(0xff40a0) ?? 0;
    const latency = counts.get(0xb49cff) ?? 0;
    assert.ok(partition > 100, `only ${partition} pixels of the partition's colour`);
    assert.ok(latency > 100, `only ${latency} pixels of the latency label's colour`);
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

test("a recording opened at a message shows its sequence diagram", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-gui-"));
  try {
    const png = join(dir, "message.png");
    const recording = join(process.cwd(), "data", "three-servers.jsonl");
    const { code, output, left } = await runInSession(
      "xvfb-run",
      ["-a", "-s", "-screen 0 1600x900x24", scaleout, "gui", "--replay", recording, "--seek", "2",
       "--select-mid", "s1-5", "--screenshot", png, "--frames", "20"],
      120000,
    );
    assert.equal(code, 0, output);
    assert.equal(left, "", `processes left behind:\n${left}`);
    assert.match(output, /message s1-5: \d+ hops, \d+ delivered, 0 lost/);
    const picture = readPng(readFileSync(png));
    const { distinct, counts } = colourSummary(picture);
    assert.ok(distinct > 50, `only ${distinct} colours`);
    // The diagram's Redis lane header is drawn in vermillion at a quarter alpha over the
    // background: some pixels of that blend must be there (the header row of the Message tab).
    const panelShare = [...counts.keys()].filter((rgb) => {
      const r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
      return r > g + 40 && r > b + 40;  // reddish: Redis' box or lane, losses
    }).length;
    assert.ok(panelShare > 0, "nothing red: no Redis drawn?");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a recording that is not a trace is refused with the file and line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-gui-"));
  try {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"t":1,"kind":"server_up","server":"s1","port":1,"adapter":"redis"}\nnot json\n');
    const result = await new Promise((resolve) => {
      const child = spawn(scaleout, ["gui", "--replay", bad], { env: { ...process.env, DISPLAY: ":99" } });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      child.on("exit", (code) => resolve({ code, output }));
    });
    assert.equal(result.code, 2, result.output);
    assert.match(result.output, /bad\.jsonl:2: not JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a lesson plays in the window: its steps run, its checks pass, and nothing is left behind", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-lesson-"));
  try {
    const png = join(dir, "lesson.png");
    const { code, output, left } = await runInSession(
      "xvfb-run",
      ["-a", "-s", "-screen 0 1600x900x24", scaleout, "gui", "1", "--speed", "10", "--lang", "ko",
       "--summary", "--screenshot", png, "--frames", "600"],
      180000,
    );
    assert.equal(code, 0, output);
    assert.equal(left, "", `processes left behind:\n${left}`);
    const summary = JSON.parse(output.split("\n").find((line) => line.startsWith("{")));
    assert.match(summary.lesson.path, /01-one-server\.yaml$/);
    assert.ok(summary.lesson.current_step >= 1, JSON.stringify(summary.lesson));
    assert.ok(summary.lesson.passed >= 2, JSON.stringify(summary.lesson));
    assert.equal(summary.lesson.failed, 0, JSON.stringify(summary.lesson));
    // The lesson's own world is on screen: its one server and its clients.
    assert.equal(summary.servers.length, 1);
    assert.ok(summary.clients >= 4, JSON.stringify(summary));
    const picture = readPng(readFileSync(png));
    assert.ok(colourSummary(picture).distinct > 20);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("at 1600x900 with a lesson open every panel tab shows its whole label, in English and Korean", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-tabs-"));
  try {
    for (const lang of ["en", "ko"]) {
      const png = join(dir, `tabs-${lang}.png`);
      const { code, output, left } = await runInSession(
        "xvfb-run",
        ["-a", "-s", "-screen 0 1600x900x24", scaleout, "gui", "3", "--paused", "--lang", lang,
         "--summary", "--screenshot", png, "--frames", "40"],
        180000,
      );
      assert.equal(code, 0, output);
      assert.equal(left, "", `processes left behind:\n${left}`);
      const summary = JSON.parse(output.split("\n").find((line) => line.startsWith("{")));
      // Lesson, Servers, Rooms, Channels, Clients, Redis, Event log, Metrics, Message, Stores,
      // Autoscaler: eleven, each drawn whole within the panels' width (the tab bar of ImGui cut
      // them to "Les…", "Ser…" at this size).
      assert.equal(summary.tabs.length, 11, JSON.stringify(summary.tabs));
      for (const tab of summary.tabs) assert.ok(tab.fits, `${lang}: ${JSON.stringify(tab)}`);
      assert.ok(summary.tabs.some((tab) => tab.row > 0), "eleven tabs do not fit one row at 1600x900");
      if (lang === "ko") assert.ok(summary.tabs.some((tab) => tab.label === "오토스케일러"));
      assert.match(summary.lesson.progress, lang === "ko" ? /^0\/5단계$/ : /^step 0\/5$/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a lesson's Compare tab shows its runs side by side in their colours", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-compare-"));
  try {
    const png = join(dir, "compare.png");
    const { code, output, left } = await runInSession(
      "xvfb-run",
      ["-a", "-s", "-screen 0 1600x900x24", scaleout, "gui", "10", "--speed", "10",
       "--no-questions", "--panel", "compare", "--summary", "--screenshot", png, "--frames", "900"],
      240000,
    );
    assert.equal(code, 0, output);
    assert.equal(left, "", `processes left behind:\n${left}`);
    const summary = JSON.parse(output.split("\n").find((line) => line.startsWith("{")));
    assert.equal(summary.lesson.failed, 0, JSON.stringify(summary.lesson));
    const compare = summary.lesson.compare;
    assert.deepEqual(compare.columns, ["two servers", "four servers"]);
    // Redis pushes each of the room's messages to every server: twice as many with four.
    const pushed = compare.rows.find((row) => row.label.startsWith("messages Redis pushed"));
    assert.ok(pushed, JSON.stringify(compare));
    const [two, four] = pushed.cells.map(Number);
    assert.ok(four >= 2 * two && two >= 20, JSON.stringify(pushed));
    // Each run's colour (Okabe-Ito blue, orange) in its header and its plots' legends.
    const { counts } = colourSummary(readPng(readFileSync(png)));
    for (const colour of [0x0072b2, 0xe69f00]) {
      const pixels = counts.get(colour) ?? 0;
      assert.ok(pixels > 100, `only ${pixels} pixels of ${colour.toString(16)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a lesson that does not exist is refused with the list of lessons", async () => {
  const { code, output } = await runInSession(
    "xvfb-run", ["-a", "-s", "-screen 0 800x600x24", scaleout, "gui", "99"], 60000);
  assert.equal(code, 2, output);
  assert.match(output, /neither a scenario file nor one lesson/);
  assert.match(output, /01-one-server/);
});
