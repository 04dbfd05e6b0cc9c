/**
 * Runs the negotiation tests. @roamhq/wrtc (libwebrtc for Node) can crash its whole process while a
 * closed connection's threads wind down, whatever the test was doing: a run whose only problem is
 * such a crash runs once more, and says so. A run in which a test failed is never run again.
 */
import { spawnSync } from "node:child_process";

const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

function run(): { status: number; output: string } {
  const result = spawnSync("npx", ["vitest", "run", "--project", "negotiation"], { encoding: "utf8" });
  // The tests' warnings first, then what they did and the summary, so that the summary comes last.
  process.stderr.write(result.stderr);
  process.stdout.write(result.stdout);
  return { status: result.status ?? 1, output: plain(result.stdout + result.stderr) };
}

const first = run();
const crashed = /Worker exited unexpectedly/.test(first.output);
const failed = /Tests\s+\d+ failed/.test(first.output);
if (first.status !== 0 && crashed && !failed) {
  console.log(
    "\nThe libwebrtc binding crashed its test process (no test failed): running the negotiation tests again.\n",
  );
  process.exit(run().status);
}
process.exit(first.status);
