import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Room } from "@/components/Room";
import { readClientConfig } from "@/lib/config";
import { isRoomId } from "@/lib/room-id";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Meeting · Parley" };

export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isRoomId(id)) notFound();
  const { partyHost, iceServers } = readClientConfig();
  return <Room roomId={id} partyHost={partyHost} iceServers={iceServers} />;
}
