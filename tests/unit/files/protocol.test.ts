import { describe, expect, it } from "vitest";
import { encodeControl, parseControl, safeFileName } from "@/lib/files/protocol";

describe("file transfer control messages", () => {
  it("round-trips every message and rejects anything else", () => {
    const messages = [
      { type: "offer", name: "a.txt", size: 12, mime: "text/plain" },
      { type: "accept" },
      { type: "decline" },
      { type: "end", sha256: "ab".repeat(32) },
      { type: "received" },
      { type: "damaged" },
      { type: "cancel" },
    ] as const;
    for (const message of messages) expect(parseControl(encodeControl(message))).toEqual(message);
    for (const bad of [
      "",
      "null",
      "{",
      JSON.stringify({ type: "offer", name: "", size: 1, mime: "" }),
      JSON.stringify({ type: "offer", name: "a", size: -1, mime: "" }),
      JSON.stringify({ type: "offer", name: "a", size: 1.5, mime: "" }),
      JSON.stringify({ type: "end", sha256: "XYZ" }),
      JSON.stringify({ type: "unknown" }),
      JSON.stringify({ type: "offer", name: "a".repeat(5000), size: 1, mime: "" }),
    ]) {
      expect(parseControl(bad)).toBeNull();
    }
  });
});

describe("safeFileName", () => {
  it("drops folders, hidden characters and leading dots, and keeps a name", () => {
    expect(safeFileName("report.pdf")).toBe("report.pdf");
    expect(safeFileName("C:\\Users\\ada\\photo.png")).toBe("photo.png");
    expect(safeFileName("../../.bashrc")).toBe("bashrc");
    expect(safeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(safeFileName("a\u0000b\u200Bc.txt")).toBe("abc.txt");
    expect(safeFileName("   ")).toBe("file");
    expect(safeFileName("folder/")).toBe("file");
    expect(Array.from(safeFileName("é".repeat(400)))).toHaveLength(255);
  });
});
