import { describe, expect, it } from "vitest";
import { withOpusResilience } from "@/lib/rtc/opus";

const OFFER = [
  "v=0",
  "o=- 1 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9",
  "a=rtpmap:111 opus/48000/2",
  "a=rtcp-fb:111 transport-cc",
  "a=fmtp:111 minptime=10;useinbandfec=0",
  "a=rtpmap:63 red/48000/2",
  "a=fmtp:63 111/111",
  "a=rtpmap:9 G722/8000",
  "m=video 9 UDP/TLS/RTP/SAVPF 96",
  "a=rtpmap:96 VP8/90000",
  "",
].join("\r\n");

const fmtpOf = (sdp: string, payloadType: number) =>
  sdp.split("\r\n").filter((line) => line.startsWith(`a=fmtp:${payloadType} `));

describe("withOpusResilience", () => {
  it("turns on in-band FEC and DTX on the Opus line, keeping its other parameters", () => {
    const sdp = withOpusResilience(OFFER);
    expect(fmtpOf(sdp, 111)).toEqual(["a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1"]);
  });

  it("leaves every other line as it was, line endings included", () => {
    const before = OFFER.split("\r\n");
    const after = withOpusResilience(OFFER).split("\r\n");
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual([
      "a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1",
    ]);
  });

  it("adds an fmtp line where Opus has none, right after its rtpmap", () => {
    const sdp = withOpusResilience(OFFER.replace("a=fmtp:111 minptime=10;useinbandfec=0\r\n", ""));
    const lines = sdp.split("\r\n");
    expect(lines[lines.indexOf("a=rtpmap:111 opus/48000/2") + 1]).toBe("a=fmtp:111 useinbandfec=1;usedtx=1");
  });

  it("does nothing to a description without Opus", () => {
    const videoOnly = OFFER.replace(/m=audio[\s\S]*?(?=m=video)/, "");
    expect(withOpusResilience(videoOnly)).toBe(videoOnly);
  });

  it("is idempotent", () => {
    const once = withOpusResilience(OFFER);
    expect(withOpusResilience(once)).toBe(once);
  });
});
