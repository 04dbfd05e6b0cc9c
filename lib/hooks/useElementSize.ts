"use client";
import { useLayoutEffect, useRef, useState, type RefObject } from "react";
import type { Box } from "../layout/gallery";

/**
 * An element's size, kept current as it changes; measured before the first paint, so what depends on
 * it is laid out once. Null until measured, and where the browser cannot measure (no ResizeObserver).
 */
export function useElementSize<T extends HTMLElement>(): [RefObject<T | null>, Box | null] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<Box | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      setSize((last) => (last?.width === width && last.height === height ? last : { width, height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

/** Whether useElementSize can measure here at all. */
export const canMeasure = () => typeof ResizeObserver !== "undefined";
