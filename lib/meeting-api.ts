import PartySocket from "partysocket";

/**
 * Creates a meeting on the room server. Meetings exist only once created, so a mistyped or stale code
 * finds nothing instead of silently opening an empty room.
 */
export async function createMeeting(partyHost: string, roomId: string): Promise<void> {
  let response: Response;
  try {
    response = await PartySocket.fetch({ host: partyHost, room: roomId }, { method: "POST" });
  } catch {
    throw new Error(
      "Couldn't reach the meeting server to start a meeting. Check your connection and try again.",
    );
  }
  if (!response.ok) {
    throw new Error(
      `The meeting server couldn't start a meeting (error ${response.status}). Try again in a moment.`,
    );
  }
}
