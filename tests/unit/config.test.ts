import { describe, expect, it } from "vitest";
import { readClientConfig } from "@/lib/config";

const DEFAULT_HOST = "127.0.0.1:1999";

describe("readClientConfig", () => {
  it("uses the local room server when nothing is set", () => {
    expect(readClientConfig({})).toEqual({ partyHost: DEFAULT_HOST, sfuUrl: null });
  });

  it("lets pages reach the SFU it is told of, and refuses anything but a WebSocket URL", () => {
    expect(readClientConfig({ PARLEY_SFU_URL: "wss://sfu.example.com/janus" }).sfuUrl).toBe(
      "wss://sfu.example.com/janus",
    );
    expect(() => readClientConfig({ PARLEY_SFU_URL: "https://sfu.example.com" })).toThrow(/PARLEY_SFU_URL/);
    expect(() => readClientConfig({ PARLEY_SFU_URL: "wss://sfu.example.com; script-src *" })).toThrow();
  });

  it.each([
    ["a bare host", "parley.example.partykit.dev", "parley.example.partykit.dev"],
    ["a host and port", "10.0.0.5:1999", "10.0.0.5:1999"],
    ["an https scheme", "https://parley.example.partykit.dev", "parley.example.partykit.dev"],
    ["a wss scheme and trailing slash", "wss://parley.example:443/", "parley.example:443"],
    ["surrounding whitespace", "  parley.example  ", "parley.example"],
    ["an upper-case scheme and several trailing slashes", "HTTPS://parley.example//", "parley.example"],
  ])("takes a custom host given as %s", (_label, value, expected) => {
    expect(readClientConfig({ PARLEY_PARTY_HOST: value }).partyHost).toBe(expected);
  });

  it("uses the default host when the variable is empty", () => {
    expect(readClientConfig({ PARLEY_PARTY_HOST: " " }).partyHost).toBe(DEFAULT_HOST);
  });

  it.each([
    ["a path", "parley.example/rooms"],
    ["a space inside", "parley example"],
    ["a non-numeric port", "parley.example:port"],
    ["another scheme", "ftp://parley.example"],
    ["an injection attempt", 'evil.example"><script>'],
  ])("refuses a host that is %s, rather than send browsers elsewhere", (_label, value) => {
    expect(() => readClientConfig({ PARLEY_PARTY_HOST: value })).toThrow(/PARLEY_PARTY_HOST must be host/);
  });
});
