import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Room } from "@/components/Room";
import { readClientConfig } from "@/lib/config";
import { parseMeetingInput } from "@/lib/room-id";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Meeting · Parley" };

export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // A code typed into the address bar in capitals or without dashes is still the meeting.
  const roomId = parseMeetingInput(decodeURIComponent(id));
  if (!roomId) notFound();
  if (roomId !== id) redirect(`/room/${roomId}`);
  return <Room roomId={roomId} partyHost={readClientConfig().partyHost} />;
}
