import { describe, expect, it } from "vitest";
import { fingerprintOf, safetyCode } from "@/lib/rtc/safety-code";

const A =
  "sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
const B =
  "sha-256 10:20:30:40:50:60:70:80:90:A0:B0:C0:D0:E0:F0:00:10:20:30:40:50:60:70:80:90:A0:B0:C0:D0:E0:F0:00";
const C =
  "sha-256 10:20:30:40:50:60:70:80:90:A0:B0:C0:D0:E0:F0:00:10:20:30:40:50:60:70:80:90:A0:B0:C0:D0:E0:F0:01";

describe("safetyCode", () => {
  it("is the same from either side of a pair, and four groups of five digits", async () => {
    expect(await safetyCode(A, B)).toBe(await safetyCode(B, A));
    expect(await safetyCode(A, B)).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/);
  });

  it("changes when either fingerprint changes, even by one bit", async () => {
    expect(await safetyCode(A, B)).not.toBe(await safetyCode(A, C));
    expect(await safetyCode(A, B)).not.toBe(await safetyCode(B, C));
  });
});

describe("fingerprintOf", () => {
  it("reads the certificate fingerprint from an SDP, in one canonical form", () => {
    const sdp =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:SHA-256 aa:bb:cc\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    expect(fingerprintOf(sdp)).toBe("sha-256 AA:BB:CC");
    expect(fingerprintOf("v=0\r\n")).toBeNull();
    expect(fingerprintOf(undefined)).toBeNull();
  });
});
