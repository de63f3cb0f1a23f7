// Issue "The class joins": the classroom's limits, driven by stock socket.io-clients from
// different loopback addresses (127.0.0.2, 127.0.0.3, ...: each a student's laptop to the load
// balancer, which tells the servers through X-Forwarded-For). A student over a per-address limit
// is refused or slowed, and the students at other addresses are not. Then the limits on what a
// student may type, and the cap on rooms. 127.0.0.1 itself (this machine: bots, the GUI) is exempt.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { io } from "socket.io-client";
import { scaleoutBinary, spawnWatched, connect, collect, waitFor, sleep } from "./lib/harness.mjs";

const running = [];
after(async () => {
  for (const cluster of running) await cluster.stop();
});

// `address` null: the one the program chooses.
async function startClassroom(extra = [], servers = 2, address = "127.0.0.1") {
  const cluster = spawnWatched(scaleoutBinary, [
    "cluster", "--servers", String(servers), "--classroom", ...(address ? ["--classroom-address", address] : []), ...extra,
  ]);
  running.push(cluster);
  const url = (await cluster.waitForOutput(/classroom page at (http:\/\/\S+)/))[1];
  for (let i = 1; i <= servers; ++i) await cluster.waitForOutput(new RegExp(`\\[s${i}\\] redis up`));
  return { url, cluster };
}

// A WebSocket-only client from `address` (one TCP connection to the balancer per client).
function student(url, address, name = `student-${address}`, extraHeaders = {}) {
  return io(url, {
    forceNew: true,
    reconnection: false,
    transports: ["websocket"],
    localAddress: address,
    auth: { name },
    extraHeaders,
  });
}

// Resolves with "connect" or the connect_error's message.
function outcome(socket, timeoutMs = 5000) {
  if (socket.connected) return Promise.resolve("connect");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("neither connect nor connect_error")), timeoutMs);
    socket.once("connect", () => { clearTimeout(timer); resolve("connect"); });
    socket.once("connect_error", (error) => { clearTimeout(timer); resolve(`refused: ${error.message} ${error.description?.message ?? ""}`); });
  });
}

test("a student address over its connection limit is refused; other addresses still join", async () => {
  const { url } = await startClassroom(["--limit-connections", "3"]);
  const greedy = [];
  for (let i = 0; i < 3; ++i) {
    greedy.push(student(url, "127.0.0.2"));
    assert.equal(await outcome(greedy[i]), "connect", `connection ${i + 1} of 3`);
  }
  const fourth = student(url, "127.0.0.2");
  assert.match(await outcome(fourth), /^refused: websocket error .*429/);
  fourth.close();

  const other = student(url, "127.0.0.3");
  assert.equal(await outcome(other), "connect");
  const me = await other.timeout(3000).emitWithAck("whoami");
  assert.equal(me.id, other.id);

  // This machine's own address is not limited.
  const local = [];
  for (let i = 0; i < 5; ++i) {
    local.push(student(url, "127.0.0.1"));
    assert.equal(await outcome(local[i]), "connect");
  }

  // A closed connection gives its place back.
  greedy.shift().close();
  let again;
  for (const deadline = Date.now() + 5000; ;) {
    again = student(url, "127.0.0.2");
    if ((await outcome(again)) === "connect") break;
    again.close();
    assert.ok(Date.now() < deadline, "the closed connection's place never came back");
    await sleep(50);
  }
  for (const socket of [...greedy, again, other, ...local]) socket.close();
});

test("a student over the message rate is slowed; a student at another address is not", async () => {
  const { url } = await startClassroom(["--limit-messages", "5"]);
  // Claiming to come from this machine does not help: the balancer writes the real address last.
  const flooder = student(url, "127.0.0.2", "flooder", { "X-Forwarded-For": "127.0.0.1" });
  const calm = student(url, "127.0.0.3", "calm");
  const listener = student(url, "127.0.0.4", "listener");
  for (const socket of [flooder, calm, listener]) {
    assert.equal(await outcome(socket), "connect");
    await socket.timeout(3000).emitWithAck("join", "r");
  }
  const heard = collect(listener, "said");

  // The flooder sends 100 says at once; the calm student 10, one every 100 ms meanwhile.
  const started = Date.now();
  const flood = Array.from({ length: 100 }, (_, i) =>
    flooder.timeout(10000).emitWithAck("say", { room: "r", text: `flood ${i}` }));
  const calmReplies = [];
  for (let i = 0; i < 10; ++i) {
    const sent = Date.now();
    calmReplies.push({ reply: await calm.timeout(10000).emitWithAck("say", { room: "r", text: `calm ${i}` }), ms: Date.now() - sent });
    await sleep(100);
  }
  const floodReplies = await Promise.all(flood);
  const elapsed = (Date.now() - started) / 1000;

  const accepted = floodReplies.filter((reply) => reply.mid).length;
  const slowed = floodReplies.filter((reply) => /^slow down: at most 5 messages a second/.test(reply.error ?? "")).length;
  assert.equal(accepted + slowed, 100, JSON.stringify(floodReplies.find((reply) => !reply.mid && !reply.error)));
  // A burst of 15 (less the join), then 5 a second.
  assert.ok(accepted >= 14 && accepted <= 14 + Math.ceil(5 * elapsed) + 1, `accepted ${accepted} in ${elapsed} s`);
  assert.ok(slowed >= 50, `slowed ${slowed}`);

  for (const { reply, ms } of calmReplies) {
    assert.ok(reply.mid, JSON.stringify(reply));
    assert.ok(ms < 2000, `an ack of the calm student took ${ms} ms`);
  }
  const calmMids = calmReplies.map(({ reply }) => reply.mid);
  await waitFor(() => calmMids.every((mid) => heard.some((m) => m.mid === mid)), "the calm student's messages at the listener");
  // Nothing the flooder was refused went out.
  await sleep(200);
  assert.equal(heard.filter((m) => m.text.startsWith("flood")).length, accepted);

  // Slowed, not banned: a second later the flooder may speak again.
  await sleep(1000);
  assert.ok((await flooder.timeout(3000).emitWithAck("say", { room: "r", text: "sorry" })).mid);
  for (const socket of [flooder, calm, listener]) socket.close();
});

