/**
 * Signaling relay latency: one-way, from a participant's send to the target's receipt, through the
 * real room server (`partykit dev`) with 100 meetings of 4 participants exchanging 500 messages per
 * second in total; and, as the floor, the same traffic through a bare `ws` relay in this process.
 */
import { createServer } from "node:http";
import WebSocket, { WebSocketServer } from "ws";
import { PROTOCOL_VERSION } from "../lib/protocol";
import { createRoom, RoomClient } from "../tests/support/room-client";
import { startPartyServer } from "../tests/support/servers";
import { summarize } from "./stats";

const ROOMS = Number(process.env.BENCH_RELAY_ROOMS ?? 100);
const PER_ROOM = 4;
const MESSAGES_PER_SECOND = 500;
const SECONDS = Number(process.env.BENCH_RELAY_SECONDS ?? 10);

/** A participant's socket: sends a signal to a peer, and reports the latency of what it receives. */
interface Endpoint {
  id: string;
  send(to: string, sentAt: number): void;
}

const candidateAt = (sentAt: number) => ({ kind: "candidate", candidate: { candidate: `sent:${sentAt}` } });
const sentAtOf = (data: string) => Number(/sent:([\d.]+)/.exec(data)?.[1]);

/** Sends the traffic at its rate, round-robin over the rooms, then lets the last messages land. */
async function drive(rooms: Endpoint[][]): Promise<void> {
  const total = MESSAGES_PER_SECOND * SECONDS;
  const interval = 1000 / MESSAGES_PER_SECOND;
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const room = rooms[n % rooms.length] ?? [];
    const from = room[n % PER_ROOM];
    const to = room[(n + 1) % PER_ROOM];
    if (from && to) from.send(to.id, performance.now());
    const due = started + (n + 1) * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

async function throughRoomServer(): Promise<number[]> {
  const party = await startPartyServer();
  const latencies: number[] = [];
  const clients: RoomClient[] = [];
  try {
    const rooms: Endpoint[][] = [];
    for (let r = 0; r < ROOMS; r++) {
      const roomId = await createRoom(party.host);
      const room: Endpoint[] = [];
      for (let p = 0; p < PER_ROOM; p++) {
        const client = await RoomClient.connect(party.host, roomId);
        clients.push(client);
        const self = await client.join(`P${p}`);
        client.socket.on("message", (data) => {
          const text = data.toString();
          if (text.includes('"type":"signal"')) latencies.push(performance.now() - sentAtOf(text));
        });
        room.push({
          id: self.id,
          send: (to, sentAt) =>
            client.send({ type: "signal", to, fromLink: "bench-link-01", payload: candidateAt(sentAt) }),
        });
      }
      rooms.push(room);
    }
    await drive(rooms);
    return latencies;
  } finally {
    clients.forEach((client) => client.close());
    await party.stop();
  }
}

/** The floor: a relay that does nothing but forward, in this process, over real sockets. */
async function throughBareRelay(): Promise<number[]> {
  const server = createServer();
  const relay = new WebSocketServer({ server });
  const byId = new Map<string, WebSocket>();
  relay.on("connection", (socket, request) => {
    const id = new URL(request.url ?? "/", "http://x").searchParams.get("id") ?? "";
    byId.set(id, socket);
    socket.on("message", (data) => {
      const { to, payload } = JSON.parse(data.toString()) as { to: string; payload: unknown };
      byId.get(to)?.send(JSON.stringify({ type: "signal", from: id, payload }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const latencies: number[] = [];
  const sockets: WebSocket[] = [];
  try {
    const rooms: Endpoint[][] = [];
    for (let r = 0; r < ROOMS; r++) {
      const room: Endpoint[] = [];
      for (let p = 0; p < PER_ROOM; p++) {
        const id = `r${r}p${p}`;
        const socket = new WebSocket(`ws://127.0.0.1:${port}/?id=${id}&v=${PROTOCOL_VERSION}`);
        await new Promise((resolve) => socket.once("open", resolve));
        sockets.push(socket);
        socket.on("message", (data) => latencies.push(performance.now() - sentAtOf(data.toString())));
        room.push({
          id,
          send: (to, sentAt) => socket.send(JSON.stringify({ to, payload: candidateAt(sentAt) })),
        });
      }
      rooms.push(room);
    }
    await drive(rooms);
    return latencies;
  } finally {
    sockets.forEach((socket) => socket.close());
    relay.close();
    server.close();
  }
}

const percentile = (samples: number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;

async function main() {
  const label = `${ROOMS} rooms x ${PER_ROOM}, ${MESSAGES_PER_SECOND} msg/s for ${SECONDS} s`;
  const party = await throughRoomServer();
  const bare = await throughBareRelay();
  console.log(summarize(`signaling relay through partykit dev (${label})`, party));
  console.log(summarize(`floor: bare ws relay in Node (${label})`, bare));
  for (const q of [0.5, 0.99]) {
    const [a, b] = [percentile(party, q), percentile(bare, q)];
    console.log(`p${q * 100}: ${a.toFixed(2)} ms vs ${b.toFixed(2)} ms floor, ratio ${(a / b).toFixed(1)}x`);
  }
  console.log(`delivered: ${party.length} and ${bare.length} of ${MESSAGES_PER_SECOND * SECONDS} each`);
}

await main();
