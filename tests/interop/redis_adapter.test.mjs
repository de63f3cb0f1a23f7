// Issue "Scale out": our servers and a stock Node socket.io 4.8 server with
// @socket.io/redis-adapter 8.3 share one Redis (with a password) and behave as one cluster:
// room broadcasts both ways (binary included), except, unicast, a second namespace, Node's
// cluster requests answered by our servers, the redis-emitter, and garbage on the channels.
// Layout: node1 (lib/node_server.mjs) and our s1, s2; stock clients on each (see before()).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Emitter } from "@socket.io/redis-emitter";
import {
  connect, next, collect, sleep, waitFor,
  startRedisWithPassword, startRedisServer, startNodeServer, redisClient, numsub, waitForNumsub,
} from "./lib/harness.mjs";

// A quiet period long enough for a broadcast that should NOT come to have come.
const kQuietMs = 250;
// Node's requestsTimeout is 5000 ms: a request answered by everybody completes far sooner.
const kWellBeforeTimeoutMs = 2000;

let redis, node1, s1, s2, control;
// Clients. "/" rooms: room-a = n1 c1 c2 c3; a = c1; b = n1 c3 c4; c = c3.
let n1, c1, c2, c3, c4;
// "/chat" clients, both in room-a of /chat.
let nchat, cchat;

async function joined(client, ...rooms) {
  for (const room of rooms) await client.socket.timeout(2000).emitWithAck("join", room);
  return client;
}

before(async () => {
  redis = await startRedisWithPassword("sandbox-pw");
  [node1, s1, s2] = await Promise.all([
    startNodeServer(redis.url, "node1"),
    startRedisServer(redis.url, "s1"),
    startRedisServer(redis.url, "s2"),
  ]);
  control = await redisClient(redis.url);
  // Every server has subscribed to the request channels of both namespaces.
  await waitForNumsub(control, "socket.io-request#/#", 3);
  await waitForNumsub(control, "socket.io-request#/chat#", 3);

  n1 = await joined(await connect(node1.url, { transports: ["websocket"] }), "room-a", "b");
  c1 = await joined(await connect(s1.url, { transports: ["websocket"], query: { who: "c1" } }), "room-a", "a");
  c2 = await joined(await connect(s2.url, { query: { who: "c2" } }), "room-a");  // polling, then upgrade
  c3 = await joined(await connect(s2.url, { transports: ["polling"], query: { who: "c3" } }), "room-a", "b", "c");
  c4 = await joined(await connect(s1.url, { transports: ["websocket"], query: { who: "c4" } }), "b");
  nchat = await joined(await connect(`${node1.url}/chat`, { transports: ["websocket"] }), "room-a");
  cchat = await joined(await connect(`${s1.url}/chat`, { transports: ["websocket"] }), "room-a");
  assert.equal(c3.socket.io.engine.transport.name, "polling");
});

after(async () => {
  for (const client of [n1, c1, c2, c3, c4, nchat, cchat]) client?.socket.disconnect();
  await control?.quit().catch(() => {});
  await Promise.all([node1?.stop(), s1?.stop(), s2?.stop()]);
  await redis?.stop();
});

// Resolves with the first arguments of `event` on each client, within the deadline.
const all = (clients, event) => Promise.all(clients.map((c) => next(c.socket, event).then((args) => args)));

test("our servers run with a password-protected Redis and each counts as one subscriber", async () => {
  assert.match(s1.stdout(), /adapter: redis/);
  assert.equal(await numsub(control, "socket.io-request#/#"), 3);
  assert.equal(await numsub(control, "socket.io-request#/chat#"), 3);
});

test("a Node room broadcast reaches our members with text, numbers, nested objects and Buffers", async () => {
  const outsider = collect(c4.socket, "news");
  const args = [
    "text", 42, -7, 3.5, true, null,
    { nested: { deep: { buf: { $buffer: "010203" } }, list: [1, { b: { $buffer: "ff" } }] }, s: "é✓" },
    { $buffer: "dead" },
  ];
  const expected = [
    "text", 42, -7, 3.5, true, null,
    { nested: { deep: { buf: Buffer.from([1, 2, 3]) }, list: [1, { b: Buffer.from([0xff]) }] }, s: "é✓" },
    Buffer.from([0xde, 0xad]),
  ];
  const arrivals = all([n1, c1, c2, c3], "news");
  const reply = await node1.admin({ op: "emit", rooms: ["room-a"], event: "news", args });
  assert.ok(reply.ok, reply.error);
  const received = await arrivals;
  for (const [i, got] of received.entries()) {
    assert.deepEqual(got, expected, `client ${["n1", "c1", "c2", "c3"][i]}`);
    assert.ok(Buffer.isBuffer(got[7]) && Buffer.isBuffer(got[6].nested.deep.buf), "Buffers arrive as Buffers");
  }
  await sleep(kQuietMs);
  assert.equal(outsider.length, 0, "c4 is not in room-a");
});

