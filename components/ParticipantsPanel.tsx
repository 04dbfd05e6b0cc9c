"use client";
import { useRoomStore } from "@/lib/hooks/room-context";
import { SidePanel } from "./SidePanel";
import { CameraIcon, MicrophoneIcon } from "./icons";

export function ParticipantsPanel() {
  const participants = useRoomStore((state) => state.participants);
  const selfId = useRoomStore((state) => state.self?.id);
  return (
    <SidePanel label="Participants" title={`People (${participants.length})`} closeLabel="Close participants">
      <ul className="flex-1 space-y-2 overflow-y-auto p-3">
        {participants.map((participant) => (
          <li key={participant.id} className="flex items-center justify-between gap-2">
            <span className="truncate">
              {participant.id === selfId ? `${participant.name} (you)` : participant.name}
            </span>
            <span className="flex gap-1 text-slate-300">
              <span role="img" aria-label={participant.audioOff ? "Microphone off" : "Microphone on"}>
                <MicrophoneIcon off={participant.audioOff} width={18} height={18} />
              </span>
              <span role="img" aria-label={participant.videoOff ? "Camera off" : "Camera on"}>
                <CameraIcon off={participant.videoOff} width={18} height={18} />
              </span>
            </span>
          </li>
        ))}
      </ul>
    </SidePanel>
  );
}
