"use client";
import type { ReactNode } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { useLocalMedia } from "@/lib/hooks/useLocalMedia";
import { screenTileId } from "@/lib/store/room-store";
import { RemoteTile } from "./RemoteTile";
import { TileActions } from "./TileActions";
import { VideoTile } from "./VideoTile";

export interface CallTile {
  id: string;
  /** Ours (our camera or our screen), or someone else's. */
  local: boolean;
  node: ReactNode;
}

/** Every tile of the call, in order: you, your screen, then each other person and their screen. */
export function useCallTiles(): { tiles: CallTile[]; pinned: CallTile | undefined } {
  const self = useRoomStore((state) => state.self);
  const participants = useRoomStore((state) => state.participants);
  const peers = useRoomStore((state) => state.peers);
  const ownScreen = useRoomStore((state) => state.screen);
  const pinnedId = useRoomStore((state) => state.pinnedId);
  const handRaised = useRoomStore((state) => state.handRaised);
  const { stream, audio, video } = useLocalMedia();
  const screenTile = (participantId: string, name: string, screen: MediaStream, local: boolean): CallTile => {
    const id = screenTileId(participantId);
    return {
      id,
      local,
      node: (
        <VideoTile
          participantId={participantId}
          name={name}
          stream={screen}
          local={local}
          screen
          fillCell
          pinnable
          actions={TileActions}
        />
      ),
    };
  };

  const tiles: CallTile[] = [];
  if (self) {
    tiles.push({
      id: self.id,
      local: true,
      node: (
        <VideoTile
          participantId={self.id}
          name={self.name}
          stream={stream}
          local
          cameraOff={!video.enabled}
          micOff={!audio.enabled}
          handRaised={handRaised}
          showSpeaking
          fillCell
          pinnable
          actions={TileActions}
        />
      ),
    });
    if (ownScreen) tiles.push(screenTile(self.id, self.name, ownScreen, true));
  }
  for (const participant of participants) {
    if (participant.id === self?.id) continue;
    tiles.push({
      id: participant.id,
      local: false,
      node: <RemoteTile participant={participant} />,
    });
    const screen = peers[participant.id]?.screen;
    if (screen) tiles.push(screenTile(participant.id, participant.name, screen, false));
  }
  return { tiles, pinned: tiles.find((tile) => tile.id === pinnedId) };
}
