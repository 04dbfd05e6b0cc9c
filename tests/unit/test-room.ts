/**
 * One way to make a room server for a unit test: a real Room over memory sockets, with participant
 * ids p0, p1... in join order, a clock the test moves, and helpers that speak the wire protocol.
 */
import { PROTOCOL_VERSION } from "@/lib/protocol";
import { hashHostKey } from "@/party/host-key";
import { Room, type RoomOptions } from "@/party/room";
import { MemorySocket } from "./memory-socket";

export interface TestRoomOptions extends Partial<Omit<RoomOptions, "now" | "createParticipantId">> {
  /** The key that makes whoever joins with it the host. */
  hostKey?: string;
  /** Where the clock starts (ms). */
  startAt?: number;
  /** False for a meeting nobody created: connections are turned away. */
  created?: boolean;
}

export function testRoom({ hostKey, startAt = 0, created = true, ...options }: TestRoomOptions = {}) {
  let clock = startAt;
  let nextParticipant = 0;
  let nextSocket = 0;
  const make = () => {
    const room = new Room({
      capacity: 6,
      createParticipantId: () => `p${nextParticipant++}`,
      now: () => clock,
      ...options,
    });
    if (created) room.markCreated(hostKey ? hashHostKey(hostKey) : null);
    return room;
  };
  const room = make();
  /** A new connection, to this room or `into` another (one made after a restart). */
  const connect = ({ socket, into = room }: { socket?: MemorySocket; into?: Room } = {}) => {
    const connection = socket ?? new MemorySocket(`s${nextSocket++}`);
    into.connect(connection);
    return connection;
  };
  const send = (socket: MemorySocket, message: unknown, target: Room = room) =>
    target.receive(socket, JSON.stringify(message));
  const join = (socket: MemorySocket, name: string, extra: Record<string, unknown> = {}, target = room) =>
    send(socket, { type: "join", version: PROTOCOL_VERSION, name, ...extra }, target);
  /** Connects and joins in one step. */
  const member = (name: string, extra: Record<string, unknown> = {}) => {
    const socket = connect();
    join(socket, name, extra);
    return socket;
  };
  const tick = (ms: number) => (clock += ms);
  /** Another Room with the same options and clock, as after a restart of the room server. */
  return { room, make, connect, send, join, member, tick, now: () => clock };
}

export const names = (room: Room) => room.participants.map((p) => p.name);
/** Lets promises the room started (credentials, the SFU) settle. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
