/**
 * Where this page is in joining the meeting: one state, owned by the RoomSession alone and copied to
 * the store for the UI, which shows a page that is rejoining (its connection dropped) as still in
 * the call, under the connection banner.
 */
import type { CallPhase } from "../store/room-store";

export type JoinState =
  | { phase: "prejoin" }
  /**
   * `ahead`: the calls were connected from the pre-join screen, in a meeting that has promised this
   * page its place; the call screen shows from the press, its first render under way with the join.
   */
  | { phase: "joining"; name: string; ahead?: true }
  | { phase: "knocking"; name: string }
  | { phase: "in-call"; name: string }
  | { phase: "rejoining"; name: string }
  | { phase: "left" };

/** The name this page is in (or on its way into) the meeting under, sent again on every reconnection. */
export const joinName = (state: JoinState): string | null => ("name" in state ? state.name : null);

export const callPhaseOf = (state: JoinState): CallPhase =>
  state.phase === "rejoining" || (state.phase === "joining" && state.ahead) ? "in-call" : state.phase;
