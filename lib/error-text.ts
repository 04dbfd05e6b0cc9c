/**
 * The room server sends error codes; the page says them in words. Kept here, beside the page, so the
 * server holds no language and a sentence can use what only the page knows (the meeting's capacity).
 */
import { PROTOCOL_VERSION, type ErrorCode, type ServerMessage } from "./protocol";
import { describeRoomFull } from "./presence";

type ErrorFrame = Extract<ServerMessage, { type: "error" }>;

const FIXED: Record<Exclude<ErrorCode, "room-full" | "version-mismatch" | "rate-limited">, string> = {
  "room-not-found": "This meeting has ended, or its code is wrong. Check the link, or start a new meeting.",
  "invalid-message": "The meeting server didn't understand this page. Reload it if something isn't working.",
  "frame-too-large": "That was too large to send through the meeting server.",
  "not-joined": "Join the meeting first.",
  "unknown-participant": "That participant is no longer in the meeting.",
  "peer-away": "That participant is reconnecting. The call to them starts again when they are back.",
  "too-many-reactions": "Reactions are limited to a few a second. Try again in a moment.",
  "not-host": "Only the meeting's host can do that.",
  denied: "The host didn't let you in.",
  removed: "The host removed you from the meeting.",
  "waiting-room-full": "Too many people are waiting to be let in. Try again in a few minutes.",
};

/** A sentence for an error from the room server. `capacity` is the meeting's, when known. */
export function describeServerError(error: ErrorFrame, capacity: number | null = null): string {
  switch (error.code) {
    case "room-full":
      return capacity ? describeRoomFull(capacity) : "This meeting is full.";
    case "version-mismatch":
      return error.serverVersion !== undefined && error.serverVersion < PROTOCOL_VERSION
        ? "The meeting server is older than this page. It is probably being updated: try again in a few minutes."
        : "This page is out of date. Reload it to join the meeting.";
    case "rate-limited":
      return error.fatal
        ? "Disconnected for sending too many messages. Reload the page to join again."
        : "Too many messages too fast. Slow down, or you will be disconnected.";
    default:
      return FIXED[error.code];
  }
}
