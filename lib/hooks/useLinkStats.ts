"use client";
import { useEffect, useState } from "react";
import { pollLinkStats, type LinkStats } from "../rtc/link-stats";
import { useRoomSession } from "./room-context";

/** The link's statistics, read every two seconds while it is connected; null before the first read. */
export function useLinkStats(peerId: string, connected: boolean): LinkStats | null {
  const session = useRoomSession();
  const [stats, setStats] = useState<LinkStats | null>(null);
  useEffect(
    () => (connected ? pollLinkStats(() => session.stats(peerId), setStats) : undefined),
    [session, peerId, connected],
  );
  return connected ? stats : null;
}
