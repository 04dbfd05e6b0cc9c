/**
 * Where this page is in joining the meeting: one state, owned by the RoomSession alone and copied to
 * the store for the UI, which shows a page that is rejoining (its connection dropped) as still in
 * the call, under the connection banner.
 */
import type { CallPhase } from "../store/room-store";

export type JoinState =
  | { phase: "prejoin" }
  | { phase: "joining"; name: string }
  | { phase: "knocking"; name: string }
  | { phase: "in-call"; name: string }
  | { phase: "rejoining"; name: string }
  | { phase: "left" };

/** The name this page is in (or on its way into) the meeting under, sent again on every reconnection. */
export const joinName = (state: JoinState): string | null => ("name" in state ? state.name : null);

export const callPhaseOf = (state: JoinState): CallPhase =>
  state.phase === "rejoining" ? "in-call" : state.phase;
