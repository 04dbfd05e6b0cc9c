/** Why a screen could not be shared, in words. */

/** Null when there is nothing to say: closing the browser's picker is a choice, not a failure. */
export function describeScreenShareProblem(error: unknown): string | null {
  const known = error instanceof Error || error instanceof DOMException;
  const [name, message] = known ? [error.name, error.message] : ["", ""];
  if (name === "NotAllowedError" && /system/i.test(message)) {
    return "Your computer's settings don't allow this browser to share the screen. Allow screen recording for it in the system settings, then try again.";
  }
  if (name === "NotAllowedError" || name === "AbortError") return null;
  if (name === "NotSupportedError" || name === "TypeError") return "This browser can't share a screen.";
  return "Your screen couldn't be shared. Try again, or choose a different window or tab.";
}
