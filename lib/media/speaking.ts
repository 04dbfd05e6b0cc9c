/**
 * Who is speaking: the loudness of a stream's audio, sampled a few times a second, with hysteresis so
 * a tile does not flicker between words. The detector is pure; the watcher feeds it from Web Audio.
 */

/**
 * RMS of the waveform (full scale is 1): about -40 dBFS. Speech at a normal distance sits well above
 * it; a quiet room's noise (-50 to -60 dBFS) well below.
 */
export const SPEAKING_THRESHOLD = 0.01;
/** How long a voice must stay quiet before the tile stops showing it as speaking. */
export const SPEAKING_HOLD_MS = 600;
/** Ten checks a second: enough for a highlight, a small cost when nobody speaks. */
const SAMPLE_INTERVAL_MS = 100;
/** Loudness is judged over 10 ms stretches. */
const BLOCK_MS = 10;

export class SpeakingDetector {
  private lastLoudAt = Number.NEGATIVE_INFINITY;
  private speaking = false;

  constructor(
    private readonly threshold = SPEAKING_THRESHOLD,
    private readonly holdMs = SPEAKING_HOLD_MS,
  ) {}

  /** Takes one loudness sample; returns whether the stream counts as speaking now. */
  update(level: number, now: number): boolean {
    if (level >= this.threshold) this.lastLoudAt = now;
    this.speaking = now - this.lastLoudAt <= this.holdMs;
    return this.speaking;
  }
}

/** RMS of `samples[start..end)`. An indexed loop over a range: this runs ten times a second per voice. */
export function rms(samples: Float32Array, start = 0, end = samples.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const sample = samples[i] ?? 0;
    sum += sample * sample;
  }
  return end > start ? Math.sqrt(sum / (end - start)) : 0;
}

/**
 * The loudest stretch of a waveform from `from` on: the RMS of each `blockLength` samples, the largest
 * of them. A short sound (a word's first syllable, a 20 ms beep) counts at its own loudness, not
 * averaged away by the quiet around it in a long window.
 */
export function loudestBlock(samples: Float32Array, blockLength: number, from = 0): number {
  let loudest = 0;
  for (let start = Math.max(0, from); start < samples.length; start += blockLength)
    loudest = Math.max(loudest, rms(samples, start, Math.min(start + blockLength, samples.length)));
  return loudest;
}

/** The analyser's window: a power of two, long enough to cover everything between two samples. */
export function windowLength(sampleRate: number, intervalMs: number): number {
  const needed = (sampleRate * intervalMs) / 1000;
  return Math.min(32768, 2 ** Math.ceil(Math.log2(needed)));
}

let sharedContext: AudioContext | null = null;

/** One AudioContext for the page: browsers limit how many can exist. */
function audioContext(): AudioContext {
  // "playback", not the interactive default: a meter needs no low latency, and with eight voices
  // on two busy cores the default's audio thread starved the page's main thread (its timers ran
  // a second late, in the median) where "playback" left it a few milliseconds late.
  sharedContext ??= new AudioContext({ latencyHint: "playback" });
  // Created after a click (Join now), but a page may still start it suspended.
  if (sharedContext.state === "suspended") void sharedContext.resume();
  return sharedContext;
}

/** Calls `onChange` when the stream starts or stops speaking; returns a function that stops watching. */
export function watchSpeaking(stream: MediaStream, onChange: (speaking: boolean) => void): () => void {
  if (stream.getAudioTracks().length === 0 || typeof AudioContext === "undefined") return () => {};
  const context = audioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  // Each check reads the whole time since the previous one, so no sound between two checks is missed.
  // The audio arrives a buffer at a time (`baseLatency`), so a check can find up to a buffer more.
  const bufferMs = (context.baseLatency ?? 0) * 1000;
  analyser.fftSize = windowLength(context.sampleRate, SAMPLE_INTERVAL_MS + bufferMs);
  const blockLength = Math.round((context.sampleRate * BLOCK_MS) / 1000);
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const detector = new SpeakingDetector();
  let speaking = false;
  let checkedAt = performance.now();
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    // Only what played since the last check (the window's end), or all of it if the check is late:
    // with eight voices on a weak machine, every sample read twice is time the call needs.
    const at = performance.now();
    const fresh = Math.ceil(((at - checkedAt + bufferMs) * context.sampleRate) / 1000);
    checkedAt = at;
    const now = detector.update(loudestBlock(samples, blockLength, samples.length - fresh), at);
    if (now !== speaking) {
      speaking = now;
      onChange(now);
    }
  }, SAMPLE_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
    analyser.disconnect();
  };
}
