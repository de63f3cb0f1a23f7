// Issue 25: two of our servers (`scaleout serve --redis-cluster --adapter sharded`) and two stock
// Node socket.io 4.8 servers with @socket.io/redis-adapter 8.3's createShardedAdapter on npm
// `redis` 4's createCluster, all on one real Redis Cluster of three primaries with a password.
// Room broadcasts cross both ways (binary too), fetchSockets (Node's and ours, through the demo
// app's `members`), serverSideEmitWithAck and emitWithAck get their answers from all four, and in the dynamic subscription mode a room's
// channel has exactly the servers with members as its subscribers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  connect, next, collect, sleep,
  startRedisCluster, startClusterServer, startNodeServer,
} from "./lib/harness.mjs";

const kPassword = "cluster-pw";
// A quiet period long enough for a broadcast that should NOT come to have come.
const kQuietMs = 300;

let cluster, s1, s2, node1, node2;
// room-x: one member on each server. solo: a member on s1 and one on node1 only.
let c1, c2, n1, n2, solo1, solon;

async function joined(client, ...rooms) {
  for (const room of rooms) await client.socket.timeout(3000).emitWithAck("join", room);
  return client;
}

// Every client acks "ask-me" with where it is.
function answering(client, where) {
  client.socket.on("ask-me", (ack) => ack({ where }));
  return client;
}

before(async () => {
  cluster = await startRedisCluster({ primaries: 3, password: kPassword });
  const seeds = `:${kPassword}@${cluster.seeds}`;
  const nodeArgs = ["--redis-cluster", seeds, "--adapter", "sharded"];
  [s1, s2, node1, node2] = await Promise.all([
    startClusterServer(seeds, "s1", ["--adapter", "sharded"]),
    startClusterServer(seeds, "s2", ["--adapter", "sharded"]),
    startNodeServer(null, "node1", nodeArgs),
    startNodeServer(null, "node2", nodeArgs),
  ]);
  // Every server has SSUBSCRIBEd to the namespace channel: Node counts four.
  const deadline = Date.now() + 10000;
  for (const server of [node1, node2]) {
    for (;;) {
      const count = await server.admin({ op: "serverCount" });
      if (count.ok && count.result === 4) break;
      if (Date.now() > deadline) throw new Error(`${server.name} counts ${JSON.stringify(count)} servers, not 4`);
      await sleep(50);
    }
  }
  const ws = { transports: ["websocket"] };
  c1 = answering(await joined(await connect(s1.url, ws), "room-x"), "s1");
  c2 = answering(await joined(await connect(s2.url, ws), "room-x"), "s2");
  n1 = answering(await joined(await connect(node1.url, ws), "room-x"), "node1");
  n2 = answering(await joined(await connect(node2.url, ws), "room-x"), "node2");
  solo1 = await joined(await connect(s1.url, ws), "solo");
  solon = await joined(await connect(node1.url, ws), "solo");
  // The dynamic mode subscribes to a room's channel when its first member joins, unawaited (the
  // adapter's own tests wait 50 ms): wait until Redis counts each server in.
  const roomDeadline = Date.now() + 5000;
  for (const [channel, count] of [["socket.io#/#room-x#", 4], ["socket.io#/#solo#", 2]]) {
    for (;;) {
      const seen = await node1.admin({ op: "shardNumSub", channel });
      if (seen.ok && seen.result === count) break;
      if (Date.now() > roomDeadline) throw new Error(`${channel}: ${JSON.stringify(seen)} subscribers, not ${count}`);
      await sleep(50);
    }
  }
});

after(async () => {
  for (const client of [c1, c2, n1, n2, solo1, solon]) client?.socket.disconnect();
  await Promise.all([s1?.stop(), s2?.stop(), node1?.stop(), node2?.stop()]);
  await cluster?.stop();
});

test("our servers run the sharded adapter on the cluster and say so", () => {
  assert.match(s1.stdout(), /adapter: sharded dynamic, cluster 127\.0\.0\.1:\d+/);
});

