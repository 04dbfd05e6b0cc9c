/**
 * `npm run dev`'s room server: the PartyKit dev server, and beside it a local Janus for large meetings
 * when Debian's `janus` is installed. Without it, meetings stay peer to peer with the mesh's cap.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { janusInstalled, newJanusSettings, roomServerVars, startJanus, type LocalJanus } from "./janus";

const ROOT = join(import.meta.dirname, "..");

async function main() {
  let janus: LocalJanus | null = null;
  if (janusInstalled()) {
    janus = await startJanus(newJanusSettings(8188, 8088, [20000, 20999]));
    console.log("Janus is running for large meetings (WebSockets on 127.0.0.1:8188).");
  } else {
    console.log(
      "Janus is not installed: meetings stay peer to peer. Install it with: sudo apt-get install janus",
    );
  }
  // Pages from another address (a phone on the same network) are allowed once listed here.
  const origins = process.env.PARLEY_APP_ORIGIN ? { PARLEY_APP_ORIGIN: process.env.PARLEY_APP_ORIGIN } : {};
  const vars = { ...(janus ? roomServerVars(janus.settings) : {}), ...origins };
  const party = spawn(
    join(ROOT, "node_modules", ".bin", "partykit"),
    [
      "dev",
      "--port",
      "1999",
      "--disable-request-cf-fetch",
      "--no-hotkeys",
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}=${value}`]),
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
  const stop = async () => {
    party.kill("SIGTERM");
    await janus?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  party.on("exit", () => void stop());
}

void main();
