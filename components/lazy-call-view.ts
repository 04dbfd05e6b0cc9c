import { lazy } from "react";

/**
 * The call screen (tiles, controls, chat, panels) is loaded on the way into the call rather than with
 * the page: the pre-join screen does not need it, and it is most of what the meeting page weighs.
 * Loading starts as soon as the person shows intent (focuses their name, reaches for Join), so it is
 * usually there before the join is.
 */
export const loadCallView = () => import("./CallView");

export const LazyCallView = lazy(() => loadCallView().then(({ CallView }) => ({ default: CallView })));
