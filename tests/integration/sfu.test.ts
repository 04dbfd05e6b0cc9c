/**
 * The room server's control of a real Janus (Debian's package, started for this file): rooms it
 * creates are private and need the pin, the tokens it signs are accepted and no others, a removed
 * participant is kicked, and a room it destroys is gone.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalJanus } from "../../scripts/janus";
import { roomServerVars } from "../../scripts/janus";
import { JanusRooms, janusToken, readSfuSettings, type SfuRoom } from "../../party/sfu";
import { connectedClients } from "../support/connected-clients";
import { createRoom } from "../support/room-client";
import { startPartyServer, type RunningServer } from "../support/servers";
import { startLocalJanus } from "../support/sfu-servers";

let janus: LocalJanus;
let party: RunningServer;
beforeAll(async () => {
  janus = await startLocalJanus();
  party = await startPartyServer({ vars: roomServerVars(janus.settings, 2) });
});
afterAll(async () => {
  await party?.stop();
  await janus?.stop();
});

const api = () => `http://127.0.0.1:${janus.settings.httpPort}/janus`;
const rooms = () => new JanusRooms(readSfuSettings(roomServerVars(janus.settings))!);

/** What Janus answers over HTTP, as far as these tests read it. */
interface JanusReply {
  janus: string;
  error: { reason: string };
  data: { id: number };
  plugindata: { data: Record<string, unknown> };
}

async function post(path: string, body: Record<string, unknown>): Promise<JanusReply> {
  const response = await fetch(`${api()}${path}`, {
    method: "POST",
    body: JSON.stringify({ transaction: randomUUID(), ...body }),
  });
  return (await response.json()) as JanusReply;
}

/** A browser's first steps with a token: a session and a VideoRoom handle, or Janus's refusal. */
async function handleWith(token: string): Promise<{ path: string } | { refused: string }> {
  const session = await post("", { janus: "create", token });
  if (session.janus === "error") return { refused: String(session.error.reason) };
  const handle = await post(`/${session.data.id}`, {
    janus: "attach",
    plugin: "janus.plugin.videoroom",
    token,
  });
  return { path: `/${session.data.id}/${handle.data.id}` };
}

async function joinAsPublisher(token: string, room: SfuRoom | { room: string; pin: string }, id: string) {
  const handle = await handleWith(token);
  if (!("path" in handle)) throw new Error(handle.refused);
  const answer = await post(handle.path, {
    janus: "message",
    token,
    body: { request: "join", ptype: "publisher", room: room.room, pin: room.pin, id },
  });
  // The join is asynchronous: Janus acks, and the result comes as an event to long-poll.
  const event = await fetch(
    `${api()}${handle.path.split("/").slice(0, 2).join("/")}?token=${encodeURIComponent(token)}&maxev=1`,
  );
  return { ack: answer.janus, event: (await event.json()) as JanusReply };
}

describe("Janus rooms made by the room server", () => {
  it("accepts the tokens it signs, and refuses forged and expired ones", async () => {
    const settings = readSfuSettings(roomServerVars(janus.settings))!;
    const { token } = await janusToken(settings.tokenSecret, 60, Date.now());
    expect(await handleWith(token)).toHaveProperty("path");
    const forged = await janusToken("not-the-secret", 60, Date.now());
    expect(await handleWith(forged.token)).toEqual({ refused: expect.stringMatching(/unauthorized/i) });
    const expired = await janusToken(settings.tokenSecret, 60, Date.now() - 120_000);
    expect(await handleWith(expired.token)).toEqual({ refused: expect.stringMatching(/unauthorized/i) });
  });

  it("creates private rooms that need the pin, kicks a participant, and destroys the room", async () => {
    const sfu = rooms();
    const room = await sfu.create("abcd-efgh");
    const { token } = await sfu.access(room, Date.now());
    const wrongPin = await joinAsPublisher(
      token,
      { room: room.room, pin: "guess" },
      `intruder~${randomUUID().slice(0, 8)}`,
    );
    expect(String(wrongPin.event.plugindata.data.error)).toMatch(/pin/i);
    const joined = await joinAsPublisher(token, room, "p7~camera-01");
    expect(joined.event.plugindata.data.videoroom).toBe("joined");

    await sfu.kick(room, "p7");
    const settingsToken = (await sfu.access(room, Date.now())).token;
    const handle = await handleWith(settingsToken);
    if (!("path" in handle)) throw new Error("no handle");
    const listed = await post(handle.path, {
      janus: "message",
      token: settingsToken,
      body: { request: "listparticipants", room: room.room, secret: room.secret },
    });
    expect(listed.plugindata.data.participants).toEqual([]);

    await sfu.destroy(room);
    const exists = await post(handle.path, {
      janus: "message",
      token: settingsToken,
      body: { request: "exists", room: room.room },
    });
    expect(exists.plugindata.data.exists).toBe(false);
  });

  it("refuses to create a room without the admin key", async () => {
    const settings = readSfuSettings(roomServerVars(janus.settings))!;
    const { token } = await janusToken(settings.tokenSecret, 60, Date.now());
    const handle = await handleWith(token);
    if (!("path" in handle)) throw new Error("no handle");
    const created = await post(handle.path, {
      janus: "message",
      token,
      body: { request: "create", room: "squatter", is_private: false },
    });
    expect(Number(created.plugindata.data.error_code)).toBeGreaterThan(0);
  });
});

describe("a meeting that grows past the mesh", () => {
  const connect = connectedClients(() => party.host);

  it("moves to a Janus room, and each member's way in lets it join there", async () => {
    const roomId = await createRoom(party.host);
    const [ada, bea, cy] = [await connect(roomId), await connect(roomId), await connect(roomId)];
    const ids = [await ada.join("Ada"), await bea.join("Bea"), await cy.join("Cy")].map((self) => self.id);
    const access = await cy.next("sfu");
    expect(access.url).toBe(`ws://127.0.0.1:${janus.settings.wsPort}`);
    expect((await ada.next("roster", (roster) => roster.route === "sfu")).route).toBe("sfu");
    const joined = await joinAsPublisher(access.token, access, `${ids[2]}~camera-01`);
    expect(joined.event.plugindata.data.videoroom).toBe("joined");
  });
});
