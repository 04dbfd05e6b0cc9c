import { readFileSync, readdirSync } from "node:fs";

const TICKS_PER_SECOND = 100;
const PAGE_SIZE = 4096;

/** CPU ticks and resident memory of every process on this machine whose command line has `name`. */
export function processUsage(name: string): { ticks: number; rssBytes: number } {
  let ticks = 0;
  let rssBytes = 0;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmdline.includes(name)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
      rssBytes += Number(fields[21]) * PAGE_SIZE;
    } catch {
      // A process that ended meanwhile.
    }
  }
  return { ticks, rssBytes };
}

/** Percent of one core used between two readings `seconds` apart. */
export function cpuPercent(before: { ticks: number }, after: { ticks: number }, seconds: number): number {
  return ((after.ticks - before.ticks) / TICKS_PER_SECOND / seconds) * 100;
}
