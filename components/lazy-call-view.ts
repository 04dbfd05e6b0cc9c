import { useEffect, useState } from "react";

type CallViewModule = typeof import("./CallView");

/**
 * The call screen (tiles, controls, chat, panels) is loaded on the way into the call rather than with
 * the page: the pre-join screen does not need it, and it is most of what the meeting page weighs.
 * Loading starts as soon as the person shows intent (focuses their name, reaches for Join), so it is
 * usually there before the join is.
 */
let loaded: CallViewModule | null = null;
let loading: Promise<CallViewModule> | null = null;

export function loadCallView(): Promise<CallViewModule> {
  loading ??= import("./CallView").then(
    (module) => (loaded = module),
    (error: unknown) => {
      // A failed download is tried again next time, not remembered.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * The call screen's component once loaded: at once if it was loaded ahead. Not React.lazy with
 * Suspense, whose reveal of a boundary that showed its fallback is held back for a few hundred
 * milliseconds: that would hold back the first picture of the call with it.
 */
export function useCallView(): { CallView: CallViewModule["CallView"] | null; failed: boolean } {
  const [module, setModule] = useState(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (module) return;
    let current = true;
    loadCallView().then(
      (loadedModule) => current && setModule(loadedModule),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [module]);
  return { CallView: module?.CallView ?? null, failed };
}
