"use client";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { HostControls } from "./HostControls";
import { SidePanel } from "./SidePanel";
import { CameraIcon, HandIcon, MicrophoneIcon } from "./icons";

export function ParticipantsPanel() {
  const session = useRoomSession();
  const participants = useRoomStore((state) => state.participants);
  const selfId = useRoomStore((state) => state.self?.id);
  const route = useRoomStore((state) => state.route);
  const isHost = useRoomStore((state) => state.self?.host === true);
  const peers = useRoomStore((state) => state.peers);
  return (
    <SidePanel label="Participants" title={`People (${participants.length})`} closeLabel="Close participants">
      {isHost && <HostControls />}
      <RaisedHands />
      <ul className="flex-1 space-y-2 overflow-y-auto p-3">
        {participants.map((participant) => (
          <li key={participant.id} className="flex flex-wrap items-center justify-between gap-2">
            <span className="truncate">
              {participant.id === selfId ? `${participant.name} (you)` : participant.name}
              {participant.host && <span className="ml-2 text-xs text-amber-300">Host</span>}
            </span>
            <span className="flex items-center gap-1 text-slate-300">
              {participant.handRaised && (
                <span role="img" aria-label="Hand raised" className="text-amber-300">
                  <HandIcon width={18} height={18} />
                </span>
              )}
              <span role="img" aria-label={participant.audioOff ? "Microphone off" : "Microphone on"}>
                <MicrophoneIcon off={participant.audioOff} width={18} height={18} />
              </span>
              <span role="img" aria-label={participant.videoOff ? "Camera off" : "Camera on"}>
                <CameraIcon off={participant.videoOff} width={18} height={18} />
              </span>
              {isHost && participant.id !== selfId && (
                <button
                  type="button"
                  aria-label={`Remove ${participant.name}`}
                  onClick={() => session.remove(participant.id)}
                  className="ml-1 rounded-full px-2 py-0.5 text-xs text-rose-300 hover:bg-rose-950"
                >
                  Remove
                </button>
              )}
            </span>
            {/* On the SFU the media is decrypted there: a code between two people would prove nothing. */}
            {route === "mesh" && peers[participant.id]?.safetyCode && (
              <SafetyCode name={participant.name} code={peers[participant.id]?.safetyCode ?? ""} />
            )}
          </li>
        ))}
      </ul>
    </SidePanel>
  );
}

/** Hands up, in the order they went up, so the meeting takes them in turn; a host can put one down. */
function RaisedHands() {
  const session = useRoomSession();
  const participants = useRoomStore((state) => state.participants);
  const isHost = useRoomStore((state) => state.self?.host === true);
  const selfId = useRoomStore((state) => state.self?.id);
  const raised = participants
    .filter((p) => p.handRaised)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0));
  if (raised.length === 0) return null;
  return (
    <section aria-label="Raised hands" className="border-b border-slate-700 p-3">
      <h3 className="mb-2 text-sm font-semibold text-amber-200">Raised hands ({raised.length})</h3>
      <ol className="space-y-1">
        {raised.map((participant) => (
          <li key={participant.id} className="flex items-center justify-between gap-2">
            <span className="truncate">
              {participant.id === selfId ? `${participant.name} (you)` : participant.name}
            </span>
            {isHost && participant.id !== selfId && (
              <button
                type="button"
                aria-label={`Lower hand of ${participant.name}`}
                onClick={() => session.lowerHand(participant.id)}
                className="rounded-full px-2 py-0.5 text-xs text-sky-300 hover:bg-slate-800"
              >
                Lower hand
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The pair's safety code, to compare aloud: the same on both screens means nobody is in between. */
function SafetyCode({ name, code }: { name: string; code: string }) {
  return (
    <details className="w-full text-sm text-slate-300">
      <summary className="cursor-pointer text-sky-300">Verify {name}</summary>
      <p className="mt-1">
        Safety code: <span className="font-mono text-slate-100">{code}</span>
      </p>
      <p className="text-xs text-slate-400">
        Read it to {name}. If theirs is the same, your call is encrypted end to end with nobody in between.
      </p>
    </details>
  );
}
