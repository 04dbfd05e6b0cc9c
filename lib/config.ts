/**
 * Runtime configuration of the app, read on the server for each request, so one build runs against
 * any room server. ICE servers are not here: the room server hands them out (TURN credentials only to
 * participants), so nothing of them is fixed in the app.
 */

export interface ClientConfig {
  partyHost: string;
  /** The SFU large meetings use (PARLEY_SFU_URL, as the room server has it): the page may connect to it. */
  sfuUrl: string | null;
}

const DEFAULT_PARTY_HOST = "127.0.0.1:1999";
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;
const SFU_URL = /^wss?:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[\w./-]*)?$/i;

export function readClientConfig(env: Record<string, string | undefined> = process.env): ClientConfig {
  const host = env.PARLEY_PARTY_HOST?.trim()
    .replace(/^(https?|wss?):\/\//i, "")
    .replace(/\/+$/, "");
  if (host && !HOST.test(host)) {
    // Falling back would send every browser to its own loopback: refuse loudly instead.
    throw new Error(
      `PARLEY_PARTY_HOST must be host or host:port, such as parley.example.partykit.dev; got "${host}".`,
    );
  }
  const sfuUrl = env.PARLEY_SFU_URL?.trim() || null;
  if (sfuUrl && !SFU_URL.test(sfuUrl)) {
    throw new Error(
      `PARLEY_SFU_URL must be a ws:// or wss:// URL, such as wss://sfu.example.com/janus; got "${sfuUrl}".`,
    );
  }
  return { partyHost: host || DEFAULT_PARTY_HOST, sfuUrl };
}
