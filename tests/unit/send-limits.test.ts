import { describe, expect, it } from "vitest";
import { sendLimitsFor, UPLINK_BUDGET_BPS } from "@/lib/rtc/send-limits";

describe("sendLimitsFor", () => {
  it("keeps every copy of our video within one home uplink, whatever the room's size", () => {
    for (let participants = 2; participants <= 12; participants++) {
      const { maxBitrate } = sendLimitsFor(participants);
      expect(maxBitrate * (participants - 1)).toBeLessThanOrEqual(UPLINK_BUDGET_BPS);
    }
  });

  it("sends full size and rate to one or two others, and less of both as the room fills", () => {
    expect(sendLimitsFor(2)).toEqual({ maxBitrate: 1_200_000, scaleResolutionDownBy: 1, maxFramerate: 30 });
    expect(sendLimitsFor(4)).toMatchObject({ scaleResolutionDownBy: 1.5, maxFramerate: 24 });
    expect(sendLimitsFor(6)).toEqual({ maxBitrate: 500_000, scaleResolutionDownBy: 2, maxFramerate: 15 });
    // And raises them again as people leave.
    expect(sendLimitsFor(3).maxBitrate).toBeGreaterThan(sendLimitsFor(6).maxBitrate);
  });
});
