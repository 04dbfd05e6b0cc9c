"use client";
/** Provides one meeting's store and session to the components below, for the life of the page. */
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { RoomSession } from "../call/room-session";
import { adoptHostKeyFromUrl } from "../host-keys";
import { createRoomStore, type RoomStore, type RoomStoreState } from "../store/room-store";

interface RoomContextValue {
  store: RoomStore;
  session: RoomSession;
}

const RoomContext = createContext<RoomContextValue | null>(null);

export interface RoomProviderProps {
  roomId: string;
  partyHost: string;
  children: ReactNode;
}

export function RoomProvider({ roomId, partyHost, children }: RoomProviderProps) {
  const [value] = useState<RoomContextValue>(() => {
    const store = createRoomStore(roomId);
    return { store, session: new RoomSession({ roomId, partyHost, store }) };
  });
  useEffect(() => {
    // Before anyone can press Join: a host link's key is what the join will carry.
    adoptHostKeyFromUrl(roomId);
    value.session.connect();
    return () => value.session.dispose();
  }, [value, roomId]);
  return <RoomContext.Provider value={value}>{children}</RoomContext.Provider>;
}

function useRoomContext(): RoomContextValue {
  const value = useContext(RoomContext);
  if (!value) throw new Error("Room hooks must be used inside <RoomProvider>.");
  return value;
}

export function useRoomStore<T>(selector: (state: RoomStoreState) => T): T {
  return useStore(useRoomContext().store, selector);
}

export function useRoomSession(): RoomSession {
  return useRoomContext().session;
}

/** For event handlers that need the current state without subscribing to it. */
export function useRoomStoreApi(): RoomStore {
  return useRoomContext().store;
}

export function useRoomActions() {
  return useRoomStore((state) => state.actions);
}
