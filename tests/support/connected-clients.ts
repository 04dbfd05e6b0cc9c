/** Room clients for one test file, each closed after the test that opened it. */
import { afterEach } from "vitest";
import { RoomClient } from "./room-client";

export function connectedClients(partyHost: string): (roomId: string) => Promise<RoomClient> {
  const open: RoomClient[] = [];
  afterEach(() => {
    open.splice(0).forEach((client) => client.close());
  });
  return async (roomId) => {
    const client = await RoomClient.connect(partyHost, roomId);
    open.push(client);
    return client;
  };
}
