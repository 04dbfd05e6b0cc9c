import type { TestProject } from "vitest/node";
import { ensureChromium } from "../support/chromium";
import { startAppServer, startPartyServer } from "../support/servers";

declare module "vitest" {
  export interface ProvidedContext {
    partyHost: string;
    appUrl: string;
  }
}

export default async function setup(project: TestProject) {
  ensureChromium();
  const party = await startPartyServer({ capacity: 6 });
  const app = await startAppServer({ partyHost: party.host }).catch(async (error: unknown) => {
    await party.stop();
    throw error;
  });
  project.provide("partyHost", party.host);
  project.provide("appUrl", app.url);
  return async () => {
    await app.stop();
    await party.stop();
  };
}
