import type { TestProject } from "vitest/node";
import { startPartyServer } from "../support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    partyHost: string;
    turnSecret: string;
  }
}

/** TURN is configured (no TURN server needs to run for the credentials to be checked). */
const TURN_SECRET = "integration-turn-secret";

export default async function setup(project: TestProject) {
  const party = await startPartyServer({
    capacity: 6,
    vars: {
      PARLEY_STUN_URLS: "stun:stun.test:3478",
      PARLEY_TURN_URLS: "turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp",
      PARLEY_TURN_SECRET: TURN_SECRET,
      PARLEY_TURN_TTL_SECONDS: "600",
    },
  });
  project.provide("partyHost", party.host);
  project.provide("turnSecret", TURN_SECRET);
  return () => party.stop();
}
