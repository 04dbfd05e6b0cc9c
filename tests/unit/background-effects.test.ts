import { describe, expect, it } from "vitest";
import { KeepUpMonitor } from "@/lib/media/background/keep-up";
import * as v from "valibot";
import { describeBackground, rememberedBackgroundSchema } from "@/lib/media/background/choice";
import { checkUpload, MAX_UPLOAD_BYTES } from "@/lib/media/background/upload";
import { DeviceMemory } from "@/lib/media/device-memory";

/** Feeds the monitor one report per second; the 1-based second at which it gave up, or null. */
function gaveUpAt(seconds: [frames: number, busyMs: number][]): number | null {
  const monitor = new KeepUpMonitor();
  const second = seconds.findIndex(([frames, busyMs]) => monitor.second(frames, busyMs));
  return second === -1 ? null : second + 1;
}

describe("KeepUpMonitor", () => {
  const slow: [number, number] = [6, 950];
  const smooth: [number, number] = [24, 300];

  it("gives up after four slow seconds in a row, once the first three (warming up) have passed", () => {
    expect(gaveUpAt([slow, slow, slow, slow, slow, slow, slow, slow])).toBe(7);
  });

  it("starts counting again after a second that kept up", () => {
    expect(gaveUpAt([smooth, smooth, smooth, slow, slow, slow, smooth, slow, slow, slow])).toBeNull();
    expect(gaveUpAt([smooth, smooth, smooth, slow, slow, slow, smooth, slow, slow, slow, slow])).toBe(11);
  });

  it("does not blame the device for a slow or covered camera: few frames, little work", () => {
    expect(gaveUpAt(Array.from({ length: 20 }, () => [5, 150] as [number, number]))).toBeNull();
    // Camera off: the worker rests.
    expect(gaveUpAt(Array.from({ length: 20 }, () => [0, 0] as [number, number]))).toBeNull();
  });

  it("does not give up on a busy worker that still makes smooth video", () => {
    expect(gaveUpAt(Array.from({ length: 20 }, () => [15, 990] as [number, number]))).toBeNull();
  });
});

describe("background choices", () => {
  it("takes pictures of up to 10 MB and nothing else, each refusal with its reason", () => {
    expect(checkUpload({ type: "image/jpeg", size: 2_000_000 })).toBeNull();
    expect(checkUpload({ type: "image/png", size: MAX_UPLOAD_BYTES })).toBeNull();
    expect(checkUpload({ type: "image/png", size: MAX_UPLOAD_BYTES + 1 })).toBe("too-large");
    expect(checkUpload({ type: "application/pdf", size: 1000 })).toBe("not-an-image");
    expect(checkUpload({ type: "", size: 1000 })).toBe("not-an-image");
  });

  it("remembers only built-in choices, and reads back nothing it does not know", () => {
    expect(v.is(rememberedBackgroundSchema, { kind: "image", id: "dusk" })).toBe(true);
    expect(v.is(rememberedBackgroundSchema, { kind: "image", id: "../../etc" })).toBe(false);
    expect(v.is(rememberedBackgroundSchema, { kind: "upload", name: "x" })).toBe(false);
    const storage = new Map<string, string>([
      ["parley:devices", JSON.stringify({ video: "cam-1", background: { kind: "image", id: "nope" } })],
    ]);
    const memory = new DeviceMemory({ getItem: (key) => storage.get(key) ?? null, setItem: () => {} });
    // The whole entry is set aside rather than half-trusted.
    expect(memory.preferred()).toEqual({});
  });

  it("names each choice as the picker shows it", () => {
    expect(describeBackground({ kind: "none" })).toBe("No effect");
    expect(describeBackground({ kind: "blur" })).toBe("Blur");
    expect(describeBackground({ kind: "image", id: "shelves" })).toBe("Bookshelves");
    expect(describeBackground({ kind: "upload", name: "beach.jpg", image: {} as ImageBitmap })).toBe(
      "beach.jpg",
    );
  });
});
