import { MeetingNotFound } from "@/components/MeetingNotFound";

export default function RoomNotFound() {
  return <MeetingNotFound />;
}
