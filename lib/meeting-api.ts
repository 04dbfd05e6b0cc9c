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
  if (response.status === 429) throw new Error(describeCreationLimit(response.headers.get("Retry-After")));
  if (response.status === 403) {
    throw new Error(
      "This site isn't allowed to start meetings on its meeting server. Whoever runs it needs to add this site to the server's settings.",
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

/**
 * The room server limits how many meetings one address starts, a minute and a day; `retryAfter` is in
 * seconds. Only the daily allowance makes anyone wait more than a minute.
 */
export function describeCreationLimit(retryAfter: string | null): string {
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : 60;
  if (seconds <= 60) return "You have started many meetings in a short time. Try again in a minute.";
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.ceil(minutes / 60);
  const wait = minutes < 60 ? `${minutes} minutes` : hours === 1 ? "an hour" : `${hours} hours`;
  return `You have started many meetings today. Try again in ${wait}.`;
}
