/**
 * Sets the content policy on every response. It names the room server, which is configured when the
 * app runs (PARLEY_PARTY_HOST), not when it is built, so it is made here rather than in next.config.
 */
import { NextResponse } from "next/server";
import { readClientConfig } from "./lib/config";
import { contentSecurityPolicy } from "./lib/content-security-policy";

const development = process.env.NODE_ENV === "development";

export function proxy(): NextResponse {
  const response = NextResponse.next();
  const { partyHost, sfuUrl } = readClientConfig();
  response.headers.set("Content-Security-Policy", contentSecurityPolicy(partyHost, { development, sfuUrl }));
  return response;
}
