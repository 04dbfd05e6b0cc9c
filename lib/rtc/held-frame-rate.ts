/**
 * How often a held video line sends a black frame (held-video.ts): rarely, since each costs little
 * and one is enough to set the encoder up. On its own, so that what tells the black frames from a
 * moving picture (first-frame.ts, on the pre-join screen) does not load the rest of the held video.
 */
export const HELD_FRAME_INTERVAL_MS = 1000;