test("our say reaches Node's members of the room, Buffers included, without echo", async () => {
  const seenBy = Object.fromEntries([["n1", n1], ["c1", c1], ["c2", c2], ["c3", c3], ["c4", c4]]
    .map(([name, c]) => [name, collect(c.socket, "said")]));
  const blob = Buffer.from([0, 1, 2, 254, 255]);
  const { mid } = await c1.socket.timeout(2000).emitWithAck(
    "say", { room: "room-a", text: "from s1", n: 1, f: 0.25, nested: { x: [1, { y: "z" }], blob } });
  await waitFor(() => ["n1", "c1", "c2", "c3"].every((name) => seenBy[name].length === 1), "said on every member");
  const expected = {
    from: c1.socket.id, server: "s1", room: "room-a", text: "from s1", n: 1, f: 0.25,
    nested: { x: [1, { y: "z" }], blob }, mid,
  };
  for (const name of ["n1", "c1", "c2", "c3"]) assert.deepEqual(seenBy[name][0], expected, name);
  assert.ok(Buffer.isBuffer(seenBy.n1[0].nested.blob), "a Buffer reaches Node's client as a Buffer");

  // And the other way round: a say on Node reaches our members, once each.
  const fromNode = await n1.socket.timeout(2000).emitWithAck("say", { room: "room-a", text: "from node", bin: blob });
  await waitFor(() => ["n1", "c1", "c2", "c3"].every((name) => seenBy[name].length === 2), "Node's said on every member");
  for (const name of ["c1", "c2", "c3"]) {
    assert.deepEqual(seenBy[name][1],
      { from: n1.socket.id, server: "node1", room: "room-a", text: "from node", bin: blob, mid: fromNode.mid }, name);
  }
  await sleep(kQuietMs);
  for (const name of ["n1", "c1", "c2", "c3"]) assert.equal(seenBy[name].length, 2, `${name} got each said once`);
  assert.equal(seenBy.c4.length, 0, "c4 is not in room-a");
});

test("to([a, b]).except(c) from Node: our members of a or b get it, members of c do not", async () => {
  const seen = Object.fromEntries([["n1", n1], ["c1", c1], ["c2", c2], ["c3", c3], ["c4", c4]]
    .map(([name, c]) => [name, collect(c.socket, "multi")]));
  const reply = await node1.admin({ op: "emit", rooms: ["a", "b"], except: ["c"], event: "multi", args: [42] });
  assert.ok(reply.ok, reply.error);
  await waitFor(() => seen.c1.length === 1 && seen.c4.length === 1 && seen.n1.length === 1, "multi on c1, c4, n1");
  assert.deepEqual(seen.c1[0], 42);
  await sleep(kQuietMs);
  assert.equal(seen.c3.length, 0, "c3 is in b but also in c");
  assert.equal(seen.c2.length, 0, "c2 is in neither a nor b");
  assert.equal(seen.c1.length + seen.c4.length, 2, "no duplicates");
});

test("socket.broadcast.emit on Node, except of our socket id, and a unicast to our socket id", async () => {
  // socket.broadcast.emit: except = [the Node sender's id]; all of ours get it.
  const shouted = [n1, c1, c2, c3, c4].map((c) => collect(c.socket, "shouted"));
  n1.socket.emit("shout", "hey", { n: 1 });
  await waitFor(() => shouted.slice(1).every((seen) => seen.length === 1), "shouted on every one of ours");
  assert.deepEqual(shouted[1][0], ["hey", { n: 1 }]);

  // except one of OUR socket ids, on the generic channel.
  const allBut = [c1, c2, c3, c4].map((c) => collect(c.socket, "all-but-c1"));
  assert.ok((await node1.admin({ op: "emit", except: [c1.socket.id], event: "all-but-c1", args: [1] })).ok);
  await waitFor(() => allBut.slice(1).every((seen) => seen.length === 1), "all-but-c1 on c2, c3, c4");

  // io.to(ourSocketId): channel socket.io#/#<id>#, to that socket only.
  const direct = [c1, c2, c3, c4].map((c) => collect(c.socket, "direct"));
  assert.ok((await node1.admin({ op: "emit", rooms: [c3.socket.id], event: "direct", args: [{ to: "c3" }] })).ok);
  await waitFor(() => direct[2].length === 1, "direct on c3");
  assert.deepEqual(direct[2][0], { to: "c3" });

  await sleep(kQuietMs);
  assert.equal(shouted[0].length, 0, "the sender is left out");
  assert.equal(allBut[0].length, 0, "c1 is excepted");
  assert.deepEqual(direct.map((seen) => seen.length), [0, 0, 1, 0], "only c3 gets the unicast");
});

