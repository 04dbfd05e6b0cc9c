import { createHmac } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { joinedParticipant, sharedChromium, stoppedAfterEachTest } from "../support/e2e-browser";
import { alertText, expectRemoteVideosFlowing } from "../support/meeting-page";
import { createRoom } from "../support/room-client";
import { startAppServer, startPartyServer, startTurnServer, type RunningServer } from "../support/servers";

const SECRET = "e2e-turn-secret";
const browser = sharedChromium();
const keep = stoppedAfterEachTest();

/** A room server that sends every call through `turn`, with the given secret and credential lifetime. */
async function relayOnlyMeeting(turn: RunningServer, { secret = SECRET, ttlSeconds = 600 } = {}) {
  const party = keep(
    await startPartyServer({
      vars: {
        PARLEY_TURN_URLS: `turn:${turn.host}?transport=udp,turn:${turn.host}?transport=tcp`,
        PARLEY_TURN_SECRET: secret,
        PARLEY_TURN_TTL_SECONDS: String(ttlSeconds),
        PARLEY_ICE_TRANSPORT_POLICY: "relay",
      },
    }),
  );
  const app = keep(await startAppServer({ partyHost: party.host }));
  const roomId = await createRoom(party.host);
  return {
    appUrl: app.url,
    join: (name: string) => joinedParticipant(browser(), app.url, roomId, name),
  };
}

/** The candidate types of each connected link's selected pair, as "local/remote". */
const selectedPairs = (page: Page) =>
  page.evaluate(async () => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const pairs: string[] = [];
    for (const pc of peerConnections.filter((p) => p.connectionState === "connected")) {
      const stats = await pc.getStats();
      stats.forEach(
        (report: {
          type: string;
          nominated?: boolean;
          state?: string;
          localCandidateId?: string;
          remoteCandidateId?: string;
        }) => {
          if (report.type !== "candidate-pair" || !report.nominated || report.state !== "succeeded") return;
          const local = stats.get(report.localCandidateId ?? "") as { candidateType?: string } | undefined;
          const remote = stats.get(report.remoteCandidateId ?? "") as { candidateType?: string } | undefined;
          pairs.push(`${local?.candidateType}/${remote?.candidateType}`);
        },
      );
    }
    return pairs;
  });

/** The kinds of address each of the page's peer connections has gathered to offer the other side. */
const gatheredKinds = (page: Page) =>
  page.evaluate(async () => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const kinds = new Set<string>();
    for (const pc of peerConnections.filter((p) => p.connectionState !== "closed")) {
      (await pc.getStats()).forEach((report: { type: string; candidateType?: string }) => {
        if (report.type === "local-candidate") kinds.add(report.candidateType ?? "?");
      });
    }
    return [...kinds];
  });

const REFUSED = "the relay server turned down this meeting's credentials";

