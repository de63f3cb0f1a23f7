// Issue "Foundation": a stock socket.io-client 4.8 against `scaleout serve`, over both transports,
// with rooms, acks both ways, binary payloads, a second namespace and the heartbeat.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { startServer, connect, next, collect, sleep, waitFor } from "./lib/harness.mjs";

let server;
before(async () => { server = await startServer(["--name", "alpha"]); });
after(async () => { await server.stop(); });

test("default transports start on polling and upgrade to websocket", async () => {
  const socket = io(server.url, { forceNew: true, reconnection: false });
  const engine = socket.io.engine;
  assert.equal(engine.transport.name, "polling");
  const upgraded = next(engine, "upgrade");
  const welcome = next(socket, "welcome");
  await next(socket, "connect");
  await upgraded;
  assert.equal(engine.transport.name, "websocket");
  const [hello] = await welcome;
  assert.deepEqual(hello, { server: "alpha", id: socket.id });
  // Traffic still flows after the upgrade.
  const me = await socket.timeout(2000).emitWithAck("whoami");
  assert.equal(me.id, socket.id);
  socket.disconnect();
});

test("polling only works end to end", async () => {
  const { socket, welcome } = await connect(server.url, { transports: ["polling"] });
  assert.equal(welcome.id, socket.id);
  const rooms = await socket.timeout(2000).emitWithAck("join", "poll-room");
  assert.deepEqual(rooms, [socket.id, "poll-room"]);
  const said = next(socket, "said");
  socket.emit("say", { room: "poll-room", text: "over polling" });
  assert.equal((await said)[0].text, "over polling");
  socket.disconnect();
});

test("websocket-only clients get a welcome with a 20-character socket id", async () => {
  const { socket, welcome } = await connect(server.url, { transports: ["websocket"] });
  assert.equal(socket.io.engine.transport.name, "websocket");
  assert.equal(welcome.server, "alpha");
  assert.equal(welcome.id, socket.id);
  assert.equal(socket.id.length, 20);
  assert.notEqual(socket.id, socket.io.engine.id);
  socket.disconnect();
});

test("say reaches the room's members and nobody else; leave stops it", async () => {
  const a = await connect(server.url, { transports: ["websocket"] });
  const b = await connect(server.url);  // polling, then upgrade
  const c = await connect(server.url, { transports: ["websocket"] });
  assert.deepEqual(await a.socket.timeout(2000).emitWithAck("join", "r1"), [a.socket.id, "r1"]);
  await b.socket.timeout(2000).emitWithAck("join", "r1");
  await c.socket.timeout(2000).emitWithAck("join", "r2");
  const seenA = collect(a.socket, "said");
  const seenB = collect(b.socket, "said");
  const seenC = collect(c.socket, "said");

  const { mid } = await a.socket.timeout(2000).emitWithAck("say", { room: "r1", text: "hi", n: 1 });
  await waitFor(() => seenA.length === 1 && seenB.length === 1, "said in r1");
  const expected = { from: a.socket.id, server: "alpha", room: "r1", text: "hi", n: 1, mid };
  assert.deepEqual(seenA[0], expected);
  assert.deepEqual(seenB[0], expected);

  b.socket.emit("leave", "r1");
  await b.socket.timeout(2000).emitWithAck("whoami");  // leave is processed before this ack
  await a.socket.timeout(2000).emitWithAck("say", { room: "r1", text: "again" });
  c.socket.emit("say", { room: "r2", text: "r2 only" });
  await waitFor(() => seenA.length === 2 && seenC.length === 1, "second round");
  await sleep(100);
  assert.equal(seenB.length, 1, "b left r1 and must not hear it");
  assert.equal(seenC.length, 1, "c is only in r2");
  assert.equal(seenC[0].text, "r2 only");
  assert.equal(seenA.length, 2, "a is not in r2");

  const everybody = collect(c.socket, "said");
  a.socket.emit("say", { room: null, text: "to all" });
  await waitFor(() => everybody.length === 1, "broadcast to everybody");
  assert.equal(everybody[0].room, null);
  for (const client of [a, b, c]) client.socket.disconnect();
});

test("acks work in both directions", async () => {
  const { socket } = await connect(server.url, { transports: ["websocket"] });
  const me = await socket.timeout(2000).emitWithAck("whoami");
  assert.deepEqual(me, { id: socket.id, server: "alpha", rooms: [socket.id] });

  // The server asks the client (server -> client ack) and passes the answer back.
  socket.on("question", (text, callback) => callback({ answer: text.toUpperCase() }));
  const answer = await socket.timeout(2000).emitWithAck("ask", "hello");
  assert.deepEqual(answer, { answer: "HELLO" });
  socket.disconnect();
});

test("binary payloads arrive as Buffers, over websocket and over polling", async () => {
  for (const transports of [["websocket"], ["polling"]]) {
    const sender = await connect(server.url, { transports });
    const receiver = await connect(server.url, { transports });
    await sender.socket.timeout(2000).emitWithAck("join", "bin");
    await receiver.socket.timeout(2000).emitWithAck("join", "bin");
    const said = next(receiver.socket, "said");
    const blob = Buffer.from([0, 1, 2, 253, 254, 255]);
    sender.socket.emit("say", { room: "bin", blob, nested: { more: Buffer.from("xyz") } });
    const [message] = await said;
    assert.ok(Buffer.isBuffer(message.blob), `${transports}: blob is a Buffer`);
    assert.deepEqual(message.blob, blob);
    assert.deepEqual(message.nested.more, Buffer.from("xyz"));
    sender.socket.disconnect();
    receiver.socket.disconnect();
  }
});

test("a second namespace has its own sockets and rooms", async () => {
  const root = await connect(server.url, { transports: ["websocket"] });
  const chat = await connect(`${server.url}/chat`, { transports: ["websocket"] });
  assert.equal(chat.welcome.id, chat.socket.id);
  await root.socket.timeout(2000).emitWithAck("join", "shared-name");
  await chat.socket.timeout(2000).emitWithAck("join", "shared-name");
  const heardInRoot = collect(root.socket, "said");
  const said = next(chat.socket, "said");
  chat.socket.emit("say", { room: "shared-name", text: "chat only" });
  assert.equal((await said)[0].text, "chat only");
  await sleep(100);
  assert.equal(heardInRoot.length, 0);

  const refused = io(`${server.url}/nope`, { forceNew: true, reconnection: false, transports: ["websocket"] });
  const [error] = await next(refused, "connect_error");
  assert.equal(error.message, "Invalid namespace");
  refused.close();
  root.socket.disconnect();
  chat.socket.disconnect();
});

test("connections stay up past 3 x pingInterval with short intervals", async () => {
  const quick = await startServer(["--name", "quick", "--ping-interval", "300", "--ping-timeout", "200"]);
  try {
    const clients = [
      await connect(quick.url, { transports: ["websocket"] }),
      await connect(quick.url, { transports: ["polling"] }),
      await connect(quick.url),
    ];
    const disconnects = clients.map((c) => collect(c.socket, "disconnect"));
    const pings = collect(clients[0].socket.io.engine, "ping");
    await sleep(1300);
    assert.ok(pings.length >= 3, `saw ${pings.length} pings`);
    for (const [i, client] of clients.entries()) {
      assert.equal(disconnects[i].length, 0, `client ${i} disconnected: ${disconnects[i]}`);
      assert.ok(client.socket.connected);
      const me = await client.socket.timeout(1000).emitWithAck("whoami");
      assert.equal(me.server, "quick");
    }
    for (const client of clients) client.socket.disconnect();
  } finally {
    await quick.stop();
  }
});
