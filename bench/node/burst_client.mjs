// The clients of the burst benchmark (bench/node/lib/burst.mjs), stock socket.io-client 4.8 over
// WebSocket, in one of two roles:
//
//   --role reader     joins the room and reads every `said`; exits when the publisher's end
//                     marker arrives, or after --idle-exit seconds without a message, or when
//                     it is disconnected.
//   --role publisher  connects a member that stops reading (its TCP socket is paused), then a
//                     publisher (a member too) that says --payload-byte messages to the room for
//                     --seconds, as fast as the server takes them: at most --window says wait for
//                     their ack at any time. Then it says an end marker and lets the stuck member
//                     read again, to see whether it is still connected.
//
// Each prints one JSON line with what it saw on stdout; the reader prints `ready` first, once it
// is in the room.
//
//   node bench/node/burst_client.mjs --role reader --url http://127.0.0.1:3000 --room burst
import { parseArgs } from "node:util";
import { io } from "socket.io-client";

const { values: options } = parseArgs({
  options: {
    role: { type: "string" },
    url: { type: "string" },
    "stuck-url": { type: "string" },
    room: { type: "string", default: "burst" },
    seconds: { type: "string", default: "6" },
    payload: { type: "string", default: "65536" },
    window: { type: "string", default: "16" },
    "idle-exit": { type: "string", default: "10" },
    "end-timeout": { type: "string", default: "30" },
    stuck: { type: "string", default: "yes" },
  },
});
if (!options.url || !["reader", "publisher"].includes(options.role)) {
  console.error("burst_client: --role reader|publisher and --url URL are required");
  process.exit(2);
}

const now = () => performance.now();

function connect(url = options.url) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ["websocket"], reconnection: false, timeout: 10000 });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(new Error(`connect: ${error.message}`)));
  });
}

function join(socket) {
  return new Promise((resolve) => socket.emit("join", options.room, resolve));
}

async function reader() {
  const socket = await connect();
  await join(socket);
  const seen = { messages: 0, bytes: 0, first_ms: null, last_ms: null, end: null, disconnect: null, gaps: 0 };
  let expected = 0;
  let idle = null;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    socket.close();
    console.log(JSON.stringify({ role: "reader", ...seen }));
    process.exit(0);
  };
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(finish, Number(options["idle-exit"]) * 1000);
  };
  socket.on("said", (message) => {
    armIdle();
    if (message.end) {
      seen.end = message.n;
      finish();
      return;
    }
    const t = now();
    seen.first_ms ??= t;
    seen.last_ms = t;
    seen.messages += 1;
    seen.bytes += message.pad?.length ?? 0;
    if (message.n !== expected) seen.gaps += 1;
    expected = message.n + 1;
  });
  socket.on("disconnect", (reason) => {
    if (finished) return;
    seen.disconnect = reason;
    finish();
  });
  console.log("ready");
  armIdle();
}

async function publisher() {
  const stuck = await connect(options["stuck-url"] ?? options.url);
  await join(stuck);
  let stuckReason = null;
  stuck.on("disconnect", (reason) => { stuckReason = reason; });
  // The member stops reading: its TCP socket is not read any more, so the server's writes back up.
  if (options.stuck === "yes") stuck.io.engine.transport.ws._socket.pause();

  const socket = await connect();
  await join(socket);
  let publisherReason = null;
  socket.on("disconnect", (reason) => { publisherReason = reason; });

  const pad = "x".repeat(Number(options.payload));
  const window = Number(options.window);
  const stopAt = now() + Number(options.seconds) * 1000;
  let said = 0;
  let acked = 0;
  const started = now();
  await new Promise((resolve) => {
    const pump = () => {
      while (socket.connected && said - acked < window && now() < stopAt) {
        socket.emit("say", { room: options.room, n: said, pad }, () => {
          acked += 1;
          pump();
        });
        said += 1;
      }
      if (!socket.connected || (now() >= stopAt && acked === said)) resolve();
    };
    pump();
    // Waiting on acks that may never come (the publisher was dropped): check now and then.
    const check = setInterval(() => {
      if (!socket.connected || (now() >= stopAt && acked === said)) {
        clearInterval(check);
        resolve();
      }
    }, 100);
  });
  const publishMs = now() - started;
  let endAcked = false;
  if (socket.connected) {
    endAcked = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Number(options["end-timeout"]) * 1000);
      socket.emit("say", { room: options.room, end: true, n: said }, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
  // Let the stuck member read again: a dropped one sees its connection closed.
  stuck.io.engine.transport.ws?._socket?.resume();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  console.log(JSON.stringify({
    role: "publisher", said, acked, publish_ms: publishMs, end_acked: endAcked,
    publisher_disconnected: publisherReason, stuck_disconnected: stuckReason ?? (stuck.connected ? null : "closed"),
  }));
  socket.close();
  stuck.close();
  process.exit(0);
}

(options.role === "reader" ? reader() : publisher()).catch((error) => {
  console.log(JSON.stringify({ role: options.role, error: error.message }));
  process.exit(1);
});
