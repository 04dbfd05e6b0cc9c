import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TileViews, VIEW_RELEASE_MS } from "@/lib/call/tile-views";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the sizes tiles report", () => {
  it("pauses a person no tile shows any more, after a moment", () => {
    const applied: [string, number][] = [];
    const views = new TileViews((id, height) => applied.push([id, height]));
    views.set("bea", 360);
    views.release("bea");
    vi.advanceTimersByTime(VIEW_RELEASE_MS - 1);
    expect(applied).toEqual([["bea", 360]]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([
      ["bea", 360],
      ["bea", 0],
    ]);
    expect(views.all().get("bea")).toBe(0);
  });

  it("does not pause a person whose tile moved (released, then shown by another tile)", () => {
    const applied: [string, number][] = [];
    const views = new TileViews((id, height) => applied.push([id, height]));
    views.set("bea", 360);
    views.release("bea");
    views.set("bea", 1080);
    vi.advanceTimersByTime(VIEW_RELEASE_MS * 2);
    expect(applied).toEqual([
      ["bea", 360],
      ["bea", 1080],
    ]);
  });

  it("stops its timers when disposed", () => {
    const apply = vi.fn();
    const views = new TileViews(apply);
    views.release("bea");
    views.dispose();
    vi.advanceTimersByTime(VIEW_RELEASE_MS * 2);
    expect(apply).not.toHaveBeenCalled();
  });
});
