/**
 * Glare in real Chromium: the app's own negotiation core (PeerLink, bundled for the page), two links
 * in one page wired back to back, both sides renegotiating at the same moment, round after round.
 */
import { build } from "esbuild";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { sharedChromium } from "../support/e2e-browser";

const appUrl = inject("appUrl");
const browser = sharedChromium();
let peerLinkBundle = "";

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, "..", "..", "lib", "rtc", "peer-link.ts")],
    bundle: true,
    format: "iife",
    globalName: "ParleyRtc",
    write: false,
    logLevel: "silent",
  });
  peerLinkBundle = result.outputFiles[0]?.text ?? "";
});

/** Plain JavaScript for the page, so no compiler helper leaks in. */
const GLARE_ROUNDS = `(async (rounds) => {
  const { PeerLink } = window.ParleyRtc;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const links = {};
  const errors = [];
  const screens = {};
  const make = (role, other) => (links[role] = new PeerLink({
    polite: role === "polite",
    ice: { iceServers: [], iceTransportPolicy: "all" },
    localStream: camera.clone(),
    sendSignal: (payload) => {
      const onTheWire = JSON.stringify(payload);
      setTimeout(() => links[other].handleSignal(JSON.parse(onTheWire)), 2);
    },
    onRemoteStream: () => {},
    onRemoteScreen: (stream) => (screens[role] = stream),
    onStatusChange: () => {},
    onError: (error) => errors.push(role + ": " + error.message),
  }));
  make("polite", "impolite");
  make("impolite", "polite");
  const settled = () => ["polite", "impolite"].every((role) =>
    links[role].pc.signalingState === "stable" && links[role].pc.connectionState === "connected");
  const waitFor = async (check) => {
    for (let i = 0; i < 200 && !check(); i++) await sleep(50);
    return check();
  };
  links.polite.start();
  const converged = [await waitFor(settled)];
  for (let round = 0; round < rounds; round++) {
    const share = await navigator.mediaDevices.getUserMedia({ video: true });
    // Both sides change the call at the same moment: a new screen line each, and an ICE restart.
    links.polite.setScreen(share.clone());
    links.impolite.setScreen(share.clone());
    links.polite.pc.restartIce();
    links.impolite.pc.restartIce();
    converged.push(await waitFor(() => settled() && Boolean(screens.polite && screens.impolite)));
    links.polite.setScreen(null);
    links.impolite.setScreen(null);
    converged.push(await waitFor(() => settled() && !screens.polite && !screens.impolite));
    share.getTracks().forEach((track) => track.stop());
  }
  let framesDecoded = 0;
  (await links.polite.pc.getStats()).forEach((report) => {
    if (report.type === "inbound-rtp" && report.kind === "video") framesDecoded += report.framesDecoded || 0;
  });
  links.polite.close();
  links.impolite.close();
  camera.getTracks().forEach((track) => track.stop());
  return { converged, errors, framesDecoded };
})`;

describe("perfect negotiation in Chromium", () => {
  it("converges in every round of both sides renegotiating at once, with media flowing", async () => {
    const page = await (await newParticipantContext(browser())).newPage();
    // Any page of the app: a secure origin for the camera, under the app's content policy.
    await page.goto(`${appUrl}/nowhere`);
    await page.addScriptTag({ content: peerLinkBundle });
    const result = (await page.evaluate(`${GLARE_ROUNDS}(5)`)) as {
      converged: boolean[];
      errors: string[];
      framesDecoded: number;
    };
    expect(result.converged).toEqual(Array(11).fill(true));
    expect(result.errors).toEqual([]);
    expect(result.framesDecoded).toBeGreaterThan(0);
  });
});
