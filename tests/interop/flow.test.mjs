// Flow control with stock socket.io-clients (docs/flow-control.md): a publisher floods a room of
// `scaleout serve` with 64 KB messages, as fast as its acks come back, while one member reads
// and one has stopped reading. The reader, a real client in this Node process, must get every
// message in order; the publisher must stay connected; the stuck member must be dropped as a slow
// consumer and nobody else may lose anything. Once over WebSocket, once with every client on
// HTTP long-polling (where a held publisher's POST is answered late, and a member that stops
// polling is stuck). The server's trace (JSON lines) tells who was slow and who was held.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, startServer, waitFor } from "./lib/harness.mjs";

const pad = "x".repeat(64 * 1024);

// Says numbered messages for `seconds`, keeping at most `window` waiting for their ack.
async function flood(socket, seconds, window) {
  let said = 0;
  let acked = 0;
  const until = Date.now() + seconds * 1000;
  await new Promise((resolve) => {
    const pump = () => {
      while (socket.connected && said - acked < window && Date.now() < until) {
        socket.emit("say", { room: "burst", n: said, pad }, () => {
          acked += 1;
          pump();
        });
        said += 1;
      }
      if (!socket.connected || (Date.now() >= until && acked === said)) resolve();
    };
    pump();
  });
  return { said, acked };
}

// Counts `said` messages, checking that their numbers come in order.
function reading(socket) {
  const seen = { count: 0, inOrder: true };
  socket.on("said", (message) => {
    if (message.n !== seen.count) seen.inOrder = false;
    seen.count += 1;
  });
  return seen;
}

// The trace so far (the server writes it at least once a second).
function traceEvents(tracePath) {
  if (!existsSync(tracePath)) return [];
  return readFileSync(tracePath, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

async function burst({ transports, stop, cut }) {
  const dir = mkdtempSync(join(tmpdir(), "scaleout-flow-"));
  const tracePath = join(dir, "trace.jsonl");
  // Smaller limits and a shorter stall timeout than the defaults keep the test short, also for a
  // server built with sanitizers, which floods slowly.
  const server = await startServer(["--trace", tracePath, "--buffer-soft", "256KB", "--buffer-hard", "8MB",
    "--stall-timeout", "2000"]);
  try {
    const join_ = async (client) => client.socket.timeout(5000).emitWithAck("join", "burst");
    const stuck = await connect(server.url, { transports });
    await join_(stuck);
    const stuckId = stuck.socket.id;
    stop(stuck.socket);
    const reader = await connect(server.url, { transports });
    await join_(reader);
    const seen = reading(reader.socket);
    const publisher = await connect(server.url, { transports });
    await join_(publisher);
    const publisherId = publisher.socket.id;
    let publisherGone = null;
    publisher.socket.on("disconnect", (reason) => { publisherGone = reason; });

    const window = 4;
    const { said, acked } = await flood(publisher.socket, 4, window);
    assert.ok(said > 0);
    assert.equal(acked, said, "every say is acknowledged");
    assert.equal(publisherGone, null, "the publisher stays connected");
    await waitFor(() => seen.count === said, `the reader's ${said} messages (got ${seen.count})`, 30000);
    assert.ok(seen.inOrder, "in order");
    assert.ok(reader.socket.connected);

    const gone = () => traceEvents(tracePath).find((e) => e.kind === "client_disconnect" && e.socket === stuckId);
    await waitFor(() => gone(), "the stuck member's disconnect in the trace", 15000);
    assert.equal(gone().reason, "slow consumer", "the stuck member is dropped as a slow consumer");

    for (const client of [reader, publisher]) client.socket.disconnect();
    cut(stuck.socket);
    await server.stop();
    const events = traceEvents(tracePath);
    const flow = (socket, state) => events.filter((e) => e.kind === "flow" && e.socket === socket && e.state === state);
    assert.ok(flow(stuckId, "slow").length > 0, "the stuck member was slow");
    assert.ok(flow(publisherId, "held").length > 0, "the publisher was held back for a moment");
    const held = flow(publisherId, "held");
    const released = flow(publisherId, "released");
    assert.equal(released.length, held.length, "and always released");
    // Held means not read: while held, the server took no more than the says already on their way.
    held.forEach((hold, i) => {
      const taken = events.filter((e) => e.kind === "recv" && e.socket === publisherId &&
        e.t > hold.t && e.t < released[i].t);
      assert.ok(taken.length <= window, `${taken.length} says read from a held publisher`);
    });
    const drops = events.filter((e) => e.kind === "drop");
    assert.ok(drops.every((e) => e.socket === stuckId), "only the stuck member lost anything");
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("WebSocket: the reader gets the whole burst, the stuck member is dropped", async () => {
  await burst({
    transports: ["websocket"],
    // The member's TCP socket is no longer read: the server's writes to it back up.
    stop: (socket) => socket.io.engine.transport.ws._socket.pause(),
    // Cut, rather than closed with a handshake it would never read.
    cut: (socket) => socket.io.engine.transport.ws._socket.destroy(),
  });
});

test("long-polling: the same rules, a held POST and a member that stops polling", async () => {
  await burst({
    transports: ["polling"],
    // The member's transport stops polling (as it does before an upgrade).
    stop: (socket) => socket.io.engine.transport.pause(() => {}),
    cut: (socket) => socket.io.engine.close(),
  });
});
