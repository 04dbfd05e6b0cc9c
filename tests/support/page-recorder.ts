/**
 * What a test page records of itself, in either browser.
 * Plain JavaScript, not a serialized function, so that no compiler's helpers leak into the page.
 * It keeps each peer connection, each local track (a canvas's too), and the wall-clock time of each link's milestones
 * (for the benchmark's phase breakdown) on `window.__parley`.
 */
export const RECORDER_SCRIPT = `(() => {
  const peerConnections = [];
  const localTracks = [];
  const dataChannels = [];
  const sockets = [];
  const cspViolations = [];
  const milestones = [];
  document.addEventListener("securitypolicyviolation", (event) =>
    cspViolations.push(event.violatedDirective + " " + event.blockedURI),
  );
  const note = (event) => milestones.push({ event, at: performance.timeOrigin + performance.now() });
  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(config) {
      super(config);
      peerConnections.push(this);
      note("created");
      this.addEventListener("signalingstatechange", () => note("signaling:" + this.signalingState));
      this.addEventListener("iceconnectionstatechange", () => note("ice:" + this.iceConnectionState));
      this.addEventListener("connectionstatechange", () => note("connection:" + this.connectionState));
      this.addEventListener("track", (event) => note("track:" + event.track.kind));
      this.addEventListener("datachannel", (event) => dataChannels.push(event.channel));
    }
    createDataChannel(...args) {
      const channel = super.createDataChannel(...args);
      dataChannels.push(channel);
      return channel;
    }
  };
  const messageType = (data) => (/"type":"(\\w+)"/.exec(String(data)) || [])[1];
  const NativeWebSocket = window.WebSocket;
  let socketsBlockedUntil = 0;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      sockets.push(this);
      this.addEventListener("message", (event) => note("ws-in:" + messageType(event.data)));
      // A network that lets no connection to the server through, for now.
      if (Date.now() < socketsBlockedUntil) this.close();
    }
    send(data) {
      note("ws-out:" + messageType(data));
      super.send(data);
    }
  };
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    localTracks.push(...stream.getTracks());
    return stream;
  };
  const captureStream = HTMLCanvasElement.prototype.captureStream;
  HTMLCanvasElement.prototype.captureStream = function (...args) {
    const stream = captureStream.apply(this, args);
    localTracks.push(...stream.getTracks());
    return stream;
  };
  // Cuts the page off from the room server for ms: its connections close, and new ones fail.
  const blockSockets = (ms) => {
    socketsBlockedUntil = Date.now() + ms;
    for (const socket of sockets) if (socket.readyState <= 1) socket.close();
  };
  window.__parley = { peerConnections, localTracks, dataChannels, sockets, cspViolations, milestones, blockSockets };
})();`;
