// `scaleout observe --redis URL` watching a Redis shared by a stock Node socket.io server with
// @socket.io/redis-adapter, one of our servers and @socket.io/redis-emitter: it prints one line
// per adapter message (room, event, arguments, sender uid), shows garbage as UNDECODABLE and
// goes on, records redis_recv lines with --trace, and, being a pattern subscriber only, is not
// counted by PUBSUB NUMSUB, so Node's cluster requests still complete.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Emitter } from "@socket.io/redis-emitter";
import {
  connect, next, waitFor, sleep, scaleoutBinary,
  startRedis, startRedisServer, startNodeServer, spawnWatched, redisClient, numsub, waitForNumsub,
} from "./lib/harness.mjs";

let redis, node1, s1, observe, control, emitter, nodeClient, ourClient, dir, tracePath;

// observe's stdout lines (after the HH:MM:SS.mmm stamp) that match `regex`.
const observed = (regex) => observe.stdout().split("\n").filter((line) => regex.test(line));
const waitForLine = async (regex, what) => {
  await waitFor(() => observed(regex).length > 0, `observe to print ${what}`, 5000);
  return observed(regex)[0];
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "scaleout-observe-"));
  tracePath = join(dir, "observe.jsonl");
  redis = await startRedis();
  [node1, s1] = await Promise.all([startNodeServer(redis.url, "node1"), startRedisServer(redis.url, "s1")]);
  control = await redisClient(redis.url);
  emitter = new Emitter(control);
  await waitForNumsub(control, "socket.io-request#/#", 2);  // node1 and s1
  nodeClient = await connect(node1.url, { transports: ["websocket"] });
  ourClient = await connect(s1.url, { transports: ["websocket"] });
  await ourClient.socket.timeout(2000).emitWithAck("join", "room1");

  observe = spawnWatched(scaleoutBinary, ["observe", "--redis", redis.url, "--trace", tracePath]);
  await observe.waitForOutput(/redis up/);
  // Its PSUBSCRIBEs are on their way; publish a probe until observe shows one, so that nothing
  // the tests publish can come before observe listens.
  const probeDeadline = Date.now() + 5000;
  for (let i = 0; observed(/ probe /).length === 0; ++i) {
    if (Date.now() > probeDeadline) throw new Error(`observe saw no probe:\n${observe.stdout()}${observe.stderr()}`);
    emitter.to("nobody").emit("probe", i);
    await sleep(50);
  }
});

