import { connect, createServer, type Socket } from "node:net";
import WebSocket from "ws";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { openPartySocket, SOCKET_OPEN } from "../../lib/call/client-socket";
import { createRoom } from "../support/room-client";

interface SlowLink {
  host: string;
  /** How many connections were opened through it. */
  tries: () => number;
  close: () => void;
}

/**
 * A TCP relay to `target` that holds each connection `delayMs` before passing anything on, as a slow
 * link's round trips hold a WebSocket's setup.
 */
function slowLinkTo(target: string, delayMs: number): Promise<SlowLink> {
  const [targetHost = "", targetPort = ""] = target.split(":");
  const sockets = new Set<Socket>();
  let tries = 0;
  const server = createServer((client) => {
    tries++;
    sockets.add(client);
    client.pause();
    client.on("error", () => client.destroy());
    client.on("close", () => sockets.delete(client));
    setTimeout(() => {
      if (client.destroyed) return;
      const upstream = connect(Number(targetPort), targetHost, () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => client.destroy());
      client.on("close", () => upstream.destroy());
    }, delayMs);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        host: `127.0.0.1:${port}`,
        tries: () => tries,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      });
    });
  });
}

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  vi.unstubAllGlobals();
});

describe("the room server's socket over a slow link", () => {
  it("connects when the WebSocket's setup takes 6 s, on its first try", { timeout: 30_000 }, async () => {
    // Browsers have a WebSocket; Node 20 has none of its own.
    vi.stubGlobal("WebSocket", WebSocket);
    const partyHost = inject("partyHost");
    const roomId = await createRoom(partyHost);
    const link = await slowLinkTo(partyHost, 6000);
    closers.push(link.close);

    const socket = openPartySocket(link.host, roomId);
    closers.push(() => socket.close());
    const opened = await new Promise<boolean>((resolve) => {
      socket.addEventListener("open", () => resolve(true));
      setTimeout(() => resolve(false), 20_000);
    });
    expect(opened).toBe(true);
    expect(socket.readyState).toBe(SOCKET_OPEN);
    expect(link.tries()).toBe(1);
  });
});
