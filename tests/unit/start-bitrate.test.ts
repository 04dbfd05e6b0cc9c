import { describe, expect, it } from "vitest";
import { VIDEO_START_BITRATE_KBPS, withVideoStartBitrate } from "@/lib/rtc/start-bitrate";

const OFFER = [
  "v=0",
  "o=- 1 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "a=rtpmap:111 opus/48000/2",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 45 116 117",
  "a=rtpmap:96 VP8/90000",
  "a=rtcp-fb:96 transport-cc",
  "a=rtpmap:97 rtx/90000",
  "a=fmtp:97 apt=96",
  "a=rtpmap:98 VP9/90000",
  "a=fmtp:98 profile-id=0",
  "a=rtpmap:99 H264/90000",
  "a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
  "a=rtpmap:100 rtx/90000",
  "a=fmtp:100 apt=99",
  "a=rtpmap:45 AV1/90000",
  "a=rtpmap:116 red/90000",
  "a=rtpmap:117 ulpfec/90000",
  "",
].join("\r\n");

const START = `x-google-start-bitrate=${VIDEO_START_BITRATE_KBPS}`;

describe("withVideoStartBitrate", () => {
  it("sets the start bitrate on every video codec, keeping its other parameters", () => {
    const lines = withVideoStartBitrate(OFFER).split("\r\n");
    expect(lines.filter((line) => line.includes("x-google-start-bitrate"))).toEqual([
      `a=fmtp:96 ${START}`,
      `a=fmtp:98 profile-id=0;${START}`,
      `a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f;${START}`,
      `a=fmtp:45 ${START}`,
    ]);
    // A codec without an fmtp line gets one right after its rtpmap.
    expect(lines[lines.indexOf("a=rtpmap:96 VP8/90000") + 1]).toBe(`a=fmtp:96 ${START}`);
  });

  it("leaves audio, retransmission, redundancy and error correction as they were", () => {
    const before = OFFER.split("\r\n");
    const after = withVideoStartBitrate(OFFER).split("\r\n");
    for (const line of before.filter((line) => /^a=(fmtp|rtpmap):(111|97|100|116|117) /.test(line))) {
      expect(after).toContain(line);
    }
    expect(after.filter((line) => /^a=fmtp:(111|97|100|116|117) /.test(line))).toHaveLength(3);
  });

  it("does nothing to a description without video, and is idempotent", () => {
    const audioOnly = OFFER.replace(/m=video[\s\S]*$/, "");
    expect(withVideoStartBitrate(audioOnly)).toBe(audioOnly);
    const once = withVideoStartBitrate(OFFER);
    expect(withVideoStartBitrate(once)).toBe(once);
  });
});
