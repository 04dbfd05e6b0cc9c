/** Random choices that replay: the same seed makes the same run. */
export type Random = () => number;

/** mulberry32: a small, fast, seedable generator. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A whole number in [min, max]. */
export const between = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/**
 * The seeds a chaos test runs: PARLEY_CHAOS_SEEDS=17,42 replays those; PARLEY_CHAOS_RUNS=50 runs that
 * many fresh ones (a soak); otherwise the fixed set CI runs.
 */
export function chaosSeeds(fixed: number[]): number[] {
  const chosen = (process.env.PARLEY_CHAOS_SEEDS ?? "")
    .split(",")
    .map(Number)
    .filter((seed) => Number.isInteger(seed) && seed > 0);
  if (chosen.length > 0) return chosen;
  const runs = Number(process.env.PARLEY_CHAOS_RUNS ?? 0);
  if (!Number.isInteger(runs) || runs <= 0) return fixed;
  const start = Date.now() % 1_000_000_000;
  return Array.from({ length: runs }, (_, n) => start + n * 7919);
}
