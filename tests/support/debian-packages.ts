/**
 * Programs the tests need from Debian's packages (Chromium, coturn). Never downloads anything else:
 * a missing one is installed with apt-get when the run is root, and otherwise the test stops with the
 * exact command to run.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensureDebianPackage(program: string, debianPackage: string, purpose: string): string {
  if (existsSync(program)) return program;
  const command = `sudo apt-get update && sudo apt-get install -y ${debianPackage}`;
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) throw new Error(`${purpose} needs ${debianPackage}. Install it with: ${command}`);
  console.log(`${debianPackage} is missing; installing Debian's package...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", debianPackage], { stdio: "inherit", env });
  if (!existsSync(program))
    throw new Error(`Installing ${debianPackage} failed. Install it with: ${command}`);
  return program;
}
