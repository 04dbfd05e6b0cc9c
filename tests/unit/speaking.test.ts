import { describe, expect, it } from "vitest";
import { rms, SPEAKING_HOLD_MS, SPEAKING_THRESHOLD, SpeakingDetector } from "../../lib/media/speaking";

describe("SpeakingDetector", () => {
  it("is silent until a sample crosses the threshold", () => {
    const detector = new SpeakingDetector();
    expect(detector.update(0, 0)).toBe(false);
    expect(detector.update(SPEAKING_THRESHOLD / 2, 100)).toBe(false);
    expect(detector.update(SPEAKING_THRESHOLD, 200)).toBe(true);
  });

  it("holds through short pauses between words, then lets go", () => {
    const detector = new SpeakingDetector();
    detector.update(0.1, 1000);
    expect(detector.update(0, 1000 + SPEAKING_HOLD_MS)).toBe(true);
    expect(detector.update(0, 1000 + SPEAKING_HOLD_MS + 1)).toBe(false);
    expect(detector.update(0.1, 5000)).toBe(true);
  });
});

describe("rms", () => {
  it("measures a waveform's loudness", () => {
    expect(rms(new Float32Array([0, 0, 0]))).toBe(0);
    expect(rms(new Float32Array([0.5, -0.5, 0.5, -0.5]))).toBeCloseTo(0.5);
    expect(rms(new Float32Array([]))).toBe(0);
  });
});
