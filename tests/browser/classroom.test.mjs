// Issue "The class joins": students' browsers become clients of the cluster. Headless Chromium
// (Debian's, through playwright-core) opens the classroom page that `scaleout cluster --classroom`
// serves through its load balancer: two students in one room land on different servers and each
// sees the other's message with the path it took (across Redis); a stock socket.io-client in the
// room hears both; a name made of markup stays text everywhere. Then: what the page and the
// bundle are served with, the QR code printed for the teacher, and a page whose server restarts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import {
  scaleoutBinary, spawnWatched, spawnUntil, stopChild, startRedis, connect, next, collect, waitFor, freePort,
} from "../interop/lib/harness.mjs";
import { launchChromium, openStudent, waitForMessages, waitForState } from "./lib/browser.mjs";

const markupName = "<img src=x onerror=alert(1)>";
const koreanName = "보라 Bora";
const bundlePath = new URL("../../web/node_modules/socket.io-client/dist/socket.io.min.js", import.meta.url);

let browser;
let cluster;
let pageUrl;
let serverUrls;
let workDir;
let tracePath;

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), "classroom-test-"));
  tracePath = join(workDir, "trace.jsonl");
  cluster = spawnWatched(scaleoutBinary, [
    "cluster", "--servers", "2", "--classroom", "--classroom-address", "127.0.0.1", "--trace", tracePath,
  ]);
  pageUrl = (await cluster.waitForOutput(/classroom page at (http:\/\/\S+)/))[1];
  await cluster.waitForOutput(/\[s1\] redis up/);
  await cluster.waitForOutput(/\[s2\] redis up/);
  serverUrls = Object.fromEntries(
    [...cluster.stdout().matchAll(/server (s\d) on (http:\/\/\S+)/g)].map((match) => [match[1], match[2]]));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("two pages in one room land on different servers and see each other's messages, as text", async () => {
  const ada = await openStudent(browser, pageUrl, { name: markupName, room: "class" });
  const bora = await openStudent(browser, pageUrl, { name: koreanName, room: "class", locale: "ko-KR" });
  const adaServer = await ada.server();
  const boraServer = await bora.server();
  // The balancer gives new sessions to the servers in turn.
  assert.deepEqual([adaServer, boraServer].sort(), ["s1", "s2"]);

  // A stock socket.io-client in the same room, through the same balancer.
  const { socket: listener } = await connect(pageUrl, { auth: { name: "node-listener" } });
  const heard = collect(listener, "said");
  assert.deepEqual(await listener.timeout(3000).emitWithAck("join", "class"), [listener.id, "class"]);

  await ada.say("hello from Ada");
  await bora.say("안녕하세요 from Bora");

  const onBora = await waitForMessages(bora, (m) => m.some((x) => x.text === "hello from Ada"), "Ada's message on Bora's page");
  const onAda = await waitForMessages(ada, (m) => m.some((x) => x.text === "안녕하세요 from Bora"), "Bora's message on Ada's page");
  const adaOnBora = onBora.find((x) => x.text === "hello from Ada");
  const boraOnAda = onAda.find((x) => x.text === "안녕하세요 from Bora");
  // The markup is shown as the characters the student typed.
  assert.equal(adaOnBora.name, markupName);
  assert.equal(boraOnAda.name, koreanName);
  // Each message crossed Redis from the sender's server to the reader's, and says so.
  assert.equal(adaOnBora.server, adaServer);
  assert.equal(adaOnBora.crossed, true);
  assert.match(adaOnBora.route, new RegExp(`${adaServer}.*Redis.*${boraServer}`));
  assert.equal(boraOnAda.crossed, true);
  assert.match(boraOnAda.route, new RegExp(`${boraServer}.*Redis.*${adaServer}`));
  assert.match(adaOnBora.mid, new RegExp(`^${adaServer}-\\d+$`));
  // Each student's own message came back through its own server, without Redis.
  const own = (await ada.messages()).find((x) => x.text === "hello from Ada");
  assert.equal(own.crossed, false);
  assert.equal(own.mid, adaOnBora.mid);

  await waitFor(() => heard.length >= 2, "both messages at the stock client");
  const byText = Object.fromEntries(heard.map((m) => [m.text, m]));
  assert.equal(byText["hello from Ada"].name, markupName);
  assert.equal(byText["hello from Ada"].server, adaServer);
  assert.equal(byText["hello from Ada"].mid, adaOnBora.mid);
  assert.equal(byText["안녕하세요 from Bora"].name, koreanName);
  assert.equal(byText["안녕하세요 from Bora"].server, boraServer);

  for (const student of [ada, bora]) {
    assert.equal(await student.page.locator("img").count(), 0, "no <img> element on the page");
    assert.equal(await student.page.locator("#me-name").textContent(), await student.page.inputValue("#name"));
    assert.deepEqual(student.problems, []);
  }
  assert.equal(await ada.page.locator("#me-name").textContent(), markupName);

  // The trace names the students by the name their page sent in the CONNECT auth.
  await waitFor(() => {
    try {
      return readFileSync(tracePath, "utf8").includes(koreanName);
    } catch {
      return false;
    }
  }, "the students' names in the trace", 10000);
  const connects = readFileSync(tracePath, "utf8").trim().split("\n").map((line) => JSON.parse(line))
    .filter((event) => event.kind === "client_connect");
  const names = new Map(connects.map((event) => [event.name, event.server]));
  assert.equal(names.get(markupName), adaServer);
  assert.equal(names.get(koreanName), boraServer);

  listener.disconnect();
  await ada.close();
  await bora.close();
});

