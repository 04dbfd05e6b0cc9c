/**
 * The connection check: camera, microphone, the meeting server, STUN and each TURN transport, each
 * with a verdict in words and what to do when it fails. To get TURN credentials it does what anyone
 * must: starts a meeting of its own, joins it, and leaves.
 */
import PartySocket from "partysocket";
import { createMeeting } from "../meeting-api";
import { encode, parseServerMessage, PROTOCOL_VERSION, type IceServer } from "../protocol";
import { createRoomId } from "../room-id";
import { classifyMediaError, stopStream } from "../rtc/local-media";
import { gather, relayTransport } from "./gather";

export type CheckState = "checking" | "ok" | "problem" | "skipped";

export interface CheckItem {
  id: string;
  label: string;
  state: CheckState;
  detail: string;
}

const DEVICE_ADVICE = {
  blocked: "is blocked. Allow it in your browser's site settings, then check again.",
  missing: "wasn't found. Plug one in, or check that it is turned on.",
  busy: "is in use by another app, or couldn't start. Close other apps that use it.",
  failed: "couldn't start.",
  insecure: "can't be used on a page that isn't on https.",
} as const;

export async function checkDevice(kind: "audio" | "video"): Promise<CheckItem> {
  const label = kind === "video" ? "Camera" : "Microphone";
  const id = kind === "video" ? "camera" : "microphone";
  if (!navigator.mediaDevices?.getUserMedia) {
    return { id, label, state: "problem", detail: `Your ${label.toLowerCase()} ${DEVICE_ADVICE.insecure}` };
  }
  try {
    stopStream(await navigator.mediaDevices.getUserMedia({ [kind]: true }));
    return { id, label, state: "ok", detail: `Your ${label.toLowerCase()} works.` };
  } catch (error) {
    const problem = classifyMediaError(error);
    return { id, label, state: "problem", detail: `Your ${label.toLowerCase()} ${DEVICE_ADVICE[problem]}` };
  }
}

/** Joins a meeting made for the check, for the ICE servers a participant gets, then leaves. */
export async function fetchIceServers(partyHost: string, timeoutMs = 8000): Promise<IceServer[]> {
  const roomId = createRoomId();
  await createMeeting(partyHost, roomId);
  const socket = new PartySocket({ host: partyHost, room: roomId, maxRetries: 0 });
  try {
    return await new Promise<IceServer[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("The meeting server didn't answer in time.")),
        timeoutMs,
      );
      let joined = false;
      socket.addEventListener("open", () =>
        socket.send(encode({ type: "join", version: PROTOCOL_VERSION, name: "Connection check" })),
      );
      socket.addEventListener("message", (event: MessageEvent) => {
        const parsed = parseServerMessage(event.data);
        if (!parsed.ok) return;
        if (parsed.message.type === "joined") joined = true;
        // The config sent before joining is an observer's; the one after carries TURN credentials.
        if (parsed.message.type === "ice-config" && joined) {
          clearTimeout(timer);
          resolve(parsed.message.iceServers);
        }
      });
    });
  } finally {
    socket.close();
  }
}

function urlsOf(server: IceServer): string[] {
  return Array.isArray(server.urls) ? server.urls : [server.urls];
}

export async function checkStun(servers: IceServer[]): Promise<CheckItem> {
  const base = { id: "stun", label: "Direct connections (STUN over UDP)" };
  const stun = servers.flatMap(urlsOf).filter((url) => /^stuns?:/.test(url));
  if (stun.length === 0) {
    return {
      ...base,
      state: "skipped",
      detail: "This deployment has no STUN server; calls use local addresses and relays.",
    };
  }
  const result = await gather({ urls: stun }, false);
  return result.types.includes("srflx")
    ? { ...base, state: "ok", detail: "Your network lets calls go straight to other people over UDP." }
    : {
        ...base,
        state: "problem",
        detail:
          "Your network blocks UDP to the outside. Calls will need a relay; on a work network, ask for UDP to be allowed.",
      };
}

/** One verdict per TURN transport offered (UDP, TCP, TLS). */
export async function checkRelays(servers: IceServer[]): Promise<CheckItem[]> {
  const turn = servers.filter(
    (server) => server.username && urlsOf(server).some((url) => /^turns?:/.test(url)),
  );
  if (turn.length === 0) {
    return [
      {
        id: "turn",
        label: "Relay (TURN)",
        state: "skipped",
        detail:
          "This deployment has no relay server. People behind strict firewalls may not be able to connect.",
      },
    ];
  }
  const checks = turn.flatMap((server) =>
    urlsOf(server)
      .filter((url) => /^turns?:/.test(url))
      .map(async (url): Promise<CheckItem> => {
        const transport = relayTransport(url);
        const base = { id: `turn-${transport.toLowerCase()}`, label: `Relay over ${transport}` };
        const result = await gather({ ...server, urls: url }, true);
        if (result.types.includes("relay")) {
          return { ...base, state: "ok", detail: `The relay answers over ${transport}.` };
        }
        if (result.errors.includes(401)) {
          return {
            ...base,
            state: "problem",
            detail: "The relay refused this meeting's credentials. Reload and check again.",
          };
        }
        return {
          ...base,
          state: "problem",
          detail: `The relay can't be reached over ${transport}. A firewall may block it${transport === "UDP" ? "; TCP or TLS may still work" : ""}.`,
        };
      }),
  );
  return Promise.all(checks);
}
