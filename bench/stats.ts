/** Prints min / median / p95 of a series of timings, the form every benchmark here reports in. */
export function summarize(label: string, samples: number[], unit = "ms"): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const median =
    sorted.length % 2 === 1
      ? at(0.5)
      : ((sorted[sorted.length / 2 - 1] ?? NaN) + (sorted[sorted.length / 2] ?? NaN)) / 2;
  const fmt = (n: number) => n.toFixed(1);
  return `${label}: n=${sorted.length} min=${fmt(sorted[0] ?? NaN)}${unit} median=${fmt(median)}${unit} p95=${fmt(at(0.95))}${unit}`;
}
