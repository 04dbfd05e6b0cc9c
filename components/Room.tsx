"use client";
import { RoomProvider, useRoomStore } from "@/lib/hooks/room-context";
import { useAcquireLocalMedia } from "@/lib/hooks/useLocalMedia";
import { CallView } from "./CallView";
import { ConnectionBanner } from "./ConnectionBanner";
import { LeftMeeting } from "./LeftMeeting";
import { MeetingNotFound } from "./MeetingNotFound";
import { PreJoin } from "./PreJoin";

export interface RoomProps {
  roomId: string;
  partyHost: string;
  iceServers: RTCIceServer[];
}

export function Room(props: RoomProps) {
  return (
    <RoomProvider {...props}>
      <RoomScreen />
    </RoomProvider>
  );
}

function RoomScreen() {
  useAcquireLocalMedia();
  const fatalError = useRoomStore((state) => state.fatalError);
  const phase = useRoomStore((state) => state.phase);

  if (fatalError?.code === "room-not-found") return <MeetingNotFound />;
  if (phase === "left") return <LeftMeeting />;
  if (fatalError) {
    return (
      <main className="flex min-h-dvh items-center justify-center p-6">
        <p role="alert" className="max-w-md text-center text-lg">
          {fatalError.message}
        </p>
      </main>
    );
  }
  return (
    <>
      <ConnectionBanner />
      {phase === "in-call" ? <CallView /> : <PreJoin />}
    </>
  );
}
