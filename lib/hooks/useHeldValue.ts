import { useEffect, useRef, useState } from "react";

/**
 * `value`, changing at most once every `holdMs`: a change that comes sooner takes effect when the
 * hold ends, as whatever `value` is by then. The value it starts with is held as any other; only a
 * change from nothing (null) is at once, as there is nothing to keep in place.
 */
export function useHeldValue<T>(value: T | null, holdMs: number): T | null {
  const [held, setHeld] = useState(value);
  const heldSince = useRef(0);
  useEffect(() => {
    heldSince.current = performance.now();
  }, []);
  useEffect(() => {
    if (Object.is(value, held)) return;
    const wait = held === null ? 0 : Math.max(0, heldSince.current + holdMs - performance.now());
    const timer = setTimeout(() => {
      heldSince.current = performance.now();
      setHeld(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, held, holdMs]);
  return held;
}
