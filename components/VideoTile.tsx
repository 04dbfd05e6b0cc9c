"use client";
import { useEffect, useRef } from "react";
import { firstFrameMark } from "@/lib/call/room-session";
import { initialsOf } from "@/lib/presence";

export interface VideoTileProps {
  participantId: string;
  name: string;
  stream: MediaStream | null;
  local: boolean;
  /** Shown over the video while there is no picture: "Connecting…", or why it failed. */
  status?: { text: string; problem: boolean } | null;
  cameraOff?: boolean;
}

export function VideoTile({ participantId, name, stream, local, status, cameraOff }: VideoTileProps) {
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    if (!stream || local || !("requestVideoFrameCallback" in video)) return;
    // Marks the first decoded frame in the browser's timeline, for measuring call setup.
    const handle = video.requestVideoFrameCallback(() => performance.mark(firstFrameMark(participantId)));
    return () => video.cancelVideoFrameCallback(handle);
  }, [stream, local, participantId]);

  const hasVideo = !cameraOff && (stream?.getVideoTracks().length ?? 0) > 0;
  return (
    <figure
      data-participant-id={participantId}
      data-local={local ? "true" : "false"}
      className="relative aspect-video overflow-hidden rounded-2xl bg-slate-800 shadow-lg"
    >
      <video
        ref={videoRef}
        autoPlay
        playsInline
        muted={local}
        className={`h-full w-full object-cover ${local ? "-scale-x-100" : ""} ${hasVideo ? "" : "invisible"}`}
      />
      {!hasVideo && (
        <div aria-hidden="true" className="absolute inset-0 flex items-center justify-center">
          <span className="flex h-20 w-20 items-center justify-center rounded-full bg-sky-700 text-2xl font-semibold">
            {initialsOf(name)}
          </span>
        </div>
      )}
      {status && (
        <p
          role={status.problem ? "alert" : "status"}
          className="absolute inset-x-0 top-0 bg-slate-950/70 px-3 py-2 text-center text-sm"
        >
          {status.text}
        </p>
      )}
      <figcaption className="absolute bottom-2 left-2 max-w-[80%] truncate rounded-md bg-slate-950/70 px-2 py-1 text-sm">
        {local ? `${name} (you)` : name}
      </figcaption>
    </figure>
  );
}
