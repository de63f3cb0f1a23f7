// Issue "Load balancer": a stock socket.io-client 4.8 reaches a cluster of two `scaleout serve`
// processes through one URL, the LoadBalancer (run alone in tests/support/balancer_main.cpp).
// With session affinity (sticky-sid, sticky-cookie) the default transports, polling then the
// upgrade to WebSocket, work; with round robin a long-polling client fails, as it does behind
// any balancer without sticky sessions (socket.io #3009); WebSocket-only clients do not care.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { spawnUntil, stopChild, startServer, connect, next } from "./lib/harness.mjs";

const balancerBinary = process.env.TEST_BALANCER_BIN;
if (!balancerBinary) throw new Error("TEST_BALANCER_BIN must name the test_balancer executable");

async function startBalancer(policy, servers) {
  const args = ["--policy", policy];
  for (const [name, server] of Object.entries(servers)) {
    args.push("--backend", `${name}:${new URL(server.url).port}`);
  }
  const { child, match } = await spawnUntil(balancerBinary, args, /balancer listening on (http:\/\/\S+)/);
  return { url: match[1], stop: () => stopChild(child) };
}

// Resolves with the first of `events` on `emitter` as "event: detail"; rejects after timeoutMs.
function firstOf(emitter, events, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`none of ${events} within ${timeoutMs} ms`)), timeoutMs);
    for (const event of events) {
      emitter.once(event, (detail) => {
        clearTimeout(timer);
        resolve({ event, detail });
      });
    }
  });
}

const servers = {};
const balancers = {};
before(async () => {
  servers.s1 = await startServer(["--name", "s1"]);
  servers.s2 = await startServer(["--name", "s2"]);
  for (const policy of ["sticky-sid", "sticky-cookie", "round-robin"]) {
    balancers[policy] = await startBalancer(policy, servers);
  }
});
after(async () => {
  for (const balancer of Object.values(balancers)) await balancer.stop();
  for (const server of Object.values(servers)) await server.stop();
});

test("sticky-sid: default transports start on polling and upgrade to websocket", async () => {
  const socket = io(balancers["sticky-sid"].url, { forceNew: true, reconnection: false });
  const engine = socket.io.engine;
  assert.equal(engine.transport.name, "polling");
  const upgraded = next(engine, "upgrade");
  const welcome = next(socket, "welcome");
  await next(socket, "connect");
  await upgraded;
  assert.equal(engine.transport.name, "websocket");
  const [hello] = await welcome;
  assert.ok(["s1", "s2"].includes(hello.server), hello.server);
  assert.equal(hello.id, socket.id);
  const me = await socket.timeout(2000).emitWithAck("whoami");
  assert.deepEqual(me, { id: socket.id, server: hello.server, rooms: [socket.id] });
  socket.disconnect();
});

test("sticky-sid: many clients spread over both servers and each stays on its own", async () => {
  const clients = [];
  for (let i = 0; i < 12; ++i) {
    // Every third client stays on long-polling, the worst case for affinity.
    clients.push(await connect(balancers["sticky-sid"].url, i % 3 === 0 ? { transports: ["polling"] } : {}));
  }
  const seen = new Set(clients.map((c) => c.welcome.server));
  assert.deepEqual([...seen].sort(), ["s1", "s2"]);
  for (const { socket, welcome } of clients) {
    const me = await socket.timeout(2000).emitWithAck("whoami");
    assert.equal(me.server, welcome.server);
    assert.ok(socket.connected);
  }
  for (const { socket } of clients) socket.disconnect();
});

test("sticky-cookie: a client with a cookie jar keeps its server through the upgrade", async () => {
  const socket = io(balancers["sticky-cookie"].url, { forceNew: true, reconnection: false, withCredentials: true });
  const upgraded = next(socket.io.engine, "upgrade");
  const [hello] = await next(socket, "welcome");
  await upgraded;
  const me = await socket.timeout(2000).emitWithAck("whoami");
  assert.equal(me.server, hello.server);
  socket.disconnect();
});

test("round-robin: a polling-only client fails with 400 Session ID unknown", async () => {
  const socket = io(balancers["round-robin"].url, { forceNew: true, reconnection: false, transports: ["polling"] });
  const failure = await firstOf(socket, ["connect_error", "disconnect"]);
  if (failure.event === "connect_error") {
    // The engine's TransportError: "xhr poll error" or "xhr post error", with the HTTP status.
    assert.match(failure.detail.message, /xhr (poll|post) error/);
    assert.equal(failure.detail.description, 400);
  } else {
    assert.equal(failure.detail, "transport error");
  }
  socket.close();
});

test("round-robin: websocket-only clients need no affinity", async () => {
  const clients = [];
  for (let i = 0; i < 4; ++i) {
    clients.push(await connect(balancers["round-robin"].url, { transports: ["websocket"] }));
  }
  // Both servers take some: a strict s1, s2, s1, s2 would count on no other request reaching the
  // balancer meanwhile (the previous test's refused polling requests may still be in flight).
  assert.deepEqual([...new Set(clients.map((c) => c.welcome.server))].sort(), ["s1", "s2"]);
  for (const { socket, welcome } of clients) {
    const me = await socket.timeout(2000).emitWithAck("whoami");
    assert.equal(me.server, welcome.server);
    socket.disconnect();
  }
});