test("/chat crosses both ways and does not leak into /", async () => {
  const rootSeen = [n1, c1, c2, c3].map((c) => collect(c.socket, "chat-news"));
  const rootSaid = [n1, c1].map((c) => collect(c.socket, "said"));
  const arrivals = all([cchat, nchat], "chat-news");
  assert.ok((await node1.admin({ op: "emit", nsp: "/chat", rooms: ["room-a"], event: "chat-news", args: ["c", { $buffer: "0a" }] })).ok);
  for (const got of await arrivals) assert.deepEqual(got, ["c", Buffer.from([10])]);

  const said = next(nchat.socket, "said");
  const { mid } = await cchat.socket.timeout(2000).emitWithAck("say", { room: "room-a", text: "in chat" });
  assert.deepEqual((await said)[0], { from: cchat.socket.id, server: "s1", room: "room-a", text: "in chat", mid });

  await sleep(kQuietMs);
  assert.deepEqual(rootSeen.map((seen) => seen.length), [0, 0, 0, 0], "nothing reaches / members of room-a");
  assert.deepEqual(rootSaid.map((seen) => seen.length), [0, 0]);
});

test("Node's fetchSockets returns our sockets with id, rooms and data, well before the timeout", async () => {
  const reply = await node1.admin({ op: "fetchSockets" });
  assert.ok(reply.ok, reply.error);
  assert.ok(reply.ms < kWellBeforeTimeoutMs, `fetchSockets took ${reply.ms} ms`);
  const byId = new Map(reply.result.map((s) => [s.id, s]));
  assert.equal(reply.result.length, 5, "n1, c1, c2, c3, c4");
  for (const [client, rooms, who] of [[c1, ["room-a", "a"], "c1"], [c2, ["room-a"], "c2"],
    [c3, ["room-a", "b", "c"], "c3"], [c4, ["b"], "c4"]]) {
    const socket = byId.get(client.socket.id);
    assert.ok(socket, `${who} is listed`);
    assert.deepEqual(new Set(socket.rooms), new Set([client.socket.id, ...rooms]), `${who}'s rooms`);
    assert.deepEqual(socket.data, {}, `${who}'s data`);
    assert.equal(socket.query?.who, who, `${who}'s handshake query`);
  }
  // With a room: only its members, from every server.
  const inB = await node1.admin({ op: "fetchSockets", rooms: ["b"] });
  assert.ok(inB.ok, inB.error);
  assert.deepEqual(new Set(inB.result.map((s) => s.id)), new Set([n1.socket.id, c3.socket.id, c4.socket.id]));
});

test("Node's allRooms includes our rooms", async () => {
  const reply = await node1.admin({ op: "allRooms" });
  assert.ok(reply.ok, reply.error);
  assert.ok(reply.ms < kWellBeforeTimeoutMs, `allRooms took ${reply.ms} ms`);
  for (const room of ["room-a", "a", "b", "c", c1.socket.id, c3.socket.id]) {
    assert.ok(reply.result.includes(room), `allRooms lacks ${room}: ${JSON.stringify(reply.result)}`);
  }
});

test("Node's serverSideEmitWithAck gets one answer from each of our servers", async () => {
  const reply = await node1.admin({ op: "serverSideEmitWithAck", args: ["ping"] });
  assert.ok(reply.ok, reply.error);
  assert.ok(reply.ms < kWellBeforeTimeoutMs, `serverSideEmitWithAck took ${reply.ms} ms`);
  assert.deepEqual(reply.result.map((r) => r.server).sort(), ["s1", "s2"]);
});

test("Node's timeout().emitWithAck to a room collects our clients' acks", async () => {
  for (const [client, name] of [[n1, "n1"], [c1, "c1"], [c2, "c2"], [c3, "c3"]]) {
    client.socket.once("q", (n, ack) => ack({ from: name, n }));
  }
  const reply = await node1.admin({ op: "emitWithAck", rooms: ["room-a"], timeout: 2000, event: "q", args: [1] });
  assert.ok(reply.ok, reply.error);
  assert.ok(reply.ms < kWellBeforeTimeoutMs - 500, `emitWithAck took ${reply.ms} ms (timeout 2000)`);
  assert.deepEqual(reply.result.map((r) => r.from).sort(), ["c1", "c2", "c3", "n1"]);
  assert.ok(reply.result.every((r) => r.n === 1));
});

