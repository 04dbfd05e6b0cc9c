import { describe, expect, it } from "vitest";
import {
  addressKey,
  CreationLog,
  DAY_MS,
  DEFAULT_CREATION_ALLOWANCE,
  MINUTE_MS,
  readCreationAllowance,
} from "@/party/creation-limit";

function clockAt(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const request = (address?: string) =>
  new Request("http://room.test/", { headers: address ? { "cf-connecting-ip": address } : {} });

describe("the meeting creation allowance of one address", () => {
  it("allows ten a minute, refuses the eleventh with the seconds until the first leaves the window", () => {
    const clock = clockAt(1_000_000);
    const log = new CreationLog(DEFAULT_CREATION_ALLOWANCE, clock.now);
    for (let i = 0; i < 10; i++) {
      expect(log.take()).toEqual({ allowed: true });
      clock.advance(1000);
    }
    // The first creation was 10 s ago: room comes back 50 s from now.
    expect(log.take()).toEqual({ allowed: false, retryAfterSeconds: 50 });
    clock.advance(49_000);
    expect(log.take().allowed).toBe(false);
    clock.advance(1000);
    expect(log.take()).toEqual({ allowed: true });
    // A refusal is not counted: it does not push the next allowance further away.
    expect(log.recent).toHaveLength(11);
  });

  it("allows a hundred a day however slowly they come, then says when the oldest is a day old", () => {
    const clock = clockAt(0);
    const log = new CreationLog({ perMinute: 10, perDay: 100 }, clock.now);
    for (let i = 0; i < 100; i++) {
      expect(log.take().allowed).toBe(true);
      clock.advance(MINUTE_MS);
    }
    const verdict = log.take();
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: (DAY_MS - 100 * MINUTE_MS) / 1000 });
    clock.advance(DAY_MS - 100 * MINUTE_MS);
    expect(log.take()).toEqual({ allowed: true });
  });

  it("keeps at most a day's allowance, and nothing older than a day", () => {
    const clock = clockAt(0);
    const log = new CreationLog({ perMinute: 1000, perDay: 5 }, clock.now);
    for (let i = 0; i < 20; i++) log.take();
    expect(log.recent).toHaveLength(5);
    clock.advance(DAY_MS + 1);
    log.take();
    expect(log.recent).toEqual([DAY_MS + 1]);
    expect(log.forgettableAt).toBe(2 * DAY_MS + 1);
  });

  it("picks up from what it stored, ignoring values that are not times", () => {
    const clock = clockAt(10 * MINUTE_MS);
    const stored = [...Array.from({ length: 10 }, (_, i) => 10 * MINUTE_MS - i * 1000), Number.NaN];
    const log = new CreationLog(DEFAULT_CREATION_ALLOWANCE, clock.now, stored);
    expect(log.take()).toEqual({ allowed: false, retryAfterSeconds: 51 });
    expect(new CreationLog(DEFAULT_CREATION_ALLOWANCE, clock.now).forgettableAt).toBeNull();
  });

  it("reads its allowance from configuration, and refuses a setting it cannot use", () => {
    expect(readCreationAllowance({})).toEqual({ perMinute: 10, perDay: 100 });
    expect(readCreationAllowance({ PARLEY_CREATE_PER_MINUTE: "3", PARLEY_CREATE_PER_DAY: " 20 " })).toEqual({
      perMinute: 3,
      perDay: 20,
    });
    for (const bad of ["0", "-1", "ten", "1.5", "100000"]) {
      expect(() => readCreationAllowance({ PARLEY_CREATE_PER_MINUTE: bad })).toThrow(/whole numbers/);
    }
  });
});

describe("the address creations are counted under", () => {
  it("is the IPv4 address Cloudflare reports", () => {
    expect(addressKey(request("203.0.113.7"))).toBe("203.0.113.7");
  });

  it("is the /64 of an IPv6 address, however it is written", () => {
    const key = "2001:db8:1:2::/64";
    expect(addressKey(request("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).toBe(key);
    expect(addressKey(request("2001:0DB8:0001:0002::1"))).toBe(key);
    expect(addressKey(request("2001:db8:1:2::ffff"))).toBe(key);
    expect(addressKey(request("2001:db8::1"))).toBe("2001:db8:0:0::/64");
    expect(addressKey(request("2001:db8:1:3::1"))).not.toBe(key);
    // An IPv4 part at the end is two groups, not one.
    expect(addressKey(request("1::5:6:7:1.2.3.4"))).toBe("1:0:0:5::/64");
    expect(addressKey(request("1:0:0:5:6:7:102:304"))).toBe("1:0:0:5::/64");
  });

  it("is one shared key for a request with no address or a malformed one", () => {
    expect(addressKey(request())).toBe("unknown");
    expect(addressKey(request("not an address"))).toBe("unknown");
    expect(addressKey(request("../../limiter"))).toBe("unknown");
  });
});
