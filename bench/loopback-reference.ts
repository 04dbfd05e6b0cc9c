/**
 * The floor for call setup on this machine: one page holding both peer connections, no server at all,
 * signaling by direct method calls. Timed from the start of negotiation (camera already open) until
 * each side's <video> has rendered the other's first frame, as the call-setup benchmark times Parley.
 * Plain JavaScript in a string, so that no compiler helper leaks into the page.
 */
import type { Page } from "playwright-core";

const LOOPBACK_SETUP = `(async () => {
  const constraints = { audio: true, video: { width: 640, height: 480 } };
  const cameraA = await navigator.mediaDevices.getUserMedia(constraints);
  const cameraB = await navigator.mediaDevices.getUserMedia(constraints);
  const start = performance.now();
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (event) => event.candidate && b.addIceCandidate(event.candidate);
  b.onicecandidate = (event) => event.candidate && a.addIceCandidate(event.candidate);
  const firstFrame = (pc) => new Promise((resolve) => {
    pc.ontrack = (event) => {
      if (event.track.kind !== "video") return;
      const video = document.createElement("video");
      video.muted = true;
      video.autoplay = true;
      video.srcObject = new MediaStream([event.track]);
      document.body.append(video);
      video.requestVideoFrameCallback(() => resolve(performance.now()));
    };
  });
  const frames = Promise.all([firstFrame(a), firstFrame(b)]);
  const connected = (pc) => new Promise((resolve) => {
    pc.onconnectionstatechange = () => pc.connectionState === "connected" && resolve(performance.now());
  });
  const connections = Promise.all([connected(a), connected(b)]);
  cameraA.getTracks().forEach((track) => a.addTrack(track, cameraA));
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  cameraB.getTracks().forEach((track) => b.addTrack(track, cameraB));
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  const done = Math.max(...(await frames));
  const connectedAt = Math.max(...(await connections));
  a.close();
  b.close();
  [...cameraA.getTracks(), ...cameraB.getTracks()].forEach((track) => track.stop());
  document.querySelectorAll("video").forEach((video) => video.remove());
  return { connected: connectedAt - start, firstFrames: done - start };
})()`;

/** Milliseconds from the start of negotiation until both sides are connected, and have a frame. */
export function measureLoopbackSetup(page: Page): Promise<{ connected: number; firstFrames: number }> {
  return page.evaluate(LOOPBACK_SETUP) as Promise<{ connected: number; firstFrames: number }>;
}

/**
 * The floor for data-channel throughput: one page, two peer connections, one channel, the same chunk
 * size and buffer bounds as Parley's file transfer, and none of its work (reading, hashing, storing).
 */
const RAW_CHANNEL_THROUGHPUT = `(async (megabytes, chunkBytes, highWater, lowWater) => {
  const total = megabytes * 1024 * 1024;
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (event) => event.candidate && b.addIceCandidate(event.candidate);
  b.onicecandidate = (event) => event.candidate && a.addIceCandidate(event.candidate);
  const channel = a.createDataChannel("floor");
  const received = new Promise((resolve) => {
    b.ondatachannel = ({ channel: incoming }) => {
      incoming.binaryType = "arraybuffer";
      let bytes = 0;
      incoming.onmessage = (message) => {
        bytes += message.data.byteLength;
        if (bytes >= total) resolve();
      };
    };
  });
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  await new Promise((resolve) => (channel.onopen = resolve));
  channel.bufferedAmountLowThreshold = lowWater;
  const chunk = new Uint8Array(chunkBytes);
  const start = performance.now();
  for (let sent = 0; sent < total; sent += chunkBytes) {
    if (channel.bufferedAmount > highWater) {
      await new Promise((resolve) => (channel.onbufferedamountlow = resolve));
    }
    channel.send(chunk);
  }
  await received;
  const seconds = (performance.now() - start) / 1000;
  a.close();
  b.close();
  return megabytes / seconds;
})`;

export function measureRawChannelThroughput(
  page: Page,
  megabytes: number,
  { chunkBytes, highWater, lowWater }: { chunkBytes: number; highWater: number; lowWater: number },
): Promise<number> {
  return page.evaluate(
    `${RAW_CHANNEL_THROUGHPUT}(${megabytes}, ${chunkBytes}, ${highWater}, ${lowWater})`,
  ) as Promise<number>;
}
