/**
 * The session's side of its connection to the room server: the part of PartySocket (a WebSocket that
 * reconnects by itself) it uses. The mirror of the server's RoomSocket, so that a session can be run
 * in Node against the real Room class in memory.
 */
import PartySocket from "partysocket";

export interface RoomClientSocket {
  readonly readyState: number;
  send(data: string): void;
  /** Drops the connection and makes a new one. */
  reconnect(): void;
  close(): void;
  addEventListener(type: "open" | "close", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

/** WebSocket.OPEN, which Node before 22 has no global for. */
export const SOCKET_OPEN = 1;

export type OpenRoomSocket = (host: string, roomId: string) => RoomClientSocket;

/**
 * PartySocket waits 3 s before its second try, and longer after: a page whose first try came a moment
 * before a restarted room server was back stayed away seconds more (join during a restart: median
 * 2.6 s to every pair decoding, 2.1 s with these). Sooner here, and spread out, so that a room server
 * coming back is not met by every page at the same instant.
 */
const reconnection = () => ({
  minReconnectionDelay: 250 + Math.random() * 750,
  reconnectionDelayGrowFactor: 1.6,
  maxReconnectionDelay: 10_000,
});

/**
 * How long one try to connect may take before it is given up and another made. PartySocket's own
 * 4 s is less than a WebSocket's setup takes over a slow link (name lookup, TCP, TLS and the upgrade
 * are four round trips or more: a second each on a poor mobile link), so such a page could never
 * connect; and a page starved of CPU, whose socket opened late, was cut off again and again.
 */
const CONNECTION_TRY_MS = 12_000;

export const openPartySocket: OpenRoomSocket = (host, room) =>
  new PartySocket({ host, room, connectionTimeout: CONNECTION_TRY_MS, ...reconnection() });
