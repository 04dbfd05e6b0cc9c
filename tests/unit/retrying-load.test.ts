import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LOAD_RETRY_MS, LOAD_TRY_MS, RetryingLoad } from "@/lib/call/retrying-load";

/** Downloads the test settles one by one, in the order they were asked for. */
function downloads() {
  const pending: { resolve: (code: string) => void; reject: (error: Error) => void }[] = [];
  return {
    pending,
    start: () => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

function watched(download: () => Promise<string>, wanted = () => true) {
  const seen: string[] = [];
  const load = new RetryingLoad(download, {
    wanted: () => wanted(),
    loaded: (code) => seen.push(`loaded ${code}`),
    failing: (failing) => seen.push(failing ? "failing" : "fine"),
  });
  return { load, seen };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("loading code the call needs now", () => {
  it("says so when a download fails, tries again after a pause, and stops saying it once the code is here", async () => {
    const { pending, start } = downloads();
    const { load, seen } = watched(start);
    load.want();
    pending[0]!.reject(new Error("network"));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(["failing"]);
    // Asking again during the pause starts no second download.
    load.want();
    await vi.advanceTimersByTimeAsync(LOAD_RETRY_MS - 1);
    expect(pending).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pending).toHaveLength(2);
    pending[1]!.resolve("sfu");
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(["failing", "fine", "loaded sfu"]);
    // Here now: handed over at once, with no download.
    load.want();
    expect(seen.at(-1)).toBe("loaded sfu");
    expect(pending).toHaveLength(2);
  });

  it("counts a download that does not finish as failed, and still takes it up if it lands later", async () => {
    const { pending, start } = downloads();
    const { load, seen } = watched(start);
    load.want();
    await vi.advanceTimersByTimeAsync(LOAD_TRY_MS - 1);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(["failing"]);
    await vi.advanceTimersByTimeAsync(LOAD_RETRY_MS);
    expect(pending).toHaveLength(2);
    // The first lands after all: taken up once; the second failing afterwards says nothing.
    pending[0]!.resolve("late");
    pending[1]!.reject(new Error("network"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toEqual(["failing", "fine", "loaded late"]);
    expect(pending).toHaveLength(2);
  });

  it("keeps trying, one download at a time, while the code is wanted", async () => {
    const { pending, start } = downloads();
    const { load } = watched(start);
    load.want();
    for (let tries = 1; tries <= 5; tries++) {
      expect(pending).toHaveLength(tries);
      pending.at(-1)!.reject(new Error("network"));
      await vi.advanceTimersByTimeAsync(LOAD_RETRY_MS);
    }
    expect(pending).toHaveLength(6);
  });

  it("stops trying and warning at once when given up, and still keeps a download that lands afterwards", async () => {
    const { pending, start } = downloads();
    let wanted = true;
    const { load, seen } = watched(start, () => wanted);
    load.want();
    pending[0]!.reject(new Error("network"));
    await vi.advanceTimersByTimeAsync(LOAD_RETRY_MS);
    // The second try is on its way when the code stops being needed.
    wanted = false;
    load.giveUp();
    expect(seen).toEqual(["failing", "fine"]);
    pending[1]!.resolve("sfu");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pending).toHaveLength(2);
    expect(seen).not.toContain("loaded sfu");
    // Not wanted: asking downloads nothing. Wanted again: here already, nothing to download.
    load.want();
    expect(pending).toHaveLength(2);
    wanted = true;
    load.want();
    expect(seen.at(-1)).toBe("loaded sfu");
    expect(pending).toHaveLength(2);
  });

  it("hands the code over once when two tries end with it", async () => {
    const { pending, start } = downloads();
    const { load, seen } = watched(start);
    load.want();
    await vi.advanceTimersByTimeAsync(LOAD_TRY_MS + LOAD_RETRY_MS);
    pending[0]!.resolve("first");
    pending[1]!.resolve("second");
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.filter((event) => event.startsWith("loaded"))).toEqual(["loaded first"]);
  });
});
