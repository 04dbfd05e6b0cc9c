import { describe, expect, it } from "vitest";
import {
  loudestBlock,
  rms,
  SPEAKING_HOLD_MS,
  SPEAKING_THRESHOLD,
  SpeakingDetector,
  windowLength,
} from "../../lib/media/speaking";

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

describe("loudestBlock", () => {
  it("hears a short sound in a long quiet window at its own loudness", () => {
    const window = new Float32Array(4800);
    window.fill(0.3, 2400, 2880); // 10 ms of sound at 48 kHz in 100 ms
    expect(rms(window)).toBeLessThan(0.1);
    expect(loudestBlock(window, 480)).toBeCloseTo(0.3);
    expect(loudestBlock(new Float32Array(4800), 480)).toBe(0);
  });

  it("reads only what came after `from`, to the window's end", () => {
    const window = new Float32Array(8192);
    window.fill(0.5, 0, 480); // loud, but before the last check
    window.fill(0.2, 8192 - 480); // the window's last 10 ms
    expect(loudestBlock(window, 480, 8192 - 4800)).toBeCloseTo(0.2);
    expect(loudestBlock(window, 480)).toBeCloseTo(0.5);
    expect(loudestBlock(window, 480, 8192)).toBe(0);
  });
});

describe("windowLength", () => {
  it("covers the time between two checks with a power of two the analyser accepts", () => {
    expect(windowLength(48000, 100)).toBe(8192);
    expect(windowLength(44100, 100)).toBe(8192);
    expect(windowLength(16000, 100)).toBe(2048);
    expect(windowLength(384000, 1000)).toBe(32768);
  });
});
