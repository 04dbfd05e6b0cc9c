"use client";
import { NEW_PEER } from "../store/room-store";
import { useRoomStore } from "./room-context";

/** The media stream and connection state of the link to one remote participant. */
export function usePeerConnection(peerId: string) {
  return useRoomStore((state) => state.peers[peerId] ?? NEW_PEER);
}