test("new sessions over the rate are refused with 429 at that address only", async () => {
  // 0.1 sessions a second: a burst of 2.
  const { url } = await startClassroom(["--limit-sessions", "0.1"]);
  const first = [student(url, "127.0.0.2"), student(url, "127.0.0.2")];
  for (const socket of first) assert.equal(await outcome(socket), "connect");
  const third = student(url, "127.0.0.2");
  assert.match(await outcome(third), /^refused: .*429/);
  third.close();
  const elsewhere = student(url, "127.0.0.3");
  assert.equal(await outcome(elsewhere), "connect");
  for (const socket of [...first, elsewhere]) socket.close();
});

test("names, rooms and messages are plain text within their limits, and rooms are capped", async () => {
  const { url } = await startClassroom([], 1);

  const longName = student(url, "127.0.0.2", "n".repeat(33));
  assert.equal(await outcome(longName), "refused: name: at most 32 characters ");
  longName.close();
  const sneaky = student(url, "127.0.0.2", "teacher\u202E");
  assert.equal(await outcome(sneaky), "refused: name: control characters are not allowed ");
  sneaky.close();

  const { socket } = await connect(url, { auth: { name: "Dana" }, transports: ["websocket"] });
  assert.deepEqual(await socket.timeout(3000).emitWithAck("join", "r".repeat(33)), { error: "room: at most 32 characters" });
  await socket.timeout(3000).emitWithAck("join", "lobby");
  assert.deepEqual(await socket.timeout(3000).emitWithAck("say", { room: "lobby", text: "x".repeat(301) }),
    { error: "message: at most 300 characters" });
  assert.deepEqual(await socket.timeout(3000).emitWithAck("say", { room: "lobby", text: "a\nb" }),
    { error: "message: control characters are not allowed" });
  // A say cannot speak for someone else: the name is the one the sender connected with.
  const said = new Promise((resolve) => socket.once("said", resolve));
  assert.ok((await socket.timeout(3000).emitWithAck("say", { room: "lobby", text: "hi", name: "teacher" })).mid);
  assert.equal((await said).name, "Dana");
  socket.close();

  // 50 rooms per server: 13 sockets of 4 rooms each ask for 52.
  const outcomes = [];
  const sockets = [];
  for (let s = 0; s < 13; ++s) {
    const { socket: member } = await connect(url, { transports: ["websocket"] });
    sockets.push(member);
    for (let r = 0; r < 4; ++r) outcomes.push(await member.timeout(3000).emitWithAck("join", `room-${s * 4 + r}`));
  }
  const refused = outcomes.filter((reply) => !Array.isArray(reply));
  assert.equal(refused.length, 2, JSON.stringify(refused));
  assert.match(refused[0].error, /this server already holds 50 rooms/);
  // An existing room can still be joined.
  assert.ok(Array.isArray(await sockets[12].timeout(3000).emitWithAck("join", "room-0")));
  for (const member of sockets) member.close();
});

test("by default the balancer is on the machine's network address (and 127.0.0.1), the servers on loopback only", async (t) => {
  const networkAddresses = Object.values(networkInterfaces()).flat()
    .filter((entry) => entry.family === "IPv4" && !entry.internal).map((entry) => entry.address);
  if (networkAddresses.length === 0) {
    t.skip("this machine has no network address but loopback");
    return;
  }
  const { url, cluster } = await startClassroom([], 2, null);
  const { hostname, port } = new URL(url);
  assert.ok(networkAddresses.includes(hostname), `${hostname} is not one of ${networkAddresses}`);
  for (const base of [url, `http://127.0.0.1:${port}/`]) {
    assert.equal((await fetch(base)).status, 200, base);
  }
  const servers = [...cluster.stdout().matchAll(/server s\d on (http:\/\/\S+)/g)].map((match) => new URL(match[1]));
  assert.equal(servers.length, 2);
  for (const server of servers) {
    assert.equal(server.hostname, "127.0.0.1");
    await assert.rejects(fetch(`http://${hostname}:${server.port}/`), `server reachable on ${hostname}`);
  }
  assert.match(cluster.stdout(), /anyone on this network can open/);
});
