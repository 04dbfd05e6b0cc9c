"use client";
import { useEffect } from "react";
import { ActiveSpeaker } from "../media/active-speaker";
import { SpeakingWatchers } from "../media/speaking-watchers";
import type { RoomState } from "../store/room-store";
import { useRoomStoreApi } from "./room-context";

/**
 * How long a voice is in the call before its speaking meter starts: when the call screen shows, and
 * when someone joins, the call's first frames are coming in, and a meter (an audio graph) built then
 * would be built in their way.
 */
const SPEAKING_METER_DELAY_MS = 1_000;

/** The voices worth listening to: ours while the microphone is on, each other person's unless muted. */
export function voicesOf(state: RoomState): Map<string, MediaStream> {
  const voices = new Map<string, MediaStream>();
  const { self, localStream, audio } = state;
  if (self && localStream && audio.enabled) voices.set(self.id, localStream);
  for (const participant of state.participants) {
    const stream = state.peers[participant.id]?.stream;
    if (participant.id !== self?.id && stream && !participant.audioOff) voices.set(participant.id, stream);
  }
  return voices;
}

/**
 * Keeps the store's `speaking` and `activeSpeakerId` current for the whole call, tiles on screen or
 * not: the rings on tiles, the speaker view and the grid's first page all read them.
 */
export function useSpeakers(): void {
  const store = useRoomStoreApi();
  useEffect(() => {
    const { actions } = store.getState();
    const active = new ActiveSpeaker();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const decide = () => {
      clearTimeout(timer);
      const { speakerId, askAgainInMs } = active.decide(performance.now());
      // Most decisions keep the speaker: the store (and whatever follows it) hears only of a change.
      if (speakerId !== store.getState().activeSpeakerId) actions.setActiveSpeaker(speakerId);
      if (askAgainInMs !== null) timer = setTimeout(decide, askAgainInMs);
    };
    const watchers = new SpeakingWatchers(
      (id, speaking) => {
        actions.setSpeaking(id, speaking);
        // The spotlight shows someone else: our own voice never takes it.
        if (id === store.getState().self?.id) return;
        active.update(id, speaking, performance.now());
        decide();
      },
      undefined,
      SPEAKING_METER_DELAY_MS,
    );
    let present = new Set<string>();
    const follow = (state: RoomState) => {
      watchers.sync(voicesOf(state));
      const now = new Set(state.participants.map((p) => p.id));
      for (const id of present) if (!now.has(id)) active.forget(id);
      present = now;
    };
    follow(store.getState());
    const unsubscribe = store.subscribe(follow);
    return () => {
      unsubscribe();
      watchers.close();
      clearTimeout(timer);
    };
  }, [store]);
}
