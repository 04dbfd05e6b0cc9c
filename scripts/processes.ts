/** Child processes of the dev server, the tests and the benchmarks: started in a group of their own, stopped whole. */
import { spawn, type ChildProcess } from "node:child_process";
import { isMainThread } from "node:worker_threads";

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Every group started here and not yet stopped. They are started detached (to be stopped whole), so
 * they would outlive this process, adopted by init, if it ended without stopping them: a bench whose
 * cleanup threw half-way, an uncaught error, Ctrl-C. Whichever way it ends, they go with it (all but
 * SIGKILL, which no process can answer).
 */
const running = new Set<number>();
let watchingExit = false;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function stopEverything(): void {
  for (const pid of running) signalGroup(pid, "SIGKILL");
  running.clear();
}

function watchExit(): void {
  if (watchingExit) return;
  watchingExit = true;
  process.once("exit", stopEverything);
  // Signals reach only a process's main thread.
  if (!isMainThread) return;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      stopEverything();
      // Unless someone else handles it (a test runner), the signal ends the process as it would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts a program in its own process group, so stopping it also stops what it started (workerd,
 * Next's workers), keeping its last output to say why if it fails.
 */
export function launchProcess(
  command: string,
  args: string[],
  { cwd, env = {} }: { cwd?: string; env?: Record<string, string> } = {},
): ChildProcess {
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  if (child.pid) {
    running.add(child.pid);
    watchExit();
  }
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  Object.assign(child, { recentOutput: () => output.join("") });
  return child;
}

export function recentOutput(child: ChildProcess): string {
  return (child as ChildProcess & { recentOutput?: () => string }).recentOutput?.() ?? "";
}

/**
 * SIGTERM to the whole group, SIGKILL after 5 s; resolves once it has exited. Whatever it started
 * that is still in its group goes too, even if it had exited by itself.
 */
export async function stopProcess(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  if (!hasExited(child)) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signalGroup(pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  signalGroup(pid, "SIGKILL");
  running.delete(pid);
}
