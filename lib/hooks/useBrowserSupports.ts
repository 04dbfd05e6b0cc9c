import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * Whether this browser has a feature, for showing only the controls that work. False on the server
 * and in the first render, so the server's HTML and the browser's first render agree.
 */
export function useBrowserSupports(check: () => boolean): boolean {
  return useSyncExternalStore(subscribeToNothing, check, () => false);
}
