import { describe, expect, it } from "vitest";
import { linkify } from "../../lib/chat/linkify";

describe("linkify", () => {
  it("leaves plain text alone", () => {
    expect(linkify("hello <b>there</b>")).toEqual([{ kind: "text", text: "hello <b>there</b>" }]);
  });

  it("makes http and https addresses links, leaving sentence punctuation outside", () => {
    expect(linkify("see https://example.com/a?b=1, then http://x.test.")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { kind: "text", text: ", then " },
      { kind: "link", text: "http://x.test", href: "http://x.test/" },
      { kind: "text", text: "." },
    ]);
  });

  it("never makes other schemes clickable", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<script>", "ftp://example.com"]) {
      expect(linkify(text).every((segment) => segment.kind === "text")).toBe(true);
    }
  });
});
