/** Room clients for one test file, each closed after the test that opened it. */
import { afterEach } from "vitest";
import { RoomClient } from "./room-client";

/** `partyHost` may be a function, for a server a test file starts itself. */
export function connectedClients(
  partyHost: string | (() => string),
): (roomId: string) => Promise<RoomClient> {
  const open: RoomClient[] = [];
  afterEach(() => {
    open.splice(0).forEach((client) => client.close());
  });
  return async (roomId) => {
    const host = typeof partyHost === "string" ? partyHost : partyHost();
    const client = await RoomClient.connect(host, roomId);
    open.push(client);
    return client;
  };
}
