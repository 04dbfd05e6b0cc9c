/**
 * Data-channel throughput: a 200 MB file from one participant to another through the app's own file
 * transfer (chunking, backpressure, SHA-256 on both ends), real Chromium on loopback. Timed from the
 * receiver's "Accept" to its "Save" link, so it includes verifying the hash. Sizes in MiB.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin, sendFileFrom, transferItem } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { HIGH_WATER_BYTES, LOW_WATER_BYTES } from "../lib/files/channel";
import { CHUNK_BYTES } from "../lib/files/send-file";
import { measureRawChannelThroughput } from "./loopback-reference";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_FILE_RUNS ?? 5);
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 200);

async function main() {
  const folder = await mkdtemp(join(tmpdir(), "parley-bench-"));
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  try {
    const [sender, receiver] = await Promise.all([
      newParticipantContext(browser).then((context) => context.newPage()),
      newParticipantContext(browser).then((context) => context.newPage()),
    ]);
    const roomId = await createRoom(party.host);
    for (const [page, name] of [
      [sender, "Sender"],
      [receiver, "Receiver"],
    ] as const) {
      await page.goto(`${app.url}/room/${roomId}`);
      await joinFromPreJoin(page, name);
    }
    const rates: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const name = `run-${run}.bin`;
      const path = join(folder, name);
      await writeFile(path, randomBytes(FILE_MB * 1024 * 1024));
      await sendFileFrom(sender, path, "Receiver");
      const accept = transferItem(receiver, name).getByRole("button", { name: `Accept ${name}` });
      await accept.waitFor({ timeout: 20_000 });
      const started = performance.now();
      await accept.click();
      await receiver.getByRole("link", { name: `Save ${name}` }).waitFor({ timeout: 300_000 });
      const seconds = (performance.now() - started) / 1000;
      const rate = FILE_MB / seconds;
      rates.push(rate);
      console.log(`run ${run}: ${FILE_MB} MB in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} MB/s`);
      await rm(path);
      // Let go of the received copy before the next run.
      await transferItem(receiver, name)
        .getByRole("button", { name: `Remove ${name} from the list` })
        .click();
    }
    console.log(summarize(`file transfer throughput (${FILE_MB} MB)`, rates, " MB/s"));

    const floor: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      floor.push(
        await measureRawChannelThroughput(sender, FILE_MB, {
          chunkBytes: CHUNK_BYTES,
          highWater: HIGH_WATER_BYTES,
          lowWater: LOW_WATER_BYTES,
        }),
      );
    }
    console.log(summarize("floor: one raw data channel in one page, no file work", floor, " MB/s"));
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
