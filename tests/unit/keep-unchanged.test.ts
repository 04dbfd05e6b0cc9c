import { describe, expect, it } from "vitest";
import { keepUnchanged } from "@/lib/store/keep-unchanged";

describe("keepUnchanged", () => {
  it("gives back the previous value when the next one equals it throughout", () => {
    const previous = [{ id: "a", feeds: { camera: 1 } }, { id: "b" }];
    const next = [{ id: "a", feeds: { camera: 1 } }, { id: "b" }];
    expect(keepUnchanged(previous, next)).toBe(previous);
  });

  it("keeps each unchanged part and takes the changed ones", () => {
    const previous = [
      { id: "a", feeds: { camera: 1 } },
      { id: "b", muted: false },
    ];
    const next = [
      { id: "a", feeds: { camera: 1 } },
      { id: "b", muted: true },
    ];
    const kept = keepUnchanged(previous, next);
    expect(kept).not.toBe(previous);
    expect(kept).toEqual(next);
    expect(kept[0]).toBe(previous[0]);
    expect(kept[1]).not.toBe(previous[1]);
  });

  it("sees a key added, removed or undefined, and a list grown or shrunk, as a change", () => {
    const person = { id: "a", host: true as boolean | undefined };
    expect(keepUnchanged(person, { id: "a", host: undefined })).not.toBe(person);
    expect(keepUnchanged<Record<string, unknown>>(person, { id: "a" })).toEqual({ id: "a" });
    expect(keepUnchanged<Record<string, unknown>>({ id: "a" }, person)).toEqual(person);
    const list = [person];
    expect(keepUnchanged(list, [{ ...person }, { id: "b", host: undefined }])).toHaveLength(2);
    expect(keepUnchanged(list, [])).toEqual([]);
  });

  it("compares only plain data: anything else is taken as given", () => {
    const stream = { getTracks: () => [] };
    class Box {
      constructor(readonly value: number) {}
    }
    const previous = { box: new Box(1), stream, when: new Date(0) };
    const next = { box: new Box(1), stream, when: new Date(0) };
    const kept = keepUnchanged(previous, next);
    expect(kept.box).toBe(next.box);
    expect(kept.when).toBe(next.when);
    expect(kept.stream).toBe(stream);
    expect(keepUnchanged(null, { id: "a" })).toEqual({ id: "a" });
    expect(keepUnchanged({ id: "a" }, null)).toBeNull();
  });
});
