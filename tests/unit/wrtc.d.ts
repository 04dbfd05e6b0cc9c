declare module "@roamhq/wrtc" {
  const wrtc: {
    RTCPeerConnection: typeof RTCPeerConnection;
    MediaStream: typeof MediaStream;
    nonstandard: {
      RTCVideoSource: new () => { createTrack(): MediaStreamTrack };
      RTCAudioSource: new () => { createTrack(): MediaStreamTrack };
    };
  };
  export default wrtc;
}
