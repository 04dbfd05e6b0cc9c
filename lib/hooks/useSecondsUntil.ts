import { useEffect, useState } from "react";

const secondsFrom = (at: number, now: number) => Math.max(0, Math.ceil((at - now) / 1000));

/** Whole seconds until `at` (ms since the epoch), counting down once a second; null without one. */
export function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const tick = () => setNow(Date.now());
    // At once for a new time, then every second.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [at]);
  return at === null ? null : secondsFrom(at, now);
}
