"use client";
import { useEffect, useRef } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { usePlayer } from "@/lib/hooks/usePlayer";
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
  const slotRef = useRef<HTMLSpanElement>(null);
  // Silent whenever the call screen is hidden (it stays rendered, hidden, while not in the call): the
  // player goes back then, muted.
  const audio = usePlayer("audio", slotRef, stream);
  useEffect(() => {
    audio?.setAttribute("data-voice-of", participantId);
  }, [audio, participantId]);
  useEffect(() => {
    const wanted = speakerId ?? "";
    // A new voice plays through the default output already: asking for it again is a task on this
    // page's only thread (a few milliseconds), which would come as the call's first frames do.
    if (!audio || !canChooseSpeaker() || audio.sinkId === wanted) return;
    audio.setSinkId(wanted).catch((error: unknown) => console.warn("Couldn't change the speaker:", error));
  }, [audio, speakerId]);
  // The player is put in by usePlayer: it was made as the call brought the stream.
  return <span ref={slotRef} className="contents" />;
}
