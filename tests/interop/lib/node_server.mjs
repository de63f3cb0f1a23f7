// A stock Node socket.io 4.8 server with @socket.io/redis-adapter 8.3, the reference our servers
// must interoperate with. The interop tests run it as a child process so that they can kill it:
//
//   node lib/node_server.mjs --port 0 --redis redis://[:pw@]127.0.0.1:P --name node1
//
// It prints `node_server: node1 listening on http://127.0.0.1:PORT (redis up)` once both Redis
// clients are connected and the server listens. On "/" and "/chat" it runs the demo app of
// sim/server/include/scaleout/server/demo_app.hpp (welcome, join, leave, say, whoami), answers a
// serverSideEmit with an ack with {server: NAME}, and `shout` does socket.broadcast.emit("shouted").
//
// Test hook: POST /admin with a JSON body {op, nsp?, ...} makes this server call the adapter API
// and answers {ok, result | error, ms}. Buffers travel in that JSON as {"$buffer": "<hex>"}.
//   emit                   {rooms?, except?, event, args}  io.of(nsp).to(rooms).except(except).emit
//   fetchSockets           {rooms?}                        -> [{id, rooms, data, query}]
//   allRooms               {}                              -> [room, ...]
//   serverSideEmitWithAck  {args}                          -> [answer, ...]
//   emitWithAck            {rooms?, timeout, event, args}  -> [client ack, ...]
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";

const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    redis: { type: "string" },
    name: { type: "string", default: "node1" },
  },
});
if (!options.redis) {
  console.error("node_server: --redis URL is required");
  process.exit(2);
}
const name = options.name;

// JSON <-> values with Buffers.
function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    if (typeof value.$buffer === "string") return Buffer.from(value.$buffer, "hex");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}
function tag(value) {
  if (Buffer.isBuffer(value)) return { $buffer: value.toString("hex") };
  if (value instanceof ArrayBuffer) return { $buffer: Buffer.from(value).toString("hex") };
  if (Array.isArray(value)) return value.map(tag);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]));
  }
  return value;
}

const pub = createClient({ url: options.redis });
const sub = pub.duplicate();
for (const client of [pub, sub]) client.on("error", (error) => console.error(`node_server: redis: ${error.message}`));
await Promise.all([pub.connect(), sub.connect()]);

const httpServer = createServer(onAdminRequest);
const io = new Server(httpServer, { adapter: createAdapter(pub, sub) });

let nextMid = 1;
for (const nspName of ["/", "/chat"]) {
  const nsp = io.of(nspName);
  nsp.on("connection", (socket) => {
    socket.emit("welcome", { server: name, id: socket.id });
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack([...socket.rooms]);
    });
    socket.on("leave", (room, ack) => {
      socket.leave(room);
      if (typeof ack === "function") ack([...socket.rooms]);
    });
    socket.on("say", (message, ack) => {
      // from and server are the server's to set, as in our DemoApp.
      const { room = null, from, server, ...rest } = message ?? {};
      const mid = rest.mid ?? `${name}-${nextMid++}`;
      const said = { from: socket.id, server: name, room, ...rest, mid };
      (room === null ? nsp : nsp.to(room)).emit("said", said);
      if (typeof ack === "function") ack({ mid });
    });
    socket.on("whoami", (ack) => {
      if (typeof ack === "function") ack({ id: socket.id, server: name, rooms: [...socket.rooms] });
    });
    socket.on("shout", (...args) => socket.broadcast.emit("shouted", ...args));
  });
  // serverSideEmit from the other servers: the ack, when asked for, is the last argument.
  nsp.on("ping", (...args) => {
    const ack = args[args.length - 1];
    if (typeof ack === "function") ack({ server: name });
  });
}

async function runAdmin(command) {
  const nsp = io.of(command.nsp ?? "/");
  const rooms = command.rooms ?? [];
  const except = command.except ?? [];
  switch (command.op) {
    case "emit":
      nsp.to(rooms).except(except).emit(command.event, ...revive(command.args ?? []));
      return null;
    case "fetchSockets": {
      const sockets = await nsp.in(rooms).fetchSockets();
      return sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, query: s.handshake?.query }));
    }
    case "allRooms":
      return [...(await nsp.adapter.allRooms())];
    case "serverSideEmitWithAck":
      return nsp.serverSideEmitWithAck(...revive(command.args ?? []));
    case "emitWithAck":
      return nsp.to(rooms).timeout(command.timeout ?? 2000).emitWithAck(command.event, ...revive(command.args ?? []));
    default:
      throw new Error(`unknown op ${command.op}`);
  }
}

// Socket.IO takes /socket.io/ requests; everything else reaches this handler.
function onAdminRequest(req, res) {
  if (req.method !== "POST" || req.url !== "/admin") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.on("data", (chunk) => { body += chunk; });
  req.on("end", async () => {
    const started = Date.now();
    let reply;
    try {
      reply = { ok: true, result: tag(await runAdmin(JSON.parse(body))) };
    } catch (error) {
      reply = { ok: false, error: String(error?.message ?? error) };
    }
    reply.ms = Date.now() - started;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
  });
}

httpServer.listen(Number(options.port), "127.0.0.1", () => {
  console.log(`node_server: ${name} listening on http://127.0.0.1:${httpServer.address().port} (redis up)`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    io.close();
    Promise.allSettled([pub.quit(), sub.quit()]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
