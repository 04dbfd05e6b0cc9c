import type { TestProject } from "vitest/node";
import { startPartyServer } from "../support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    partyHost: string;
  }
}

export default async function setup(project: TestProject) {
  const party = await startPartyServer({ capacity: 6 });
  project.provide("partyHost", party.host);
  return () => party.stop();
}
