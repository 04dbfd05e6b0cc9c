"use client";
import { useState, type RefObject } from "react";
import { captureFrame, downloadBlob, snapshotFileName } from "@/lib/media/snapshot";
import { CameraIcon } from "./icons";

export function SnapshotButton({
  videoRef,
  name,
}: {
  videoRef: RefObject<HTMLVideoElement | null>;
  name: string;
}) {
  const [problem, setProblem] = useState<string | null>(null);

  async function takeSnapshot() {
    const video = videoRef.current;
    if (!video) return;
    try {
      downloadBlob(await captureFrame(video), snapshotFileName(name, new Date()));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <div className="absolute top-2 right-2 flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={takeSnapshot}
        aria-label="Take snapshot"
        title={`Take a snapshot of ${name}`}
        className="flex h-9 w-9 items-center justify-center rounded-full bg-slate-950/60 hover:bg-slate-950/90"
      >
        <CameraIcon width={18} height={18} />
      </button>
      {problem && (
        <p role="alert" className="rounded bg-slate-950/80 px-2 py-1 text-xs">
          {problem}
        </p>
      )}
    </div>
  );
}
