/**
 * How long a meeting lives unused: it is deleted, storage and all, once nobody has joined it for
 * this long (PARLEY_MEETING_EXPIRY_DAYS, 30 by default; fractions allowed, so a test can make it
 * seconds). A meeting in use at that moment is kept, and the time starts again.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MEETING_EXPIRY_DAYS = 30;
/** Above this an alarm's date is no longer one JavaScript can hold well; nobody needs that long. */
const MAX_EXPIRY_DAYS = 3650;

export function readMeetingExpiryMs(env: Record<string, unknown>): number {
  const value = env.PARLEY_MEETING_EXPIRY_DAYS;
  if (value === undefined || value === "") return DEFAULT_MEETING_EXPIRY_DAYS * DAY_MS;
  const days = typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(days > 0 && days <= MAX_EXPIRY_DAYS)) {
    throw new Error(
      `PARLEY_MEETING_EXPIRY_DAYS must be a number of days above 0 and up to ${MAX_EXPIRY_DAYS}; got "${value}".`,
    );
  }
  return Math.max(1000, Math.round(days * DAY_MS));
}
