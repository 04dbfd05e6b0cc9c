"use client";
import { useEffect, useRef, useState } from "react";
import { useRoomActions, useRoomStoreApi } from "@/lib/hooks/room-context";
import { useBrowserSupports } from "@/lib/hooks/useBrowserSupports";
import {
  CallRecorder,
  recordingFileName,
  recordingMimeType,
  type RecordedTile,
} from "@/lib/media/call-recorder";
import { downloadBlob } from "@/lib/media/snapshot";
import { Button } from "./Button";

const canRecord = () => recordingMimeType() !== null;

/** The tiles on the stage now, as the person sees them. */
function tilesOnStage(): RecordedTile[] {
  const stage = document.querySelector('[aria-label="Participants\' video"]');
  return [...(stage?.querySelectorAll("figure") ?? [])].flatMap((figure) => {
    const video = figure.querySelector("video");
    const name = figure.querySelector("figcaption")?.textContent?.trim() ?? "";
    return video ? [{ video, name }] : [];
  });
}

/**
 * Records the meeting on this device. Everyone sees that it is being recorded while it runs; the
 * file is offered when it stops, and saved at once if the person leaves while recording.
 */
export function RecordToggle() {
  const supported = useBrowserSupports(canRecord);
  const store = useRoomStoreApi();
  const { setRecording } = useRoomActions();
  const recorder = useRef<CallRecorder | null>(null);
  const [recording, setRecordingShown] = useState(false);
  const [saved, setSaved] = useState<{ url: string; name: string } | null>(null);

  useEffect(
    () => () => {
      // Leaving mid-recording keeps what was recorded: it is saved rather than lost.
      const running = recorder.current;
      recorder.current = null;
      if (running)
        void running.stop().then((blob) => downloadBlob(blob, recordingFileName(running.startedAt)));
    },
    [],
  );
  useEffect(() => () => (saved ? URL.revokeObjectURL(saved.url) : undefined), [saved]);

  if (!supported) return null;

  function start() {
    const mimeType = recordingMimeType();
    if (!mimeType) return;
    const voices = () => {
      const { localStream, peers } = store.getState();
      const theirs = Object.values(peers).flatMap((peer) => (peer.stream ? [peer.stream] : []));
      return localStream ? [localStream, ...theirs] : theirs;
    };
    const started = new CallRecorder({ tiles: tilesOnStage, voices }, mimeType);
    started.start();
    recorder.current = started;
    setSaved(null);
    setRecordingShown(true);
    setRecording(true);
  }

  async function stop() {
    const running = recorder.current;
    recorder.current = null;
    setRecordingShown(false);
    setRecording(false);
    if (!running) return;
    const blob = await running.stop();
    setSaved({ url: URL.createObjectURL(blob), name: recordingFileName(running.startedAt) });
  }

  return (
    <>
      <Button
        pressed={recording}
        tone={recording ? "on" : "neutral"}
        title={recording ? "Stop recording" : "Record the meeting on this device"}
        onClick={() => (recording ? void stop() : start())}
      >
        <span
          aria-hidden="true"
          className={`h-3 w-3 rounded-full ${recording ? "bg-rose-400" : "bg-rose-600"}`}
        />
        Record
      </Button>
      {saved && (
        <a
          href={saved.url}
          download={saved.name}
          className="flex h-12 items-center rounded-full px-4 text-sky-300 underline"
        >
          Save recording
        </a>
      )}
    </>
  );
}
