"use client";
import { useEffect, useState } from "react";
import { readLinkStats, type LinkStats } from "../rtc/link-stats";
import { useRoomSession } from "./room-context";

const EVERY_MS = 2000;

/** The link's statistics, read every two seconds while it is connected; null before the first read. */
export function useLinkStats(peerId: string, connected: boolean): LinkStats | null {
  const session = useRoomSession();
  const [stats, setStats] = useState<LinkStats | null>(null);
  useEffect(() => {
    if (!connected) return;
    let previous: LinkStats | null = null;
    let current = true;
    const read = async () => {
      const report = await session.stats(peerId);
      if (!report || !current) return;
      previous = readLinkStats(report, previous, performance.now());
      setStats(previous);
    };
    void read();
    const timer = setInterval(() => void read(), EVERY_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [session, peerId, connected]);
  return connected ? stats : null;
}
