import { describe, expect, it } from "vitest";
import { snapshotFileName } from "../../lib/media/snapshot";

describe("snapshotFileName", () => {
  const at = new Date("2026-11-23T19:05:09.123Z");

  it("names the file after the person and the moment", () => {
    expect(snapshotFileName("Ada Lovelace", at)).toBe("parley-Ada-Lovelace-2026-11-23-19-05-09.png");
  });

  it("keeps letters from any script and drops what a file system would not like", () => {
    expect(snapshotFileName("José/李 <3", at)).toBe("parley-José-李-3-2026-11-23-19-05-09.png");
    expect(snapshotFileName("../..", at)).toBe("parley-snapshot-2026-11-23-19-05-09.png");
  });
});