test("@socket.io/redis-emitter publishes reach our clients, in / and in /chat", async () => {
  const emitter = new Emitter(control);
  const outsider = collect(c4.socket, "from-emitter");
  const rootInChat = collect(c1.socket, "from-emitter-chat");
  const arrivals = all([c1, c2, c3, n1], "from-emitter");
  emitter.to("room-a").emit("from-emitter", 7);
  for (const got of await arrivals) assert.deepEqual(got, [7]);

  const chatArrivals = all([cchat, nchat], "from-emitter-chat");
  emitter.of("/chat").to("room-a").emit("from-emitter-chat", { chat: true });
  for (const got of await chatArrivals) assert.deepEqual(got, [{ chat: true }]);

  await sleep(kQuietMs);
  assert.equal(outsider.length, 0, "c4 is not in room-a");
  assert.equal(rootInChat.length, 0, "a /chat emit does not reach /");
});

// Last: garbage on the adapter's channels. Node's own subscriber may die on such a message
// (protocol-facts 3.3), so node1 is stopped first and only our servers are checked.
test("garbage on the broadcast, request and response channels leaves our servers working", async () => {
  await node1.stop();
  const msgpackOf = (hex) => Buffer.from(hex, "hex");
  const garbage = {
    "socket.io#/#": [
      Buffer.from([0xc1, 0xc1, 0xff, 0x00]),                 // not msgpack at all
      Buffer.from('{"uid":"x","type":2,"data":["e"]}'),     // JSON instead of msgpack
      msgpackOf("92a178a178"),                              // ["x","x"]: too short
      msgpackOf("93a17881a464617461c0c0"),                 // ["x",{data:nil},nil]
      msgpackOf("93a17883a47479706502a464617461"),         // truncated
      Buffer.alloc(0),
    ],
    "socket.io#/#room-a#": [Buffer.from("garbage on a room channel"), msgpackOf("93a178")],
    "socket.io#/chat#": [Buffer.from([0xde, 0xad, 0xbe, 0xef])],
    "socket.io-request#/#": [
      Buffer.from([0xc1, 0x00, 0x01]),
      Buffer.from('{"uid":"x"'),                             // truncated JSON
      Buffer.from('{"uid":"x","type":"five"}'),              // type is not a number
      Buffer.from("[1,2,3]"),
      Buffer.from('{"uid":"x","requestId":"r1","type":5,"opts":"nope"}'),
      Buffer.from('{"uid":"x","requestId":"r2","type":7}'),  // broadcast-with-ack without a packet
      msgpackOf("83a3756964a178a474797065" + "07" + "a67061636b6574c0"), // {uid,type:7,packet:nil}
      Buffer.from('{"uid":"x","type":2,"opts":{"rooms":[{}]},"rooms":["r"]}'),
      Buffer.from('{"uid":"x","type":99}'),
    ],
    "socket.io-response#/#": [Buffer.from([0xc1]), Buffer.from('{"requestId":1,"sockets":7}')],
  };
  for (const [channel, messages] of Object.entries(garbage)) {
    for (const message of messages) await control.publish(channel, message);
  }
  // Both servers report what they could not decode, and stay up.
  await s1.waitForOutput(/undecodable/, 3000);
  await s2.waitForOutput(/undecodable/, 3000);
  assert.equal(s1.child.exitCode, null);
  assert.equal(s2.child.exitCode, null);

  // A later cross-server broadcast still arrives, both ways, and the emitter still gets through.
  const toS2 = all([c2, c3], "said");
  await c1.socket.timeout(2000).emitWithAck("say", { room: "room-a", text: "after garbage" });
  for (const [said] of await toS2) assert.equal(said.text, "after garbage");
  const toS1 = next(c4.socket, "said");
  await c3.socket.timeout(2000).emitWithAck("say", { room: "b", text: "back" });
  assert.equal((await toS1)[0].text, "back");
  const emitted = all([c1, c2], "from-emitter");
  new Emitter(control).to("room-a").emit("from-emitter", "still");
  for (const got of await emitted) assert.deepEqual(got, ["still"]);
  // And each still counts as one server for requests.
  assert.equal(await numsub(control, "socket.io-request#/#"), 2);
});
