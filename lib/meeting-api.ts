import PartySocket from "partysocket";
import * as v from "valibot";
import { hostKeySchema } from "./protocol";

const createdSchema = v.object({ hostKey: hostKeySchema });

/**
 * Creates a meeting on the room server and returns its host key. Meetings exist only once created, so
 * a mistyped or stale code finds nothing instead of silently opening an empty room.
 */
export async function createMeeting(partyHost: string, roomId: string): Promise<string> {
  let response: Response;
  try {
    response = await PartySocket.fetch({ host: partyHost, room: roomId }, { method: "POST" });
  } catch {
    throw new Error(
      "Couldn't reach the meeting server to start a meeting. Check your connection and try again.",
    );
  }
  const created = response.ok ? v.safeParse(createdSchema, await response.json().catch(() => null)) : null;
  if (!created?.success) {
    throw new Error(
      `The meeting server couldn't start a meeting (error ${response.status}). Try again in a moment.`,
    );
  }
  return created.output.hostKey;
}
