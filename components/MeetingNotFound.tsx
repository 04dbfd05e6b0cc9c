import { NoticePage } from "./NoticePage";

export function MeetingNotFound() {
  return (
    <NoticePage
      title="Meeting not found"
      text="Check the code or link you were given. Meetings exist once someone starts them."
    />
  );
}
