export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(middle)] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Prints min / median / p95 of a series of timings, the form every benchmark here reports in. */
export function summarize(label: string, samples: number[], unit = "ms"): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const fmt = (n: number) => n.toFixed(1);
  return `${label}: n=${sorted.length} min=${fmt(sorted[0] ?? NaN)}${unit} median=${fmt(median(sorted))}${unit} p95=${fmt(at(0.95))}${unit}`;
}