test("the balancer and each server serve the page and the stock client bundle, the page with a security policy", async () => {
  const bundle = readFileSync(bundlePath, "utf8");
  for (const base of [pageUrl, `${serverUrls.s1}/`, `${serverUrls.s2}/`]) {
    const page = await fetch(base);
    assert.equal(page.status, 200, base);
    assert.match(page.headers.get("content-type"), /^text\/html/);
    assert.match(page.headers.get("content-security-policy"), /script-src 'self'/);
    assert.match(await page.text(), /<script src="\/socket.io\/socket.io.min.js"/);

    const script = await fetch(new URL("/socket.io/socket.io.min.js", base));
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type"), /^application\/javascript/);
    assert.equal(await script.text(), bundle);
    const again = await fetch(new URL("/socket.io/socket.io.min.js", base), {
      headers: { "If-None-Match": script.headers.get("etag") },
    });
    assert.equal(again.status, 304);
  }
  // The balancer answers the page itself: no backend took the request.
  assert.equal((await fetch(pageUrl)).headers.get("x-scaleout-backend"), null);
});

// The terminal QR code: lines of half blocks, two modules a line, read back into pixels.
function decodeTerminalQr(output) {
  const lines = output.split("\n").filter((line) => line.length > 20 && /^[ █▀▄]+$/.test(line));
  assert.ok(lines.length > 10, `no QR code in:\n${output}`);
  const width = lines[0].length;
  const rows = [];
  for (const line of lines) {
    rows.push([...line].map((c) => c === "█" || c === "▀"));
    rows.push([...line].map((c) => c === "█" || c === "▄"));
  }
  const scale = 4;
  const pixels = new Uint8ClampedArray(width * scale * rows.length * scale * 4);
  for (let y = 0; y < rows.length * scale; ++y) {
    for (let x = 0; x < width * scale; ++x) {
      const value = rows[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      pixels.set([value, value, value, 255], (y * width * scale + x) * 4);
    }
  }
  return jsQR(pixels, width * scale, rows.length * scale);
}

test("the QR code printed for the teacher reads back as the page's URL, beside the warning", () => {
  const output = cluster.stdout();
  const decoded = decodeTerminalQr(output);
  assert.ok(decoded, "jsQR could not read the QR code");
  assert.equal(decoded.data, pageUrl);
  assert.match(output, /CLASSROOM MODE: anyone on this network can open http:\/\/127\.0\.0\.1:\d+\/ and join/);
  assert.match(output, /the page has no teacher controls/);
});

test("a page whose server restarts reconnects, says so, and is back in its room", async () => {
  const redis = await startRedis();
  const port = await freePort();
  const serve = (name, serverPort) => spawnUntil(scaleoutBinary,
    ["serve", "--port", String(serverPort), "--name", name, "--redis", redis.url], /listening on (http:\/\/[^\s/]+)/);
  let s1 = await serve("s1", port);
  const s2 = await serve("s2", 0);
  try {
    const student = await openStudent(browser, `http://127.0.0.1:${port}/`, { name: "Chidi", room: "class" });
    assert.equal(await student.server(), "s1");
    const { socket: peer } = await connect(s2.match[1], { auth: { name: "peer-on-s2" } });
    await peer.timeout(3000).emitWithAck("join", "class");

    await stopChild(s1.child, "SIGKILL");
    await waitForState(student.page, "offline");
    s1 = await serve("s1", port);
    await waitForState(student.page, "joined", 30000);
    const notes = await student.notes();
    assert.ok(notes.includes("lost"), notes.join());
    assert.ok(notes.includes("reconnected"), notes.join());

    // Back in the room on the server side too: a message from the other server reaches the page.
    await peer.timeout(3000).emitWithAck("say", { room: "class", text: "welcome back" });
    const messages = await waitForMessages(student, (m) => m.some((x) => x.text === "welcome back"), "the message after the restart");
    assert.equal(messages.find((x) => x.text === "welcome back").crossed, true);
    const heard = next(peer, "said");
    await student.say("thanks");
    assert.equal((await heard)[0].text, "thanks");
    assert.deepEqual(student.problems, []);
    peer.disconnect();
    await student.close();
  } finally {
    await stopChild(s1.child);
    await stopChild(s2.child);
    await redis.stop();
  }
});
