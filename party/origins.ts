/**
 * Which web pages may use the room server: Parley's own (PARLEY_APP_ORIGIN, one origin or several
 * separated by commas). Without that setting only pages served from this machine may (any port of
 * localhost, 127.0.0.1 or [::1]): what local development and the tests need, and nothing a deployed
 * server would accept from the internet.
 *
 * A request that carries no Origin is not a web page's (browsers send one on every POST and every
 * WebSocket): it is let through, and creating meetings that way is still rate-limited per address.
 * What the check stops is another site's page making a visitor's browser create or join meetings.
 */

export type OriginPolicy = (origin: string) => boolean;

/** What is read of a request here: PartyKit's and the platform's Request types both have it. */
export interface RequestHeaders {
  headers: { get(name: string): string | null };
}

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

export function readOriginPolicy(env: Record<string, unknown>): OriginPolicy {
  const configured = typeof env.PARLEY_APP_ORIGIN === "string" ? env.PARLEY_APP_ORIGIN.trim() : "";
  if (configured === "") return (origin) => LOOPBACK.test(origin);
  const allowed = new Set<string>();
  for (const entry of configured.split(",")) {
    const origin = entry.trim().replace(/\/+$/, "").toLowerCase();
    if (!ORIGIN.test(origin)) {
      // A typo here would lock the app out: say which entry, rather than run without it.
      throw new Error(
        `PARLEY_APP_ORIGIN must list origins such as https://parley.example.com, separated by commas; got "${entry.trim()}".`,
      );
    }
    allowed.add(origin);
  }
  return (origin) => allowed.has(origin.toLowerCase());
}

/** True when the request may go on: it comes from an allowed page, or from no page at all. */
export function originAllowed(request: RequestHeaders, policy: OriginPolicy): boolean {
  const origin = request.headers.get("Origin");
  return origin === null || policy(origin);
}

/**
 * What a browser needs to let an allowed page read the answer. A page from elsewhere gets no CORS
 * header at all, so its script can read nothing even of an answer it was sent.
 */
export function corsHeaders(request: RequestHeaders, policy: OriginPolicy): Record<string, string> {
  const origin = request.headers.get("Origin");
  if (origin === null || !policy(origin)) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Expose-Headers": "Retry-After",
    "Access-Control-Max-Age": "86400",
    Vary: "Origin",
  };
}
