/**
 * A test or bench that ends, passes or fails, leaves no server behind: the servers it started go with
 * it however it ends. A real `partykit dev` (and the workerd it starts) in each case.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/** The ids of the processes in process group `group`, from /proc. */
function membersOf(group: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After the command's closing parenthesis: state, parent, process group.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === group) members.push(Number(entry));
    } catch {
      // Gone while being read.
    }
  }
  return members;
}

/** The process group of the server listening on `port`: its leader's command line names the port. */
function groupServing(port: number): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      const at = args.indexOf("--port");
      if (at !== -1 && args[at + 1] === String(port) && args.includes("dev")) return Number(entry);
    } catch {
      // Gone while being read.
    }
  }
  return null;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** Runs the helper script until its server is up: the script, the port and the server's group. */
async function startAndWait(
  how: string,
  scripts: ChildProcess[],
): Promise<{ script: ChildProcess; port: number; group: number }> {
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const script = spawn(tsx, ["tests/support/server-then-exit.ts", how], { cwd: ROOT, stdio: "pipe" });
  scripts.push(script);
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`No server within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\d+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      resolve(Number(ready[1]));
    };
    script.stdout?.on("data", read);
    script.stderr?.on("data", read);
  });
  const group = groupServing(port);
  if (group === null) throw new Error(`No process serves port ${port}`);
  return { script, port, group };
}

const ended = (script: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (script.exitCode !== null || script.signalCode !== null) resolve();
    else script.once("exit", () => resolve());
  });

type Ending = [how: string, end: (script: ChildProcess) => void];

async function checkEnding([how, end]: Ending, scripts: ChildProcess[]): Promise<void> {
  const { script, port, group } = await startAndWait(how, scripts);
  // Up and serving, so that "gone" below can fail.
  expect(membersOf(group).length).toBeGreaterThan(0);
  expect(await listening(port)).toBe(true);
  end(script);
  await ended(script);
  await expect.poll(() => membersOf(group), { timeout: 10_000 }).toEqual([]);
  expect(await listening(port)).toBe(false);
}

describe("servers started for tests and benches", () => {
  it("go when the process exits, throws, or is stopped by SIGTERM or Ctrl-C, without stopping them", async () => {
    const endings: Ending[] = [
      ["exit", (script) => script.stdin?.write("end\n")],
      ["throw", (script) => script.stdin?.write("end\n")],
      ["wait", (script) => script.kill("SIGTERM")],
      ["wait", (script) => script.kill("SIGINT")],
    ];
    const scripts: ChildProcess[] = [];
    try {
      await Promise.all(endings.map((ending) => checkEnding(ending, scripts)));
    } finally {
      // A failed check must not leave its script, and so its server, running: SIGTERM is handled.
      for (const script of scripts)
        if (script.exitCode === null && script.signalCode === null) script.kill("SIGTERM");
    }
  }, 120_000);
});
