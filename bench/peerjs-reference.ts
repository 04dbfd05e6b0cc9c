/**
 * The reference for call setup: PeerJS (the client) with its PeerServer, as a peer-to-peer library
 * that does far less than Parley. B presses a button that calls A; A answers automatically with its
 * camera. Timed from B's click until both have rendered the other's first frame, as Parley is timed.
 * Nothing of it is in the app: `peerjs` and `peer` are dev dependencies of this benchmark.
 */
import { createRequire } from "node:module";
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { armedTime, armValue } from "./page-waits";
import { newParticipantContext } from "../tests/support/chromium";
import { freePort, startPeerServer } from "../tests/support/servers";

const require = createRequire(import.meta.url);
const PEERJS_SCRIPT = readFileSync(require.resolve("peerjs/dist/peerjs.min.js"), "utf8");

/**
 * Runs in each page, after the PeerJS script: opens the camera, registers as `id`, and shows the
 * other's video, noting when its first frame is rendered. The caller also gets a Call button.
 */
const SETUP = `async ({ id, callee, host, port }) => {
  const camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  const peer = new window.peerjs.Peer(id, { host, port, path: "/", config: { iceServers: [] }, debug: 0 });
  await new Promise((resolve, reject) => { peer.on("open", resolve); peer.on("error", reject); });
  const show = (call) => call.on("stream", (remote) => {
    const video = document.createElement("video");
    video.muted = true;
    video.autoplay = true;
    video.srcObject = remote;
    document.body.append(video);
    video.requestVideoFrameCallback(() => (window.firstFrameAt = performance.timeOrigin + performance.now()));
  });
  peer.on("call", (call) => { call.answer(camera); show(call); });
  if (!callee) return;
  const button = document.createElement("button");
  button.textContent = "Call";
  button.onclick = (event) => {
    window.clickedAt = performance.timeOrigin + event.timeStamp;
    show(peer.call(callee, camera));
  };
  document.body.append(button);
}`;

export interface PeerjsReference {
  /** One call: milliseconds from the click until both have the other's first frame. */
  measure(): Promise<number>;
  close(): Promise<void>;
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

export async function startPeerjsReference(browser: Browser): Promise<PeerjsReference> {
  const signaling = await startPeerServer();
  // An empty page of its own origin (loopback http is a secure context: cameras are allowed).
  const pagePort = await freePort();
  const pages = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end("<!doctype html><title>PeerJS reference</title>");
  });
  await new Promise<void>((resolve) => pages.listen(pagePort, "127.0.0.1", resolve));
  const [a, b] = (await Promise.all(
    [0, 1].map(async () => (await newParticipantContext(browser)).newPage()),
  )) as [Page, Page];
  let run = 0;

  return {
    async measure() {
      run += 1;
      const [callee, caller] = [`a-${run}-${Date.now()}`, `b-${run}-${Date.now()}`];
      for (const [page, id, calls] of [
        [a, callee, null],
        [b, caller, callee],
      ] as const) {
        await page.goto(`http://127.0.0.1:${pagePort}/`);
        await page.addScriptTag({ content: PEERJS_SCRIPT });
        await page.evaluate(
          `(${SETUP})(${JSON.stringify({ id, callee: calls, host: "127.0.0.1", port: signaling.port })})`,
        );
      }
      await Promise.all([armValue(a, "firstFrameAt"), armValue(b, "firstFrameAt"), armValue(b, "clickedAt")]);
      await b.getByRole("button", { name: "Call" }).click();
      const [clicked, aFrame, bFrame] = await Promise.all([
        armedTime(b, "clickedAt"),
        armedTime(a, "firstFrameAt"),
        armedTime(b, "firstFrameAt"),
      ]);
      // The call ends before anything else is measured: left up, its encoders and decoders would
      // load the machine under the next measurement.
      await Promise.all([a.goto("about:blank"), b.goto("about:blank")]);
      return Math.max(aFrame, bFrame) - clicked;
    },
    async close() {
      await Promise.all([a.context().close(), b.context().close()]);
      await Promise.all([closeServer(pages), signaling.stop()]);
    },
  };
}
