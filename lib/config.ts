/**
 * Runtime configuration, read on the server for each request, so one build runs against any room
 * server and any ICE servers. Nothing here is secret: all of it is handed to the browser.
 */

export interface ClientConfig {
  partyHost: string;
  iceServers: RTCIceServer[];
}

const DEFAULT_PARTY_HOST = "127.0.0.1:1999";
const DEFAULT_STUN_URLS = "stun:stun.cloudflare.com:3478";
const STUN_URL = /^stuns?:[^\s,]+$/;
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

export function readClientConfig(env: Record<string, string | undefined> = process.env): ClientConfig {
  const host = env.PARLEY_PARTY_HOST?.trim()
    .replace(/^(https?|wss?):\/\//i, "")
    .replace(/\/+$/, "");
  const stunUrls = (env.PARLEY_STUN_URLS ?? DEFAULT_STUN_URLS)
    .split(",")
    .map((url) => url.trim())
    .filter((url) => STUN_URL.test(url));
  if (host && !HOST.test(host)) {
    // Falling back would send every browser to its own loopback: refuse loudly instead.
    throw new Error(
      `PARLEY_PARTY_HOST must be host or host:port, such as parley.example.partykit.dev; got "${host}".`,
    );
  }
  return {
    partyHost: host || DEFAULT_PARTY_HOST,
    iceServers: stunUrls.length > 0 ? [{ urls: stunUrls }] : [],
  };
}
