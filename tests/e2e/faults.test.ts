import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { joinedParticipant, sharedChromium, stoppedAfterEachTest } from "../support/e2e-browser";
import { expectRemoteVideosFlowing, remoteVideoStats } from "../support/meeting-page";
import { createRoom, RoomClient } from "../support/room-client";
import { startAppServer, startPartyServer, startTurnServer } from "../support/servers";

const browser = sharedChromium();
const keep = stoppedAfterEachTest();

async function meeting(vars: Record<string, string> = {}) {
  const party = keep(await startPartyServer({ vars }));
  const app = keep(await startAppServer({ partyHost: party.host }));
  const roomId = await createRoom(party.host);
  return { party, join: (name: string) => joinedParticipant(browser(), app.url, roomId, name), roomId };
}

/** Frames decoded from the one remote tile of `page`, sampled every second for `seconds`. */
async function framesEverySecond(page: Page, seconds: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < seconds; i++) {
    samples.push((await remoteVideoStats(page))[0]?.framesDecoded ?? 0);
    await page.waitForTimeout(1000);
  }
  return samples;
}

const rising = (samples: number[]) => samples.every((value, i) => i === 0 || value > (samples[i - 1] ?? 0));
const remoteTiles = (page: Page) => page.locator('[data-local="false"]').count();

describe("faults a call survives", () => {
  it("keeps media flowing while the room server is down, and the roster comes back right", async () => {
    const { party, join, roomId } = await meeting();
    const [ada, bea] = [await join("Ada"), await join("Bea")];
    await expectRemoteVideosFlowing(ada, 1);

    await party.halt();
    const [duringAda, duringBea] = await Promise.all([framesEverySecond(ada, 4), framesEverySecond(bea, 4)]);
    await party.resume();
    expect(rising(duringAda) && rising(duringBea)).toBe(true);

    const watcher = await RoomClient.connect(party.host, roomId);
    await watcher.rosterNames(["Ada", "Bea"], 30_000);
    await expect.poll(() => ada.getByText("Reconnecting").count(), { timeout: 30_000 }).toBe(0);
    await Promise.all([expectRemoteVideosFlowing(ada, 1), expectRemoteVideosFlowing(bea, 1)]);
    expect([await remoteTiles(ada), await remoteTiles(bea)]).toEqual([1, 1]);
    watcher.close();
  });

  it("brings a participant who refreshes the page back as themselves, with video, and no duplicate", async () => {
    const { party, join, roomId } = await meeting();
    const [ada, bea] = [await join("Ada"), await join("Bea")];
    await expectRemoteVideosFlowing(ada, 1);
    const watcher = await RoomClient.connect(party.host, roomId);
    await watcher.rosterNames(["Ada", "Bea"]);
    const beaBefore = watcher.latestRoster()?.participants.find((p) => p.name === "Bea");

    await bea.reload();
    await bea.getByRole("button", { name: "Leave" }).waitFor({ timeout: 20_000 });
    await Promise.all([expectRemoteVideosFlowing(ada, 1), expectRemoteVideosFlowing(bea, 1)]);
    expect(await remoteTiles(ada)).toBe(1);
    const beaAfter = watcher.latestRoster()?.participants.find((p) => p.name === "Bea");
    expect(beaAfter?.id).toBe(beaBefore?.id);
    expect(beaAfter?.instance).not.toBe(beaBefore?.instance);
    expect(watcher.latestRoster()?.participants.map((p) => p.name)).toEqual(["Ada", "Bea"]);
    watcher.close();
  });

  it("recovers a relay-only call through an ICE restart after the relay comes back", async () => {
    const turn = keep(await startTurnServer({ secret: "fault-secret" }));
    const { join } = await meeting({
      PARLEY_TURN_URLS: `turn:${turn.host}?transport=udp`,
      PARLEY_TURN_SECRET: "fault-secret",
      PARLEY_ICE_TRANSPORT_POLICY: "relay",
    });
    const [ada, bea] = [await join("Ada"), await join("Bea")];
    await expectRemoteVideosFlowing(ada, 1);

    await turn.halt();
    await expect.poll(() => ada.getByText("Reconnecting...").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await turn.resume();
    await expect
      .poll(
        async () => (await framesEverySecond(ada, 2)).every((v, i, all) => i === 0 || v > (all[i - 1] ?? 0)),
        {
          timeout: 60_000,
          interval: 500,
        },
      )
      .toBe(true);
    await Promise.all([expectRemoteVideosFlowing(ada, 1), expectRemoteVideosFlowing(bea, 1)]);
  });
});
