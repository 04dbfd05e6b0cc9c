/**
 * One client address's meeting creations, counted in one place: on Cloudflare each address is its
 * own Durable Object (PartyKit's rooms are), so every edge location that serves the address asks the
 * same counter. Only the room server's own worker reaches it; from outside it does not exist.
 */
import type * as Party from "partykit/server";
import { CreationLog, readCreationAllowance, type CreationAllowance } from "./creation-limit";

const TIMES_KEY = "times";

export default class CreationLimiter implements Party.Server {
  private readonly allowance: CreationAllowance;

  constructor(readonly room: Party.Room) {
    this.allowance = readCreationAllowance(room.env);
  }

  /** Nobody from outside may read or spend someone else's allowance. */
  static onBeforeRequest(): Response {
    return new Response("Not found", { status: 404 });
  }

  static onBeforeConnect(): Response {
    return new Response("Not found", { status: 404 });
  }

  /** POST counts a creation: 204 if allowed, or 429 with how many seconds until one will be. */
  async onRequest(request: Party.Request): Promise<Response> {
    if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
    const stored = (await this.room.storage.get<number[]>(TIMES_KEY)) ?? [];
    const log = new CreationLog(this.allowance, Date.now, stored);
    const verdict = log.take();
    if (!verdict.allowed) {
      return new Response(null, {
        status: 429,
        headers: { "Retry-After": String(verdict.retryAfterSeconds) },
      });
    }
    await this.room.storage.put(TIMES_KEY, log.recent);
    // Once a day has passed since the newest creation there is nothing to remember: the alarm
    // deletes it, so an address that stops creating leaves nothing behind.
    const forgettableAt = log.forgettableAt;
    if (forgettableAt !== null) await this.room.storage.setAlarm(forgettableAt);
    return new Response(null, { status: 204 });
  }

  async onAlarm(): Promise<void> {
    await this.room.storage.deleteAll();
  }
}

CreationLimiter satisfies Party.Worker;
