import { NoticePage } from "./NoticePage";

/**
 * One page for a code that never existed and a meeting that ended: an ended meeting's storage is
 * deleted with it, so the server cannot tell the two apart, and does not try to.
 */
export function MeetingNotFound() {
  return (
    <NoticePage
      title="Meeting not found"
      text="This meeting has ended, or its code is wrong. Meetings end when nobody has joined them for a long time. Check the link you were given, or start a new meeting."
      action="Start a new meeting"
    />
  );
}
