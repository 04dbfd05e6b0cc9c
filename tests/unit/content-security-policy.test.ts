import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "@/lib/content-security-policy";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d]));

describe("contentSecurityPolicy", () => {
  it("lets the page reach its own origin and the room server, and nothing else", () => {
    const policy = directives(contentSecurityPolicy("party.example:443"));
    expect(policy.get("connect-src")).toBe(
      "connect-src 'self' http://party.example:443 https://party.example:443 ws://party.example:443 wss://party.example:443",
    );
    expect(policy.get("default-src")).toBe("default-src 'self'");
    expect(policy.get("object-src")).toBe("object-src 'none'");
    expect(policy.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    // WebAssembly may be compiled (the noise suppressor), JavaScript never.
    expect(policy.get("script-src")).toBe("script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'");
    expect(policy.get("media-src")).toBe("media-src 'self' blob:");
  });

  it("lets pages connect to the SFU when one is configured", () => {
    const policy = directives(
      contentSecurityPolicy("party.example:443", { sfuUrl: "wss://sfu.example/janus" }),
    );
    expect(policy.get("connect-src")).toMatch(/ wss:\/\/sfu\.example\/janus$/);
  });

  it("allows eval and any WebSocket only in development, for hot reloading", () => {
    const policy = directives(contentSecurityPolicy("127.0.0.1:1999", { development: true }));
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
    expect(policy.get("connect-src")).toMatch(/ ws:$/);
  });
});
