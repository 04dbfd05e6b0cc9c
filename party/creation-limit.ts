/**
 * How many meetings one client address may start: a sliding log of its recent creations, checked
 * against a per-minute and a per-day allowance. What it keeps is at most a day's allowance of
 * timestamps, so its storage is bounded by configuration.
 */
import type { RequestHeaders } from "./origins";

export interface CreationAllowance {
  perMinute: number;
  perDay: number;
}

export const DEFAULT_CREATION_ALLOWANCE: CreationAllowance = { perMinute: 10, perDay: 100 };
/** Past this a day's log would outgrow what one stored value should hold. */
const MAX_PER_DAY = 10_000;

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export type CreationVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function allowance(value: unknown, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 1 || number > MAX_PER_DAY) {
    throw new Error(
      `Meeting creation limits must be whole numbers from 1 to ${MAX_PER_DAY}; got "${value}".`,
    );
  }
  return number;
}

/** PARLEY_CREATE_PER_MINUTE and PARLEY_CREATE_PER_DAY, or the defaults. */
export function readCreationAllowance(env: Record<string, unknown>): CreationAllowance {
  return {
    perMinute: allowance(env.PARLEY_CREATE_PER_MINUTE, DEFAULT_CREATION_ALLOWANCE.perMinute),
    perDay: allowance(env.PARLEY_CREATE_PER_DAY, DEFAULT_CREATION_ALLOWANCE.perDay),
  };
}

export class CreationLog {
  /** When each creation within the last day happened, oldest first. */
  private times: number[];

  constructor(
    private readonly allowance: CreationAllowance,
    private readonly now: () => number,
    times: readonly number[] = [],
  ) {
    this.times = times.filter((time) => Number.isFinite(time)).sort((a, b) => a - b);
  }

  /** Counts a creation if the allowance has room for it; otherwise says how long until it will. */
  take(): CreationVerdict {
    const now = this.now();
    this.times = this.times.filter((time) => time > now - DAY_MS).slice(-this.allowance.perDay);
    const lastMinute = this.times.filter((time) => time > now - MINUTE_MS);
    // Room comes back when the creation that filled the allowance leaves its window.
    const waits: number[] = [];
    const fullMinute = lastMinute.at(-this.allowance.perMinute);
    if (lastMinute.length >= this.allowance.perMinute && fullMinute !== undefined) {
      waits.push(fullMinute + MINUTE_MS - now);
    }
    const fullDay = this.times.at(-this.allowance.perDay);
    if (this.times.length >= this.allowance.perDay && fullDay !== undefined)
      waits.push(fullDay + DAY_MS - now);
    if (waits.length > 0) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
    }
    this.times.push(now);
    return { allowed: true };
  }

  /** What to store: nothing older than a day. */
  get recent(): number[] {
    return [...this.times];
  }

  /** When the log has nothing left to remember, and its storage can go. */
  get forgettableAt(): number | null {
    const newest = this.times.at(-1);
    return newest === undefined ? null : newest + DAY_MS;
  }
}

/**
 * The key a client's creations are counted under: its address as Cloudflare reports it. An IPv6
 * client commonly holds a whole /64, so it is counted by that prefix, not by the address it picks.
 */
export function addressKey(request: RequestHeaders): string {
  const address = request.headers.get("cf-connecting-ip")?.trim().toLowerCase() ?? "";
  if (/^[\d.]{7,15}$/.test(address)) return address;
  if (/^[\da-f:.]{2,45}$/.test(address) && address.includes(":")) return ipv6Prefix(address);
  return "unknown";
}

function ipv6Prefix(written: string): string {
  // A trailing IPv4 part (::ffff:1.2.3.4) stands for the last two groups.
  const address = written.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(":"),
  );
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const [start, end] = [groups(head), groups(tail)];
  const full = address.includes("::")
    ? [...start, ...Array<string>(Math.max(0, 8 - start.length - end.length)).fill("0"), ...end]
    : start;
  return `${full
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
