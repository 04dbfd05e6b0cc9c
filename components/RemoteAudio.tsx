"use client";
import { useEffect, useRef } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { canChooseSpeaker } from "@/lib/rtc/devices";

/**
 * Everyone's voice, played apart from their tiles: in a paged grid most tiles are not on screen,
 * and each person is heard all the same. Video elements stay muted.
 */
export function RemoteAudio() {
  const selfId = useRoomStore((state) => state.self?.id);
  const participants = useRoomStore((state) => state.participants);
  return (
    <>
      {participants
        .filter((participant) => participant.id !== selfId)
        .map((participant) => (
          <VoiceOf key={participant.id} participantId={participant.id} />
        ))}
    </>
  );
}

function VoiceOf({ participantId }: { participantId: string }) {
  const stream = useRoomStore((state) => state.peers[participantId]?.stream ?? null);
  const speakerId = useRoomStore((state) => state.speakerId);
  const audioRef = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.srcObject = stream;
    // Silent whenever the call screen is hidden (it stays rendered, hidden, while not in the call).
    return () => {
      audio.srcObject = null;
    };
  }, [stream]);
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !canChooseSpeaker()) return;
    audio
      .setSinkId(speakerId ?? "")
      .catch((error: unknown) => console.warn("Couldn't change the speaker:", error));
  }, [speakerId]);
  return <audio ref={audioRef} autoPlay data-voice-of={participantId} />;
}
