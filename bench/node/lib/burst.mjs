// The burst phase (docs/flow-control.md): one server of a side, three members of a room, all
// stock socket.io-clients (bench/node/burst_client.mjs). A publisher says 64 KB messages as
// fast as the server acknowledges them for a few seconds; one member has stopped reading; the
// reader, in a Node process of its own, reads everything. Measured: the share of the messages
// the reader got and the MB/s it got them at, the server's peak RSS growth (sampled every 20 ms),
// and whether the publisher and the stuck member were disconnected.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { startServers } from "./phases.mjs";
import { start, stop, run, waitForLine } from "./processes.mjs";

const burstClient = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "burst_client.mjs");

function residentKb(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s*(\d+)/m)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const lastJson = (text) => {
  const line = text.split("\n").filter((l) => l.startsWith("{")).at(-1);
  return line ? JSON.parse(line) : null;
};

export async function burstRun(ctx, side, { seconds, payload, window }) {
  ctx.runLabel = `burst-${side}`;
  ctx.progress(`${ctx.runLabel}: one ${side} server, ${payload}-byte says for ${seconds} s, one member stuck, one reading`);
  const [server] = await startServers(ctx, side, 1);
  const url = `http://127.0.0.1:${server.port}`;
  const rssBefore = residentKb(server.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, residentKb(server.pid)); }, 20);
  let reader = null;
  try {
    reader = start(["node", burstClient, "--role", "reader", "--url", url, "--idle-exit", "15"],
      { cpus: ctx.loadgenCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-reader.log`) });
    await waitForLine(reader, /^ready$/, 15000, "burst reader");
    const published = await run(["node", burstClient, "--role", "publisher", "--url", url,
      "--seconds", String(seconds), "--payload", String(payload), "--window", String(window)],
    { cpus: ctx.loadgenCpus, log: path.join(ctx.logDir, `${ctx.runLabel}-publisher.log`), timeoutMs: (seconds + 120) * 1000 });
    const publisher = lastJson(published.stdout);
    await reader.exited;
    const read = lastJson(reader.output);
    if (!publisher || publisher.error) throw new Error(`publisher: ${publisher?.error ?? `exit ${published.code}`}`);
    if (!read || read.error) throw new Error(`reader: ${read?.error ?? "no result"}`);
    const readerSeconds = read.last_ms != null ? (read.last_ms - read.first_ms) / 1000 : null;
    return {
      side, seconds, payload, window,
      said: publisher.said,
      acked: publisher.acked,
      received: read.messages,
      received_share: publisher.said ? read.messages / publisher.said : null,
      in_order: read.gaps === 0,
      reader_mb_per_s: readerSeconds ? read.bytes / 1e6 / readerSeconds : null,
      reader_disconnected: read.disconnect,
      publisher_disconnected: publisher.publisher_disconnected,
      stuck_disconnected: publisher.stuck_disconnected,
      rss_before_kb: rssBefore,
      rss_peak_kb: rssPeak,
      rss_growth_mb: (rssPeak - rssBefore) / 1024,
    };
  } finally {
    clearInterval(sampler);
    if (reader) await stop(reader);
    await stop(server);
  }
}
