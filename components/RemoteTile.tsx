"use client";
import { memo } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { useLinkStats } from "@/lib/hooks/useLinkStats";
import { usePeerConnection } from "@/lib/hooks/usePeerConnection";
import { useSecondsUntil } from "@/lib/hooks/useSecondsUntil";
import type { Participant } from "@/lib/protocol";
import type { PeerView } from "@/lib/store/room-store";
import { LinkQuality } from "./LinkQuality";
import { TileActions } from "./TileActions";
import { VideoTile, type VideoTileProps } from "./VideoTile";

/** Memoized as VideoTile is: a roster that leaves this person as they were does not draw them again. */
export const RemoteTile = memo(function RemoteTile({ participant }: { participant: Participant }) {
  const peer = usePeerConnection(participant.id);
  const stats = useLinkStats(participant.id, peer.status === "connected");
  const showStats = useRoomStore((state) => state.showStats);
  const retryIn = useSecondsUntil(peer.retryAt);
  return (
    <VideoTile
      participantId={participant.id}
      name={participant.name}
      stream={peer.stream}
      local={false}
      status={describeLink(peer, participant.name, retryIn)}
      cameraOff={participant.videoOff}
      micOff={participant.audioOff}
      handRaised={participant.handRaised}
      showSpeaking
      fillCell
      pinnable
      actions={TileActions}
      badge={stats && <LinkQuality stats={stats} detailed={showStats} />}
    />
  );
});

/** `retryIn`: seconds until the next attempt, while the call is not getting through. */
export function describeLink(
  peer: Pick<PeerView, "status">,
  name: string,
  retryIn: number | null = null,
): VideoTileProps["status"] {
  const next =
    retryIn === null ? "Still trying." : retryIn > 0 ? `Trying again in ${retryIn} s.` : "Trying again now.";
  switch (peer.status) {
    case "connected":
      return null;
    case "connecting":
      return { text: "Connecting...", problem: false };
    case "reconnecting":
      return { text: "Reconnecting...", problem: false };
    case "unreachable":
      return {
        text: `Can't reach ${name}. A firewall or network between you may be blocking the call. ${next}`,
        problem: true,
      };
    case "relay-refused":
      return {
        text: `Can't reach ${name}: the relay server turned down this meeting's credentials. Reload the page to get new ones.`,
        problem: true,
      };
  }
}
