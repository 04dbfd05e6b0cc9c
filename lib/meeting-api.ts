import PartySocket from "partysocket";

/**
 * Creates a meeting on the room server. Meetings exist only once created, so a mistyped or stale code
 * finds nothing instead of silently opening an empty room.
 */
export async function createMeeting(partyHost: string, roomId: string): Promise<void> {
  const response = await PartySocket.fetch({ host: partyHost, room: roomId }, { method: "POST" });
  if (!response.ok) throw new Error(`The meeting server answered ${response.status}.`);
}