describe("calls through a TURN relay (coturn)", () => {
  it("carry media with both browsers forced to relay candidates", async () => {
    const turn = keep(await startTurnServer({ secret: SECRET }));
    const { join } = await relayOnlyMeeting(turn);
    const [ada, bea] = [await join("Ada"), await join("Bea")];
    await expectRemoteVideosFlowing(ada, 1);
    await expectRemoteVideosFlowing(bea, 1);
    // Each browser sends only from its relay allocation, so media goes through the relay both ways.
    // Only the local end is checked: how a browser labels the other end depends on the order its
    // checks and the signaled candidates arrived in (a relay address has been reported as "host"),
    // and after an ICE restart a connection can list its previous generation's pair too.
    for (const page of [ada, bea]) {
      const pairs = await selectedPairs(page);
      expect(pairs.length).toBeGreaterThan(0);
      expect(new Set(pairs.map((pair) => pair.split("/")[0]))).toEqual(new Set(["relay"]));
      // Nor was a host address ever gathered, dialling ahead from the pre-join screen included.
      expect(await gatheredKinds(page)).toEqual(["relay"]);
    }
  });

  it("fails with a clear message when the room server's secret is not the relay's", async () => {
    const turn = keep(await startTurnServer({ secret: SECRET }));
    const { join } = await relayOnlyMeeting(turn, { secret: "not-the-relay-secret" });
    const [ada, bea] = [await join("Ada"), await join("Bea")];
    for (const page of [ada, bea]) {
      await expect.poll(() => alertText(page), { timeout: 20_000 }).toContain(REFUSED);
    }
  });

  it("fails with a clear message when the credentials have expired", async () => {
    const turn = keep(await startTurnServer({ secret: SECRET }));
    // Credentials that last a second: Ada's have expired by the time Bea calls and Ada must answer.
    const { join } = await relayOnlyMeeting(turn, { ttlSeconds: 1 });
    const ada = await join("Ada");
    await ada.waitForTimeout(2500);
    const bea = await join("Bea");
    await expect.poll(() => alertText(ada), { timeout: 20_000 }).toContain(`Can't reach Bea: ${REFUSED}`);
    expect(await selectedPairs(bea)).toEqual([]);
  });

  it("are checked by the connection check page, transport by transport", async () => {
    const turn = keep(await startTurnServer({ secret: SECRET }));
    const { appUrl } = await relayOnlyMeeting(turn);
    const page = await (await newParticipantContext(browser())).newPage();
    await page.goto(`${appUrl}/check`);
    const checks = page.getByRole("list", { name: "Checks" });
    await expect.poll(() => checks.getAttribute("aria-busy"), { timeout: 30_000 }).toBe("false");
    const verdict = async (label: string) =>
      (await checks.getByRole("listitem", { name: label }).textContent()) ?? "";
    expect(await verdict("Camera")).toContain("Your camera works.");
    expect(await verdict("Microphone")).toContain("Your microphone works.");
    expect(await verdict("Meeting server")).toContain("The meeting server answers.");
    expect(await verdict("Direct connections (STUN over UDP)")).toContain("Not set up");
    expect(await verdict("Relay over UDP")).toContain("The relay answers over UDP.");
    expect(await verdict("Relay over TCP")).toContain("The relay answers over TCP.");

    // With the relay gone, the check says so for each transport.
    await turn.stop();
    await page.getByRole("button", { name: "Check again" }).click();
    await expect.poll(() => checks.getAttribute("aria-busy"), { timeout: 30_000 }).toBe("false");
    expect(await verdict("Relay over UDP")).toContain("The relay can't be reached over UDP.");
    expect(await verdict("Relay over TCP")).toContain("The relay can't be reached over TCP.");
  });

  it("is reached only with credentials made from the shared secret (coturn's own check)", async () => {
    const turn = keep(await startTurnServer({ secret: SECRET }));
    const page = await (await browser().newContext()).newPage();
    await page.goto("about:blank");
    const gather = (username: string, credential: string) =>
      page.evaluate(
        async ({ url, username, credential }) => {
          const pc = new RTCPeerConnection({
            iceServers: [{ urls: url, username, credential }],
            iceTransportPolicy: "relay",
          });
          const found: string[] = [];
          const errors: number[] = [];
          pc.onicecandidate = (event) => event.candidate && found.push(event.candidate.type ?? "");
          pc.onicecandidateerror = (event) => errors.push(event.errorCode);
          pc.createDataChannel("probe");
          await pc.setLocalDescription();
          await new Promise((resolve) => setTimeout(resolve, 2000));
          pc.close();
          return { found, errors };
        },
        { url: `turn:${turn.host}?transport=udp`, username, credential },
      );
    const sign = (username: string, secret = SECRET) =>
      createHmac("sha1", secret).update(username).digest("base64");
    const valid = `${Math.floor(Date.now() / 1000) + 600}:p1`;
    const expired = `${Math.floor(Date.now() / 1000) - 60}:p1`;
    expect((await gather(valid, sign(valid))).found).toContain("relay");
    expect(await gather(expired, sign(expired))).toEqual({ found: [], errors: [401] });
    expect(await gather(valid, sign(valid, "guess"))).toEqual({ found: [], errors: [401] });
  });
});
