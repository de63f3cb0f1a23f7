// The Node side of the fan-out benchmark: a stock socket.io 4.8 server with
// @socket.io/redis-adapter 8.3, running the demo app's benchmark-relevant events with the same
// semantics as sim/server/include/scaleout/server/demo_app.hpp:
//   (connect)          -> emits "welcome" {server, id}
//   "join" room        -> joins it; acks with the socket's rooms
//   "say" {room, ...}  -> io.to(room).emit("said", {from, server, room, ...rest, mid}); acks {mid}
//
//   node bench/node/server.mjs --port 0 --name node1 --redis redis://[:pw@]127.0.0.1:P
//
// Prints `node-bench-server: NAME listening on http://127.0.0.1:PORT/socket.io/ (adapter: redis)`
// once both Redis clients are connected and the server listens; exits on SIGTERM or SIGINT.
// Kept apart from tests/interop on purpose: the benchmark must not change when the tests do.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";

const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    name: { type: "string", default: "node1" },
    redis: { type: "string" },
  },
});
if (!options.redis) {
  console.error("node-bench-server: --redis URL is required");
  process.exit(2);
}
const name = options.name;

const pub = createClient({ url: options.redis });
const sub = pub.duplicate();
for (const client of [pub, sub]) {
  client.on("error", (error) => console.error(`node-bench-server: redis: ${error.message}`));
}
await Promise.all([pub.connect(), sub.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter(pub, sub) });

let nextMid = 1;
io.on("connection", (socket) => {
  socket.emit("welcome", { server: name, id: socket.id });
  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack([...socket.rooms]);
  });
  socket.on("say", (message, ack) => {
    const { room = null, from, server, ...rest } = message ?? {};
    const mid = rest.mid ?? `${name}-${nextMid++}`;
    const said = { from: socket.id, server: name, room, ...rest, mid };
    if (room === null) {
      io.emit("said", said);
    } else {
      io.to(room).emit("said", said);
    }
    if (typeof ack === "function") ack({ mid });
  });
});

httpServer.listen(Number(options.port), "127.0.0.1", () => {
  const { port } = httpServer.address();
  console.log(
    `node-bench-server: ${name} listening on http://127.0.0.1:${port}/socket.io/ (adapter: redis)`,
  );
});

function stop() {
  io.close();
  Promise.allSettled([pub.quit(), sub.quit()]).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
