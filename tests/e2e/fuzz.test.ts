import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { fuzzFrame } from "../support/fuzz-frames";
import { pick, seededRandom } from "../support/seeded-random";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing, remoteVideoStats } from "../support/meeting-page";
import { createRoom, RoomClient } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** Two fuzzers use a fresh URL each time; two reuse the meeting pages' own (their connection ids). */
const FUZZERS = 4;
const ROUNDS = 12;
/** Per fuzzer and round: under the rate limit, so the frames are read rather than refused. */
const FRAMES_PER_ROUND = 45;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URLs of the sockets a meeting page has open. */
const socketUrls = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __parley: { sockets: WebSocket[] } }).__parley.sockets
      .filter((socket) => socket.readyState === WebSocket.OPEN)
      .map((socket) => socket.url),
  );

describe("a room server under malformed traffic", () => {
  it("keeps a call in it running, its roster right, and every frame in its own room", async () => {
    const seed = Number(process.env.PARLEY_FUZZ_SEED ?? Date.now() % 1_000_000);
    console.log(`fuzz seed ${seed} (PARLEY_FUZZ_SEED=${seed} replays it)`);
    const random = seededRandom(seed);
    const roomId = await createRoom(partyHost);
    const [ada, bea] = [await participant(roomId, "Ada"), await participant(roomId, "Bea")];
    await expectRemoteVideosFlowing(ada, 1);
    const beaOnAda = (await remoteVideoStats(ada))[0]?.id ?? "";

    // A bystander in another meeting: nothing from this one may reach it.
    const elsewhere = await RoomClient.connect(partyHost, await createRoom(partyHost));
    const bystander = await elsewhere.join("Bystander");
    const watcher = await RoomClient.connect(partyHost, roomId);
    const roster = await watcher.next("roster");
    const targets = [...roster.participants.map((p) => p.id), bystander.id, "nobody"];

    // The URLs Ada's and Bea's pages connect with: a fuzzer on one claims that page's connection id.
    const memberUrls = [...(await socketUrls(ada)), ...(await socketUrls(bea))];
    expect(memberUrls.every((url) => /[?&]_pk=/.test(url))).toBe(true);
    const connectFuzzer = (n: number) =>
      n < 2 ? RoomClient.connect(partyHost, roomId) : RoomClient.connectTo(pick(random, memberUrls));
    let fuzzers = await Promise.all(Array.from({ length: FUZZERS }, (_, n) => connectFuzzer(n)));
    let sent = 0;
    let reconnections = 0;
    const framesOnAda: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      fuzzers = await Promise.all(
        fuzzers.map(async (fuzzer, n) => {
          if (fuzzer.closeCode === null && n < 2) return fuzzer;
          // A fuzzer on a member's connection id closes and comes back each round, as an attacker
          // trying to knock the member off would.
          if (fuzzer.closeCode === null) fuzzer.close();
          else reconnections++;
          return connectFuzzer(n);
        }),
      );
      for (const fuzzer of fuzzers) {
        for (let n = 0; n < FRAMES_PER_ROUND && fuzzer.socket.readyState === fuzzer.socket.OPEN; n++) {
          fuzzer.socket.send(fuzzFrame(random, targets));
          sent++;
        }
      }
      await sleep(1000);
      const stats = await remoteVideoStats(ada);
      framesOnAda.push(stats.find((tile) => tile.id === beaOnAda)?.framesDecoded ?? 0);
    }
    for (const fuzzer of fuzzers) fuzzer.close();
    console.log(`sent ${sent} frames, ${reconnections} reconnections after the server let a fuzzer go`);
    expect(sent).toBeGreaterThan(2000);

    // The server is up and the meeting is what it was: Ada and Bea, still calling (a fuzzer that
    // joined keeps its place for the grace period a reconnect would use, then goes).
    expect((await fetch(`http://${partyHost}/parties/main/${roomId}`)).status).toBe(200);
    await watcher.rosterNames(["Ada", "Bea"], 25_000);
    // Frames from Bea kept arriving at Ada all along, not just at the end.
    for (let i = 1; i < framesOnAda.length; i++)
      expect(framesOnAda[i]).toBeGreaterThan(framesOnAda[i - 1] ?? 0);
    await expectRemoteVideosFlowing(ada, 1);
    await expectRemoteVideosFlowing(bea, 1);
    expect(await ada.getByText("2 people in the call").count()).toBe(1);
    // Nobody was knocked off their place: a newcomer reaches both of them.
    const cleo = await participant(roomId, "Cleo");
    await Promise.all([expectRemoteVideosFlowing(cleo, 2), expectRemoteVideosFlowing(ada, 2)]);

    // Nothing crossed into the other meeting.
    expect(elsewhere.received.filter((m) => m.type === "signal" || m.type === "chat")).toEqual([]);
    const elsewhereRoster = elsewhere.received.filter((m) => m.type === "roster").at(-1);
    expect(elsewhereRoster?.type === "roster" && elsewhereRoster.participants.map((p) => p.name)).toEqual([
      "Bystander",
    ]);
    elsewhere.close();
    watcher.close();
  });
});
