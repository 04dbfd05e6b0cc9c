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

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length > 0 ? Math.sqrt(sum / samples.length) : 0;
}

/**
 * The loudest stretch of a waveform: the RMS of each `blockLength` samples, the largest of them. A
 * short sound (a word's first syllable, a 20 ms beep) counts at its own loudness, not averaged away by
 * the quiet around it in a long window.
 */
export function loudestBlock(samples: Float32Array, blockLength: number): number {
  let loudest = 0;
  for (let start = 0; start < samples.length; start += blockLength)
    loudest = Math.max(loudest, rms(samples.subarray(start, start + blockLength)));
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
  sharedContext ??= new AudioContext();
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
  analyser.fftSize = windowLength(context.sampleRate, SAMPLE_INTERVAL_MS);
  const blockLength = Math.round((context.sampleRate * BLOCK_MS) / 1000);
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const detector = new SpeakingDetector();
  let speaking = false;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    const now = detector.update(loudestBlock(samples, blockLength), performance.now());
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