after(async () => {
  nodeClient?.socket.disconnect();
  ourClient?.socket.disconnect();
  await control?.quit().catch(() => {});
  await Promise.all([observe?.stop(), node1?.stop(), s1?.stop()]);
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("observe shows a Node room broadcast with its room, event and arguments", async () => {
  const arrived = next(ourClient.socket, "news");
  const reply = await node1.admin({ op: "emit", rooms: ["room1"], event: "news", args: [{ a: 1 }, { $buffer: "010203" }] });
  assert.ok(reply.ok, reply.error);
  await arrived;
  const line = await waitForLine(/ news /, "the news broadcast");
  assert.match(line,
    /^\d\d:\d\d:\d\d\.\d{3} {2}broadcast socket\.io#\/#room1# {2}uid=(\S{6}) {2}nsp=\/ {2}rooms=\[room1\] except=\[\] flags=\{\} {2}news \[\{"a":1\},"<Buffer 3 bytes>"\] {2}\d+ B$/);
});

test("observe shows a redis-emitter publish with uid emitter", async () => {
  const arrived = next(ourClient.socket, "from-emitter");
  emitter.to("room1").emit("from-emitter", 7);
  await arrived;
  const line = await waitForLine(/ from-emitter /, "the emitter's publish");
  assert.match(line, /broadcast socket\.io#\/#room1# {2}uid=emitter {2}nsp=\/ {2}rooms=\[room1\] except=\[\] flags=\{\} {2}from-emitter \[7\] {2}\d+ B$/);
  // And /chat: its own channel and nsp.
  emitter.of("/chat").emit("chat-news", "x");
  const chat = await waitForLine(/ chat-news /, "the emitter's /chat publish");
  assert.match(chat, /broadcast socket\.io#\/chat# {2}uid=emitter {2}nsp=\/chat {2}rooms=\[\] .* chat-news \["x"\]/);
});

test("observe shows garbage as UNDECODABLE and keeps printing later messages", async () => {
  // On a namespace no server serves: Node's subscriber does not survive garbage (protocol-facts
  // 3.3) and node1 is needed below; observe's patterns cover every namespace.
  await control.publish("socket.io#/garbage#", Buffer.from([0xc1, 0xc1, 0xff]));
  await control.publish("socket.io-request#/garbage#", Buffer.from('{"uid":"x"'));
  const garbage = await waitForLine(/broadcast socket\.io#\/garbage# {2}UNDECODABLE/, "the garbage broadcast");
  assert.match(garbage, /UNDECODABLE \(.+\) c1c1ff {2}3 B$/);
  await waitForLine(/request {2}\/garbage {2}UNDECODABLE/, "the garbage request");

  // A later broadcast from our server is still printed.
  const said = next(ourClient.socket, "said");
  const { mid } = await ourClient.socket.timeout(2000).emitWithAck("say", { room: "room1", text: "after garbage" });
  await said;
  const line = await waitForLine(new RegExp(`said .*"mid":"${mid}"`), "the later said");
  assert.match(line, /broadcast socket\.io#\/#room1# {2}uid=\S+ {2}nsp=\/ {2}rooms=\[room1\] .* said \[\{.*"text":"after garbage"/);
  assert.equal(observe.child.exitCode, null, "observe is still running");
});

test("with observe running, Node's serverSideEmitWithAck and fetchSockets complete, and observe shows them", async () => {
  assert.equal(await numsub(control, "socket.io-request#/#"), 2, "node1 and s1 only, not observe");
  const answers = await node1.admin({ op: "serverSideEmitWithAck", args: ["ping"] });
  assert.ok(answers.ok, answers.error);
  assert.deepEqual(answers.result, [{ server: "s1" }]);
  assert.ok(answers.ms < 2000, `serverSideEmitWithAck took ${answers.ms} ms`);
  const sockets = await node1.admin({ op: "fetchSockets" });
  assert.ok(sockets.ok, sockets.error);
  assert.ok(sockets.ms < 2000, `fetchSockets took ${sockets.ms} ms`);
  assert.deepEqual(new Set(sockets.result.map((s) => s.id)), new Set([nodeClient.socket.id, ourClient.socket.id]));

  await waitForLine(/request {2}\/ {2}uid=\S+ {2}serverSideEmit id=\S+ data=\["ping"\]/, "the serverSideEmit request");
  await waitForLine(/response \/ {2}serverSideEmit id=\S+ data=\{"server":"s1"\}/, "s1's answer");
  await waitForLine(/request {2}\/ {2}uid=\S+ {2}fetchSockets id=\S+/, "the fetchSockets request");
  await waitForLine(/response \/ {2}reply id=\S+ sockets=1 /, "s1's sockets");
});

test("observe --trace records redis_recv lines with channel and origin", async () => {
  const nodeUid = observed(/ news /)[0].match(/uid=(\S+)/)[1];
  let lines = [];
  await waitFor(() => {
    lines = readFileSync(tracePath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    return lines.some((l) => l.origin === "emitter") && lines.some((l) => l.origin === nodeUid);
  }, "redis_recv lines in the trace", 5000);
  assert.ok(lines.every((l) => l.kind === "redis_recv" && l.server === "observe" && typeof l.t === "number"));
  const news = lines.find((l) => l.origin === nodeUid && l.channel === "socket.io#/#room1#");
  assert.ok(news, "Node's news broadcast is recorded");
  assert.equal(news.nsp, "/");
  assert.ok(news.bytes > 0);
  const fromEmitter = lines.find((l) => l.origin === "emitter" && l.channel === "socket.io#/#room1#");
  assert.ok(fromEmitter, "the emitter's publish is recorded");
  const said = lines.find((l) => l.mid && l.channel === "socket.io#/#room1#");
  assert.ok(said, "our say is recorded with its mid");
});

test("observe stops cleanly on SIGTERM", async () => {
  await observe.stop("SIGTERM");
  assert.equal(observe.child.exitCode, 0);
});
