import { describe, expect, it } from "vitest";
import { shortcutFor } from "../../lib/shortcuts";

const press = (key: string, extra: Partial<Parameters<typeof shortcutFor>[0]> = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, target: null, ...extra });

describe("shortcutFor", () => {
  it("maps single keys to call actions, in either case", () => {
    expect(press("m")).toBe("toggleMicrophone");
    expect(press("V")).toBe("toggleCamera");
    expect(press("c")).toBe("toggleChat");
    expect(press("?")).toBe("showShortcuts");
    expect(press("x")).toBeNull();
    expect(press("Enter")).toBeNull();
  });

  it("ignores keys held down or pressed with a modifier", () => {
    expect(press("m", { ctrlKey: true })).toBeNull();
    expect(press("m", { metaKey: true })).toBeNull();
    expect(press("m", { altKey: true })).toBeNull();
    expect(press("m", { repeat: true })).toBeNull();
  });
});
