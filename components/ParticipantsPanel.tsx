"use client";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";
import { CameraIcon, MicrophoneIcon } from "./icons";

export function ParticipantsPanel() {
  const { setSidePanel } = useRoomActions();
  const participants = useRoomStore((state) => state.participants);
  const selfId = useRoomStore((state) => state.self?.id);
  return (
    <aside
      aria-label="Participants"
      className="fixed inset-0 z-20 flex flex-col bg-slate-900 sm:static sm:w-80 sm:rounded-2xl"
    >
      <header className="flex items-center justify-between border-b border-slate-700 p-3">
        <h2 className="font-semibold">People ({participants.length})</h2>
        <button
          type="button"
          onClick={() => setSidePanel(null)}
          className="rounded-full px-3 py-1 text-sm hover:bg-slate-800"
        >
          Close participants
        </button>
      </header>
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
    </aside>
  );
}
