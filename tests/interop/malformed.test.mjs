// Malformed input (shared/protocol-facts.md section 2.5): each case closes that one connection,
// as Node does (WebSocket close 1005, or 1009 for an oversized frame), while a stock client on
// the same server keeps working.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { startServer, connect, next } from "./lib/harness.mjs";

let server;
let bystander;
before(async () => {
  server = await startServer(["--name", "tough", "--max-payload", "1000"]);
  bystander = await connect(server.url, { transports: ["websocket"] });
  await bystander.socket.timeout(2000).emitWithAck("join", "lobby");
});
after(async () => {
  // The bystander saw every case go by and is still served.
  const said = next(bystander.socket, "said");
  bystander.socket.emit("say", { room: "lobby", text: "still here" });
  assert.equal((await said)[0].text, "still here");
  assert.ok(bystander.socket.connected);
  bystander.socket.disconnect();
  await server.stop();
});

// Opens a raw WebSocket session, optionally CONNECTs to "/", sends `frames` and resolves with
// the close code once the server closes the connection.
async function closeCodeAfter(frames, { connectFirst = true } = {}) {
  const url = server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket";
  const ws = new WebSocket(url);
  const messages = [];
  ws.on("message", (data, binary) => messages.push(binary ? data : data.toString()));
  const closed = new Promise((resolve) => ws.on("close", (code) => resolve(code)));
  await next(ws, "open");
  await waitForMessage(messages, (m) => typeof m === "string" && m.startsWith("0{"));
  if (connectFirst) {
    ws.send("40");
    await waitForMessage(messages, (m) => typeof m === "string" && m.startsWith("40{"));
  }
  for (const frame of frames) ws.send(frame);
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("server did not close")), 3000));
  return Promise.race([closed, timeout]);
}

async function waitForMessage(messages, match) {
  const deadline = Date.now() + 3000;
  while (!messages.some(match)) {
    if (Date.now() > deadline) throw new Error("expected message never came");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const cases = {
  "event data that is not an array": ['42{"not":"an array"}'],
  "an unknown Socket.IO packet type": ["48"],
  "an unknown Engine.IO packet type": ["9hello"],
  "4garbage": ["4garbage"],
  "truncated JSON": ['42["ev"'],
  "a reserved event name": ['42["disconnect"]'],
  "a second CONNECT for the same namespace": ["40"],
  "a placeholder index beyond the attachment count": [
    '451-["bin",{"_placeholder":true,"num":1}]', Buffer.from([1, 2, 3])],
  "text while an attachment is expected": ['451-["bin",{"_placeholder":true,"num":0}]', '42["ev"]'],
  "more than ten attachments": ['4511-["ev"]'],
  "a ping from the client (v4 servers ping)": ["2"],
};

for (const [name, frames] of Object.entries(cases)) {
  test(`closes the connection on ${name}`, async () => {
    assert.equal(await closeCodeAfter(frames), 1005);
  });
}

test("closes the connection on an EVENT before any CONNECT", async () => {
  assert.equal(await closeCodeAfter(['42["ev"]'], { connectFirst: false }), 1005);
});

test("closes with 1009 on a frame over maxPayload", async () => {
  assert.equal(await closeCodeAfter(["42" + JSON.stringify(["say", { text: "x".repeat(2000) }])]), 1009);
});

test("polling: a body over maxPayload gets 413, a bad body ends the session", async () => {
  const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  const { sid } = JSON.parse(open.slice(1));
  const big = await fetch(`${base}&sid=${sid}`, { method: "POST", body: "4" + "x".repeat(5000) });
  assert.equal(big.status, 413);

  const bad = await fetch(`${base}&sid=${sid}`, { method: "POST", body: "40\x1e9garbage" });
  assert.equal(bad.status, 200);
  const after = await fetch(`${base}&sid=${sid}`);
  // The session is gone (or answers its last GET with a close packet).
  assert.ok(after.status === 400 || (await after.text()).endsWith("1"));
});

test("HTTP errors carry Engine.IO's codes", async () => {
  const base = `${server.url}/socket.io/`;
  const cases = [
    ["?EIO=4", 0], ["?EIO=4&transport=carrier-pigeon", 0], ["?EIO=3&transport=polling", 5],
    ["?EIO=4&transport=polling&sid=unknown", 1], ["?EIO=4&transport=websocket", 3],
  ];
  for (const [query, code] of cases) {
    const response = await fetch(base + query);
    assert.equal(response.status, 400, query);
    assert.deepEqual((await response.json()).code, code, query);
  }
  const post = await fetch(base + "?EIO=4&transport=polling", { method: "POST", body: "x" });
  assert.equal((await post.json()).code, 2);
});
