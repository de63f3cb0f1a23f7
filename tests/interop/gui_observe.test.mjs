// Issue "Time in the GUI": `scaleout gui --observe` on a Redis shared by two stock Node socket.io
// 4.8 servers with @socket.io/redis-adapter 8.3 shows both servers (by their adapter uid) and a
// room broadcast between them: checked through the view model (`--summary`, printed at exit) and
// drawn to a PNG under Xvfb. The GUI only pattern-subscribes, so Node's requests still count two
// servers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  scaleoutBinary, startRedis, startNodeServer, connect, spawnWatched, sleep, waitFor,
} from "./lib/harness.mjs";

test("the window observing two Node servers shows both and their room broadcast", async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodeA = await startNodeServer(redis.url, "nodeA");
  const nodeB = await startNodeServer(redis.url, "nodeB");
  t.after(() => nodeA.stop());
  t.after(() => nodeB.stop());
  const dir = mkdtempSync(join(tmpdir(), "scaleout-observe-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const png = join(dir, "observe.png");

  const gui = spawnWatched("xvfb-run", [
    "-a", "-s", "-screen 0 1600x900x24", scaleoutBinary, "gui", "--observe", redis.url,
    "--screenshot", png, "--frames", "240", "--summary",
  ], { env: { LIBGL_ALWAYS_SOFTWARE: "1", ASAN_OPTIONS: "detect_leaks=0" } });
  t.after(() => gui.stop("SIGKILL"));
  await gui.waitForOutput(/observing redis:\/\//, 60000);

  // A room spanning both Node servers; members say things until the window has closed.
  const alice = await connect(nodeA.url);
  const bob = await connect(nodeB.url);
  t.after(() => { alice.socket.close(); bob.socket.close(); });
  for (const { socket } of [alice, bob]) {
    await new Promise((resolve) => socket.emit("join", "lobby", resolve));
  }
  const heard = [];
  bob.socket.on("said", (message) => heard.push(message));
  // Both talk: a server shows up in the window when it publishes (nothing else tells of it).
  let talking = true;
  const chatter = (async () => {
    for (let i = 0; talking; i++) {
      alice.socket.emit("say", { room: "lobby", text: `hello ${i}` });
      bob.socket.emit("say", { room: "lobby", text: `hi ${i}` });
      await sleep(100);
    }
  })();
  await gui.waitForOutput(/screenshot saved/, 180000);
  talking = false;
  await chatter;
  await waitFor(() => gui.child.exitCode !== null, "the window to exit", 30000);
  assert.equal(gui.child.exitCode, 0, gui.stderr());
  assert.ok(heard.some((m) => m.server === "nodeA"), "bob heard nothing from alice's server");

  const summary = JSON.parse(gui.stdout().split("\n").find((line) => line.startsWith("{")));
  // Two servers, named by the uids their adapters publish with.
  assert.equal(summary.servers.length, 2, JSON.stringify(summary.servers));
  for (const server of summary.servers) {
    assert.equal(server.up, true);
    assert.equal(server.adapter, "redis");
  }
  // The room broadcasts, on the room's channel, published by both servers.
  const lobby = summary.channels["socket.io#/#lobby#"];
  assert.ok(lobby, `no lobby channel in ${JSON.stringify(summary.channels)}`);
  assert.ok(lobby.messages >= 2);
  assert.deepEqual([...lobby.publishers].sort(), summary.servers.map((s) => s.name).sort());
  assert.ok(statSync(png).size > 10000, "the picture is (nearly) empty");
  // Read-only: the window made no servers and no clients of its own.
  assert.equal(summary.clients, 0);
  // The README's picture is this one: SCALEOUT_OBSERVE_PNG=docs/images/... keeps a copy.
  if (process.env.SCALEOUT_OBSERVE_PNG) copyFileSync(png, process.env.SCALEOUT_OBSERVE_PNG);
});
