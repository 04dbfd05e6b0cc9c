import { describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH, PROTOCOL_VERSION } from "@/lib/protocol";
import { hashHostKey } from "@/party/host-key";
import { MAX_STORED_BYTES, Room, type RoomSnapshot, type RoomSocket } from "@/party/room";
import { fakeSfu } from "./fake-sfu";
import { settle } from "./test-room";

/** Keeps only what this test reads: a hundred members' rosters are not worth parsing. */
class QuietSocket implements RoomSocket {
  self: string | null = null;
  readonly errors: string[] = [];
  send(data: string): void {
    if (!/^\{"type":"(joined|error)"/.test(data)) return;
    const message = JSON.parse(data) as { type: string; self?: { id: string }; code?: string };
    if (message.type === "joined") this.self = message.self?.id ?? null;
    if (message.type === "error" && message.code) this.errors.push(message.code);
  }
  close(): void {}
}

/** The SFU's largest capacity: the most members a meeting can have. */
const LARGEST_CAPACITY = 100;
const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;

describe("what a meeting keeps in storage", () => {
  it(`stays under ${MAX_STORED_BYTES / 1024} KiB with the most members, longest names and every flag`, async () => {
    let stored: RoomSnapshot | null = null;
    const room = new Room({
      capacity: 50,
      sfu: fakeSfu({ capacity: LARGEST_CAPACITY }),
      meetingId: () => "k7fq-2m9x-p4tz-8hwn",
      persist: (snapshot) => (stored = structuredClone(snapshot)),
    });
    const hostKeyHash = hashHostKey("host-key-0123456789abcdef");
    room.markCreated(hostKeyHash);
    const longest = "𝔐".repeat(MAX_NAME_LENGTH);
    const sockets: QuietSocket[] = [];
    for (let i = 0; i < LARGEST_CAPACITY + 5; i++) {
      const socket = new QuietSocket();
      room.connect(socket);
      const presence = { audioOff: true, videoOff: true, handRaised: true, recording: true };
      const suffix = String(i).padStart(3, "0");
      room.receive(
        socket,
        JSON.stringify({
          type: "join",
          version: PROTOCOL_VERSION,
          name: longest,
          presence,
          session: `${"s".repeat(61)}${suffix}`,
          instance: `${"i".repeat(61)}${suffix}`,
        }),
      );
      sockets.push(socket);
      await settle();
    }
    for (const socket of sockets) {
      const id = socket.self;
      if (!id) continue;
      const feed = `${id}~${"f".repeat(32)}`;
      room.receive(
        socket,
        JSON.stringify({ type: "feeds", camera: feed, screen: `${id}~${"g".repeat(32)}` }),
      );
    }

    expect(room.participants).toHaveLength(LARGEST_CAPACITY);
    expect(sockets.at(-1)?.errors).toEqual(["room-full"]);
    const everything = { created: true, hostKeyHash, members: stored };
    expect(stored).not.toBeNull();
    expect(bytesOf(everything)).toBeLessThanOrEqual(MAX_STORED_BYTES);
  });
});
