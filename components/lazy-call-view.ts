import { useEffect, useState, useSyncExternalStore } from "react";

type CallViewModule = typeof import("./CallView");

/**
 * The call screen (tiles, controls, chat, panels) is loaded on the way into the call rather than with
 * the page: the pre-join screen does not need it, and it is most of what the meeting page weighs.
 * Loading starts as soon as the person shows intent (focuses their name, reaches for Join) or there is
 * someone to call, so it is usually there before the join is.
 */
let loaded: CallViewModule | null = null;
let loading: Promise<CallViewModule> | null = null;
const whenLoaded = new Set<() => void>();

export function loadCallView(): Promise<CallViewModule> {
  loading ??= import("./CallView").then(
    (module) => {
      loaded = module;
      for (const notify of whenLoaded) notify();
      return module;
    },
    (error: unknown) => {
      // A failed download is tried again next time, not remembered.
      loading = null;
      throw error;
    },
  );
  return loading;
}

function subscribe(notify: () => void): () => void {
  whenLoaded.add(notify);
  return () => whenLoaded.delete(notify);
}

/**
 * The call screen's component once loaded, whoever loaded it; `load` loads it now if nobody has. Not
 * React.lazy with Suspense, whose reveal of a boundary that showed its fallback is held back for a few
 * hundred milliseconds: that would hold back the first picture of the call with it.
 */
export function useCallView(load: boolean): { CallView: CallViewModule["CallView"] | null; failed: boolean } {
  const callView = useSyncExternalStore(
    subscribe,
    () => loaded,
    () => null,
  );
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!load || callView) return;
    let current = true;
    loadCallView().catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [load, callView]);
  return { CallView: callView?.CallView ?? null, failed };
}
