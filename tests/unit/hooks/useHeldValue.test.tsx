// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useHeldValue } from "@/lib/hooks/useHeldValue";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const advance = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

/** A value held for 5 s, starting at `initial`; `rerender` gives it a new one. */
const heldFor5s = (initial: string | null) =>
  renderHook(({ value }) => useHeldValue(value, 5000), { initialProps: { value: initial } });

describe("useHeldValue", () => {
  it("takes a value at once where there was none, then changes at most once a hold, to the latest", async () => {
    const { result, rerender } = heldFor5s(null);
    expect(result.current).toBeNull();

    rerender({ value: "Bea" });
    await advance(0);
    expect(result.current).toBe("Bea");

    // Two people talking over each other: Cy, then Dan, within the hold.
    await advance(1000);
    rerender({ value: "Cy" });
    await advance(1500);
    rerender({ value: "Dan" });
    await advance(2000);
    expect(result.current).toBe("Bea");
    // The hold ends 5 s after Bea took the place: Dan, the speaker by then, and never Cy.
    await advance(500);
    expect(result.current).toBe("Dan");
  });

  it("holds the value it starts with, and keeps it when it comes back before the hold ends", async () => {
    const { result, rerender } = heldFor5s("Bea");
    rerender({ value: "Cy" });
    await advance(4000);
    expect(result.current).toBe("Bea");
    await advance(1000);
    rerender({ value: "Bea" });
    await advance(10_000);
    expect(result.current).toBe("Bea");
  });
});