test("a room broadcast from our server reaches the members on Node's servers and ours", async () => {
  const arrivals = Promise.all([c2, n1, n2].map((c) => next(c.socket, "said")));
  const { mid } = await c1.socket.timeout(3000).emitWithAck("say", { room: "room-x", text: "from s1" });
  const said = await arrivals;
  for (const [message] of said) {
    assert.equal(message.mid, mid);
    assert.equal(message.server, "s1");
    assert.equal(message.text, "from s1");
  }
});

test("a room broadcast from a Node server reaches our members, Buffers included", async () => {
  const arrivals = Promise.all([c1, c2, n2].map((c) => next(c.socket, "news")));
  const sent = await node1.admin({ op: "emit", rooms: ["room-x"], event: "news", args: ["hello", { $buffer: "dead" }] });
  assert.ok(sent.ok, sent.error);
  for (const args of await arrivals) {
    assert.equal(args[0], "hello");
    assert.deepEqual(Buffer.from(args[1]), Buffer.from([0xde, 0xad]));
  }
});

test("a broadcast to everybody from Node crosses to our servers too", async () => {
  const arrivals = Promise.all([c1, c2, solo1].map((c) => next(c.socket, "everyone")));
  const sent = await node2.admin({ op: "emit", event: "everyone", args: [1] });
  assert.ok(sent.ok, sent.error);
  await arrivals;
});

test("Node's fetchSockets gets the sockets of all four servers", async () => {
  const found = await node2.admin({ op: "fetchSockets", rooms: ["room-x"] });
  assert.ok(found.ok, found.error);
  const ids = found.result.map((s) => s.id).sort();
  assert.deepEqual(ids, [c1, c2, n1, n2].map((c) => c.socket.id).sort());
  const fromOurs = found.result.find((s) => s.id === c1.socket.id);
  assert.ok(fromOurs.rooms.includes("room-x"));
  assert.ok(found.ms < 2000, `took ${found.ms} ms: somebody did not answer`);
});

test("our fetchSockets gets the sockets of all four servers too", async () => {
  const found = await c2.socket.timeout(4000).emitWithAck("members", "room-x");
  assert.equal(found.error, undefined);
  assert.deepEqual(found.sockets.sort(), [c1, c2, n1, n2].map((c) => c.socket.id).sort());
});

test("Node's serverSideEmitWithAck is answered by every other server", async () => {
  const answers = await node1.admin({ op: "serverSideEmitWithAck", args: ["ping"] });
  assert.ok(answers.ok, answers.error);
  assert.deepEqual(answers.result.map((a) => a.server).sort(), ["node2", "s1", "s2"]);
});

test("Node's emitWithAck to a room collects the acks of our clients too", async () => {
  const acks = await node1.admin({ op: "emitWithAck", rooms: ["room-x"], timeout: 3000, event: "ask-me", args: [] });
  assert.ok(acks.ok, acks.error);
  assert.deepEqual(acks.result.map((a) => a.where).sort(), ["node1", "node2", "s1", "s2"]);
});

test("in the dynamic mode a room's channel reaches only the servers with members", async () => {
  // Measured at Redis: two shard subscribers of solo's channel (s1 and node1), four of room-x's.
  assert.equal((await node1.admin({ op: "shardNumSub", channel: "socket.io#/#solo#" })).result, 2);
  assert.equal((await node1.admin({ op: "shardNumSub", channel: "socket.io#/#room-x#" })).result, 4);
  const onNode1 = next(solon.socket, "said");
  const others = [c2, n2].map((c) => collect(c.socket, "said"));
  await solo1.socket.timeout(3000).emitWithAck("say", { room: "solo", text: "just us" });
  await onNode1;
  await sleep(kQuietMs);
  for (const seen of others) assert.equal(seen.filter((m) => m.room === "solo").length, 0);
  // The last member leaves: its server unsubscribes from the room's channel.
  await solo1.socket.timeout(3000).emitWithAck("leave", "solo");
  const deadline = Date.now() + 3000;
  while ((await node1.admin({ op: "shardNumSub", channel: "socket.io#/#solo#" })).result !== 1) {
    if (Date.now() > deadline) throw new Error("s1 did not leave solo's channel");
    await sleep(50);
  }
});
