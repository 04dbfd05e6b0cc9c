import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * Whether this browser has a feature, for showing only the controls that work. False on the server
 * and in the first render, so the server's HTML and the browser's first render agree.
 */
export function useBrowserSupports(check: () => boolean): boolean {
  return useSyncExternalStore(subscribeToNothing, check, () => false);
}

/**
 * Whether the page is live: the server's HTML shows buttons before their handlers are attached, and a
 * click on one then would be lost without a sign. A control disabled until then says so.
 */
export const useHydrated = (): boolean => useBrowserSupports(() => true);
