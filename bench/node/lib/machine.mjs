// What the report says about the machine and how busy it was: CPU count and model, memory,
// versions, load averages, and the CPU that processes other than the benchmark's used during a
// run (all of /proc/stat minus the benchmark's own processes), so a noisy figure can be spotted.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";

export function machineInfo() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "unknown";
  const memKb = Number(readFileSync("/proc/meminfo", "utf8").match(/^MemTotal:\s*(\d+)/m)?.[1] ?? 0);
  return {
    nproc: os.cpus().length,
    cpu_model: model,
    memory_gb: Math.round((memKb / 1024 / 1024) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    redis: versionOf(["redis-server", "--version"]).match(/v=(\S+)/)?.[1] ?? "unknown",
  };
}

function versionOf(argv) {
  try {
    return execFileSync(argv[0], argv.slice(1), { encoding: "utf8" });
  } catch {
    return "";
  }
}

export function loadAverage() {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

const ticks = 100; // _SC_CLK_TCK on Linux

// Busy CPU seconds of the whole machine (everything but idle and iowait).
export function machineBusySeconds() {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / ticks;
}

// utime + stime of a process (all threads), 0 when it is gone.
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return 0;
  }
}

// CPU of this process and of its children that have exited and been reaped (the load generator
// after a run), from /proc/self/stat: utime, stime, cutime, cstime.
function selfAndReapedChildrenSeconds() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
}

// Measures, around `body`, how many cores processes other than ours kept busy: ours are `pids`
// (alive throughout, e.g. servers and Redis), this process, and the children it reaped meanwhile
// (the load generator).
export async function measureOtherLoad(pids, body) {
  const ownCpu = () => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0) + selfAndReapedChildrenSeconds();
  const ownBefore = ownCpu();
  const busyBefore = machineBusySeconds();
  const start = process.hrtime.bigint();
  const load = loadAverage();
  const result = await body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const own = ownCpu() - ownBefore;
  const busy = machineBusySeconds() - busyBefore;
  const other = Math.max(0, (busy - own) / seconds);
  return { result, load_average_at_start: load, other_load_cores: Math.round(other * 100) / 100 };
}
