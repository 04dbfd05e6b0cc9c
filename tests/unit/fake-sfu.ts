/** An SFU that says yes to everything and records whom it kicked and which rooms it destroyed. */
import type { SfuRoom, SfuRooms } from "@/party/sfu";

export function fakeSfu({ capacity = 10 }: { capacity?: number } = {}): SfuRooms & {
  kicked: string[];
  destroyed: string[];
} {
  const kicked: string[] = [];
  const destroyed: string[] = [];
  return {
    kicked,
    destroyed,
    meshMax: 2,
    capacity,
    create: async (meetingId) => ({ room: `${meetingId}-sfu`, pin: "pin-1", secret: "secret" }),
    changePin: async (room: SfuRoom) => ({ ...room, pin: "pin-2" }),
    kick: async (_room, participantId) => void kicked.push(participantId),
    destroy: async (room) => void destroyed.push(room.room),
    exists: async () => true,
    access: async (room) => ({
      url: "ws://127.0.0.1:8188",
      room: room.room,
      pin: room.pin,
      token: "token",
      expiresAt: 1,
    }),
  };
}
