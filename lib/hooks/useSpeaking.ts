"use client";
import { useEffect, useState } from "react";
import { watchSpeaking } from "../media/speaking";

/** Whether the audio in this stream is someone speaking right now. */
export function useSpeaking(stream: MediaStream | null, enabled: boolean): boolean {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    if (!stream || !enabled) return;
    const stop = watchSpeaking(stream, setSpeaking);
    return () => {
      stop();
      setSpeaking(false);
    };
  }, [stream, enabled]);
  return enabled && speaking;
}
