/** One DTLS certificate per page, made while the person is still on the pre-join screen. */
export async function createCertificate(): Promise<RTCCertificate> {
  return RTCPeerConnection.generateCertificate({ name: "ECDSA", namedCurve: "P-256" } as EcKeyGenParams);
}
