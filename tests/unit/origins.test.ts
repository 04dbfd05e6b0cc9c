import { describe, expect, it } from "vitest";
import { corsHeaders, originAllowed, readOriginPolicy } from "@/party/origins";

const from = (origin?: string) =>
  new Request("http://room.test/", { headers: origin ? { Origin: origin } : {} });

describe("which pages may use the room server", () => {
  it("allows only pages served from this machine when no app origin is configured", () => {
    const policy = readOriginPolicy({});
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:41234", "http://[::1]:3000"]) {
      expect(originAllowed(from(origin), policy)).toBe(true);
    }
    for (const origin of [
      "https://evil.example",
      "http://localhost.evil.example",
      "http://192.168.1.5:3000",
    ]) {
      expect(originAllowed(from(origin), policy)).toBe(false);
    }
  });

  it("allows exactly the configured origins, one or several", () => {
    const policy = readOriginPolicy({
      PARLEY_APP_ORIGIN: "https://parley.example.com, https://Meet.Example.org/",
    });
    expect(originAllowed(from("https://parley.example.com"), policy)).toBe(true);
    expect(originAllowed(from("https://meet.example.org"), policy)).toBe(true);
    expect(originAllowed(from("http://parley.example.com"), policy)).toBe(false);
    expect(originAllowed(from("https://parley.example.com.evil.example"), policy)).toBe(false);
    expect(originAllowed(from("http://localhost:3000"), policy)).toBe(false);
  });

  it("lets a request from no page through (browsers always send an Origin)", () => {
    expect(originAllowed(from(), readOriginPolicy({ PARLEY_APP_ORIGIN: "https://parley.example.com" }))).toBe(
      true,
    );
  });

  it("refuses a configuration it cannot read, naming the entry", () => {
    expect(() => readOriginPolicy({ PARLEY_APP_ORIGIN: "https://ok.example, parley.example.com" })).toThrow(
      /got "parley.example.com"/,
    );
  });

  it("lets only an allowed page read the answers", () => {
    const policy = readOriginPolicy({ PARLEY_APP_ORIGIN: "https://parley.example.com" });
    expect(corsHeaders(from("https://parley.example.com"), policy)).toMatchObject({
      "Access-Control-Allow-Origin": "https://parley.example.com",
      "Access-Control-Expose-Headers": "Retry-After",
      Vary: "Origin",
    });
    expect(corsHeaders(from("https://evil.example"), policy)).toEqual({ Vary: "Origin" });
  });
});
