// "The same story from outside": three `scaleout serve --redis URL --trace FILE` processes on one
// Redis, a stock socket.io-client on each in room "r", one `say`. The three JSON-lines traces
// (docs/trace-format.md) must tell that message's whole path: recv and publish on the sender's
// server, one redis_recv on each other server, one deliver per member, no drop. Then
// `scaleout replay` rebuilds the run from the three files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  connect, waitFor, collect, scaleoutBinary,
  startRedis, startRedisServer, redisClient, waitForNumsub,
} from "./lib/harness.mjs";

const run = promisify(execFile);
const names = ["s1", "s2", "s3"];

let redis, dir, servers, clients, bystander;
// Socket ids, kept: a disconnected socket forgets its id.
let memberIds, bystanderId;
const tracePath = (name) => join(dir, `${name}.jsonl`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "scaleout-trace-"));
  redis = await startRedis();
  servers = await Promise.all(names.map((name) => startRedisServer(redis.url, name, ["--trace", tracePath(name)])));
  const control = await redisClient(redis.url);
  await waitForNumsub(control, "socket.io-request#/#", 3);
  await control.quit();
  // One member of "r" per server (s2's over polling then WebSocket), and one non-member on s2.
  clients = await Promise.all([
    connect(servers[0].url, { transports: ["websocket"] }),
    connect(servers[1].url),
    connect(servers[2].url, { transports: ["websocket"] }),
  ]);
  for (const client of clients) await client.socket.timeout(2000).emitWithAck("join", "r");
  bystander = await connect(servers[1].url, { transports: ["websocket"] });
  memberIds = clients.map((client) => client.socket.id);
  bystanderId = bystander.socket.id;
});

after(async () => {
  for (const client of [...(clients ?? []), bystander]) client?.socket.disconnect();
  await Promise.all((servers ?? []).map((server) => server.stop()));
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("one say to a room on three servers: recv, publish, redis_recv, deliver, and no drop", async () => {
  const seen = clients.map((client) => collect(client.socket, "said"));
  const { mid } = await clients[0].socket.timeout(2000).emitWithAck("say", { room: "r", text: "the story" });
  await waitFor(() => seen.every((s) => s.length === 1), "said on the three members");
  assert.ok(seen.every((s) => s[0].mid === mid));

  // SIGTERM: each server writes what is left of its trace before it exits.
  for (const client of [...clients, bystander]) client.socket.disconnect();
  await Promise.all(servers.map((server) => server.stop("SIGTERM")));
  for (const server of servers) {
    assert.equal(server.child.exitCode, 0, `${server.name} exits with 0`);
    assert.match(server.stdout(), /trace of \d+ events written/);
  }

  const events = names.flatMap((name) =>
    readFileSync(tracePath(name), "utf8").split("\n").filter(Boolean).map((line) => {
      const event = JSON.parse(line);
      assert.equal(event.server, name, `${name}'s trace holds only ${name}'s events`);
      return event;
    }));
  const ofMid = (kind) => events.filter((e) => e.kind === kind && e.mid === mid);
  const [sender, member2, member3] = memberIds;

  const recv = ofMid("recv");
  assert.equal(recv.length, 1, "one recv");
  assert.deepEqual([recv[0].server, recv[0].socket, recv[0].event, recv[0].room], ["s1", sender, "say", "r"]);

  const publish = ofMid("publish");
  assert.equal(publish.length, 1, "one publish");
  assert.equal(publish[0].server, "s1");
  assert.equal(publish[0].channel, "socket.io#/#r#");
  assert.equal(publish[0].sent, true);

  const redisRecv = ofMid("redis_recv");
  assert.deepEqual(redisRecv.map((e) => e.server).sort(), ["s2", "s3"], "one redis_recv on each other server");
  for (const e of redisRecv) {
    assert.equal(e.channel, "socket.io#/#r#");
    assert.match(e.origin, /^[A-Za-z0-9_-]{6}$/, "the origin is the sender's adapter uid");
    assert.notEqual(e.origin, "s1");
  }
  assert.equal(redisRecv[0].origin, redisRecv[1].origin, "both came from the same adapter");

  const delivers = ofMid("deliver").map((e) => [e.server, e.socket]).sort();
  assert.deepEqual(delivers, [["s1", sender], ["s2", member2], ["s3", member3]], "one deliver per member");
  assert.ok(!ofMid("deliver").some((e) => e.socket === bystanderId), "no deliver to the non-member");

  assert.deepEqual(events.filter((e) => e.kind === "drop"), [], "no drop");
  // The hops happen in order.
  const t = (e) => e.t;
  assert.ok(t(recv[0]) <= t(publish[0]) && redisRecv.every((e) => t(publish[0]) <= t(e)));
});

test("scaleout replay rebuilds the run from the three traces", async () => {
  const files = names.map(tracePath);
  const summary = await run(scaleoutBinary, ["replay", ...files, "--summary"], { timeout: 10000 });
  for (const name of names) assert.match(summary.stdout, new RegExp(`\\b${name}\\b`), `summary mentions ${name}`);
  assert.match(summary.stdout, /^\/ r\b/m, "summary has a line for room r of /");

  // At the moment of the say, the three servers are up with their clients in "r".
  const events = files.flatMap((file) => readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)));
  const first = Math.min(...events.map((e) => e.t));
  const said = events.find((e) => e.kind === "recv" && e.event === "say");
  const at = ((said.t - first) / 1e9).toFixed(3);
  const snapshot = await run(scaleoutBinary, ["replay", ...files, "--at", at], { timeout: 10000 });
  for (const name of names) assert.match(snapshot.stdout, new RegExp(`\\b${name}\\b`), `replay --at mentions ${name}`);
  for (const id of memberIds) assert.ok(snapshot.stdout.includes(id), `replay --at lists ${id}:\n${snapshot.stdout}`);
});
