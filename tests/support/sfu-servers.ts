/** A real Janus beside the room server and the app, for the tests of meetings on the SFU. */
import { afterAll, beforeAll } from "vitest";
import {
  newJanusSettings,
  roomServerVars,
  startJanus,
  type JanusSettings,
  type LocalJanus,
} from "../../scripts/janus";
import { ensureDebianPackage } from "./debian-packages";
import { freePort, startAppServer, startPartyServer, type RunningServer } from "./servers";

export async function startLocalJanus(settings?: JanusSettings): Promise<LocalJanus> {
  ensureDebianPackage("/usr/bin/janus", "janus", "The SFU tests");
  return startJanus(settings ?? newJanusSettings(await freePort(), await freePort(), [30000, 30999]));
}

export interface SfuServers {
  janus: () => LocalJanus;
  party: () => RunningServer;
  app: () => RunningServer;
  /** Stops Janus as a crash would, and starts it again with the same settings. */
  restartJanus: () => Promise<void>;
}

/** Janus, a room server that moves meetings past `meshMax` people to it, and the app, for one test file. */
export function sfuServers({
  meshMax = 4,
  vars = {},
}: { meshMax?: number; vars?: Record<string, string> } = {}): SfuServers {
  let janus: LocalJanus | undefined;
  let party: RunningServer | undefined;
  let app: RunningServer | undefined;
  beforeAll(async () => {
    janus = await startLocalJanus();
    const sfuVars = roomServerVars(janus.settings, meshMax);
    party = await startPartyServer({ vars: { ...sfuVars, ...vars } });
    app = await startAppServer({
      partyHost: party.host,
      env: { PARLEY_SFU_URL: sfuVars.PARLEY_SFU_URL ?? "" },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await party?.stop();
    await janus?.stop();
  });
  const running = <T>(server: T | undefined) => {
    if (!server) throw new Error("The servers are not running yet.");
    return server;
  };
  return {
    janus: () => running(janus),
    party: () => running(party),
    app: () => running(app),
    restartJanus: async () => {
      const settings = running(janus).settings;
      await running(janus).stop();
      janus = await startJanus(settings);
    },
  };
}
