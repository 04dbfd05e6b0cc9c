import { describe, expect, it } from "vitest";
import { ActiveSpeaker, TAKE_OVER_AFTER_MS } from "@/lib/media/active-speaker";

describe("the active speaker", () => {
  it("is whoever has spoken for a moment, asked about again when that moment is up", () => {
    const active = new ActiveSpeaker();
    expect(active.decide(0)).toEqual({ speakerId: null, askAgainInMs: null });
    active.update("bea", true, 0);
    expect(active.decide(300)).toEqual({ speakerId: null, askAgainInMs: TAKE_OVER_AFTER_MS - 300 });
    expect(active.decide(TAKE_OVER_AFTER_MS)).toEqual({ speakerId: "bea", askAgainInMs: null });
  });

  it("keeps the speaker while they talk, whoever else starts", () => {
    const active = new ActiveSpeaker();
    active.update("bea", true, 0);
    active.decide(TAKE_OVER_AFTER_MS);
    active.update("cy", true, 1500);
    expect(active.decide(5000).speakerId).toBe("bea");
    // Bea stops: Cy, talking all along, takes over at once.
    active.update("bea", false, 5000);
    expect(active.decide(5000).speakerId).toBe("cy");
  });

  it("stays on the last speaker through a silence, and is not taken by a short sound", () => {
    const active = new ActiveSpeaker();
    active.update("bea", true, 0);
    active.decide(TAKE_OVER_AFTER_MS);
    active.update("bea", false, 3000);
    expect(active.decide(10_000).speakerId).toBe("bea");
    // A cough: speaking for 0.7 s (the detector's hold), not long enough.
    active.update("cy", true, 10_000);
    active.update("cy", false, 10_700);
    expect(active.decide(11_000).speakerId).toBe("bea");
  });

  it("gives the spotlight to the one who began first when several start together", () => {
    const active = new ActiveSpeaker();
    active.update("cy", true, 0);
    active.update("bea", true, 100);
    expect(active.decide(2000).speakerId).toBe("cy");
  });

  it("forgets someone who left", () => {
    const active = new ActiveSpeaker();
    active.update("bea", true, 0);
    active.decide(TAKE_OVER_AFTER_MS);
    active.forget("bea");
    expect(active.decide(2000).speakerId).toBeNull();
  });
});
