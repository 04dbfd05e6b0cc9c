import { describe, expect, it } from "vitest";
import { voicesOf } from "@/lib/hooks/useSpeakers";
import type { Participant } from "@/lib/protocol";
import { createRoomStore } from "@/lib/store/room-store";
import { asMediaStream, fakeStream } from "./components/fake-media";

const people: Participant[] = [
  { id: "me", name: "Me", joinOrder: 0 },
  { id: "bea", name: "Bea", joinOrder: 1 },
  { id: "cy", name: "Cy", joinOrder: 2, audioOff: true },
  { id: "dee", name: "Dee", joinOrder: 3 },
];

describe("the voices the call listens to", () => {
  it("is ours while the microphone is on and each other person's stream unless they muted", () => {
    const store = createRoomStore("room");
    const { actions } = store.getState();
    const mine = asMediaStream(fakeStream("audio", "video"));
    const beas = asMediaStream(fakeStream("audio", "video"));
    const cys = asMediaStream(fakeStream("audio", "video"));
    actions.setSelf(people[0]!);
    actions.setRoster(people, 6);
    actions.setLocalMedia({ stream: mine, audioProblem: null, videoProblem: null });
    actions.setPeerStream("bea", beas);
    actions.setPeerStream("cy", cys);
    // Dee has no stream yet; Cy is muted.
    expect(voicesOf(store.getState())).toEqual(
      new Map([
        ["me", mine],
        ["bea", beas],
      ]),
    );
    actions.setDeviceEnabled("audio", false);
    expect([...voicesOf(store.getState()).keys()]).toEqual(["bea"]);
  });
});
