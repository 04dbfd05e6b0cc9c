"use client";
import { Activity } from "react";
import { RoomProvider, useRoomStore } from "@/lib/hooks/room-context";
import { useAcquireLocalMedia } from "@/lib/hooks/useLocalMedia";
import { ConnectionBanner } from "./ConnectionBanner";
import { useCallView } from "./lazy-call-view";
import { LeftMeeting } from "./LeftMeeting";
import { MeetingNotFound } from "./MeetingNotFound";
import { NoticePage } from "./NoticePage";
import { PreJoin } from "./PreJoin";

export interface RoomProps {
  roomId: string;
  partyHost: string;
}

export function Room(props: RoomProps) {
  return (
    // Keyed by meeting: another meeting in the same tab gets a fresh store and session.
    <RoomProvider key={props.roomId} {...props}>
      <RoomScreen />
    </RoomProvider>
  );
}

function RoomScreen() {
  useAcquireLocalMedia();
  const fatalError = useRoomStore((state) => state.fatalError);
  const phase = useRoomStore((state) => state.phase);

  if (fatalError?.code === "room-not-found") return <MeetingNotFound />;
  if (fatalError?.code === "removed") {
    return <NoticePage title="You were removed from the meeting" text={fatalError.message} />;
  }
  if (phase === "left") return <LeftMeeting />;
  if (fatalError) {
    return (
      <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-6 p-6 text-center">
        <div role="alert" className="space-y-2">
          <h1 className="text-2xl font-semibold">Can&apos;t join this meeting</h1>
          <p className="text-slate-300">{fatalError.message}</p>
        </div>
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="rounded-full bg-sky-500 px-5 py-2.5 font-medium text-slate-950 hover:bg-sky-400"
        >
          Reload
        </button>
      </main>
    );
  }
  const inCall = phase === "in-call";
  return (
    <>
      <ConnectionBanner />
      {!inCall && <PreJoin />}
      <CallScreen shown={inCall} />
    </>
  );
}

/**
 * The call screen, with a word while it loads if it was not loaded ahead. Once loaded it is rendered
 * ahead, hidden, while the person is still on the pre-join screen: its first render is long, and
 * done at the join it would hold up the answer to this page's offer and the first pictures. Hidden,
 * none of its effects run (no shortcuts, no speaking meters, no views reported).
 */
function CallScreen({ shown }: { shown: boolean }) {
  const { CallView, failed } = useCallView(shown);
  if (CallView) {
    return (
      <Activity mode={shown ? "visible" : "hidden"}>
        <CallView />
      </Activity>
    );
  }
  if (!shown) return null;
  return (
    <main className="flex min-h-dvh items-center justify-center p-6 text-center">
      {failed ? (
        <p role="alert" className="text-rose-200">
          The call screen couldn&apos;t be loaded. Check your internet connection, then reload the page.
        </p>
      ) : (
        <p role="status" className="text-slate-300">
          Joining...
        </p>
      )}
    </main>
  );
}
