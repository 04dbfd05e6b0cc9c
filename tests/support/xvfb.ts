/** A virtual display (Debian's Xvfb) for a browser that needs one: headless Firefox cannot share a screen. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { ensureDebianPackage } from "./debian-packages";

export interface VirtualDisplay {
  /** For the DISPLAY variable: ":93". */
  display: string;
  stop(): void;
}

export async function startXvfb(): Promise<VirtualDisplay> {
  const xvfb = ensureDebianPackage("/usr/bin/Xvfb", "xvfb", "Sharing a screen from Firefox");
  // The first display number nobody holds (an X server keeps a lock file while it runs).
  const number = [...Array(40).keys()].map((n) => n + 90).find((n) => !existsSync(`/tmp/.X${n}-lock`));
  if (number === undefined) throw new Error("No free X display number between :90 and :129.");
  const child = spawn(xvfb, [`:${number}`, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {
    stdio: "ignore",
  });
  const display = `:${number}`;
  for (let tries = 0; tries < 100 && !existsSync(`/tmp/.X11-unix/X${number}`); tries++) {
    if (child.exitCode !== null) throw new Error(`Xvfb exited with code ${child.exitCode}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { display, stop: () => child.kill("SIGTERM") };
}
