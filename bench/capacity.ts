/**
 * How much one local room server (`partykit dev`) holds:
 * 1. concurrent connections: 1,000 participants across 250 meetings, joined and kept for a while
 *    (heartbeats running), counting any the server dropped;
 * 2. messages per second into one meeting before the relay's median latency doubles, stepping the
 *    rate up with 49 participants sending (each within its own rate limit; 50 is the largest room).
 */
import { createRoom, RoomClient } from "../tests/support/room-client";
import { startPartyServer } from "../tests/support/servers";
import { median } from "./stats";

const MEETINGS = Number(process.env.BENCH_CAPACITY_MEETINGS ?? 250);
const PER_MEETING = 4;
const HOLD_SECONDS = Number(process.env.BENCH_CAPACITY_HOLD ?? 20);
const SENDERS = 49;
const RATES = [100, 200, 400, 800, 1200, 1600, 2000, 2400];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connections(): Promise<void> {
  const party = await startPartyServer();
  const clients: RoomClient[] = [];
  try {
    const started = performance.now();
    for (let m = 0; m < MEETINGS; m++) {
      const roomId = await createRoom(party.host);
      const joined = Array.from({ length: PER_MEETING }, async (_, p) => {
        const client = await RoomClient.connect(party.host, roomId);
        clients.push(client);
        await client.join(`P${p}`);
      });
      await Promise.all(joined);
    }
    const opened = (performance.now() - started) / 1000;
    await sleep(HOLD_SECONDS * 1000);
    const dropped = clients.filter((client) => client.closeCode !== null).length;
    console.log(
      `connections: ${clients.length} joined across ${MEETINGS} meetings in ${opened.toFixed(1)} s; ` +
        `after ${HOLD_SECONDS} s, ${dropped} dropped`,
    );
  } finally {
    clients.forEach((client) => client.close());
    await party.stop();
  }
}

async function oneMeetingRate(): Promise<void> {
  const party = await startPartyServer({ capacity: SENDERS + 1 });
  const clients: RoomClient[] = [];
  try {
    const roomId = await createRoom(party.host);
    const ids: string[] = [];
    const latencies: number[] = [];
    for (let p = 0; p <= SENDERS; p++) {
      const client = await RoomClient.connect(party.host, roomId);
      clients.push(client);
      ids.push((await client.join(`P${p}`)).id);
      client.socket.on("message", (data) => {
        const match = /sent:([\d.]+)/.exec(data.toString());
        if (match) latencies.push(performance.now() - Number(match[1]));
      });
    }
    let baseline = NaN;
    for (const rate of RATES) {
      latencies.length = 0;
      const total = rate * 3;
      const started = performance.now();
      for (let n = 0; n < total; n++) {
        const from = clients[n % SENDERS];
        const to = ids[(n % SENDERS) + 1];
        const payload = { kind: "candidate", candidate: { candidate: `sent:${performance.now()}` } };
        from?.send({ type: "signal", to, fromLink: "bench-link-01", payload });
        const wait = started + ((n + 1) * 1000) / rate - performance.now();
        if (wait > 1) await sleep(wait);
      }
      await sleep(500);
      const p50 = median(latencies);
      if (Number.isNaN(baseline)) baseline = p50;
      console.log(
        `one meeting at ${rate} msg/s: median ${p50.toFixed(2)} ms, ${latencies.length}/${total} delivered`,
      );
      if (p50 > baseline * 2) {
        console.log(`median latency doubled at ${rate} msg/s into one meeting`);
        return;
      }
    }
    console.log(`median latency had not doubled at ${RATES.at(-1)} msg/s into one meeting`);
  } finally {
    clients.forEach((client) => client.close());
    await party.stop();
  }
}

await connections();
await oneMeetingRate();
