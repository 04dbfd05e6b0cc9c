/**
 * Runtime configuration of the app, read on the server for each request, so one build runs against
 * any room server. ICE servers are not here: the room server hands them out (TURN credentials only to
 * participants), so nothing of them is fixed in the app.
 */

export interface ClientConfig {
  partyHost: string;
}

const DEFAULT_PARTY_HOST = "127.0.0.1:1999";
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$/i;

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
  return { partyHost: host || DEFAULT_PARTY_HOST };
}
