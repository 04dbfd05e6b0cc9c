/**
 * Who is in a meeting, and through which connection. A member whose connection drops stays in the
 * roster for a grace period, so a browser that reconnects (a Wi-Fi blip, a page refresh, the server
 * restarting) resumes under the same identity and the others' calls to it never notice; one that
 * does not come back is removed when the grace period ends.
 */
import { PRESENCE_FLAGS, presenceOf, type Participant, type Presence } from "../lib/protocol";

/** What only the server sets of a participant: who it is, and what the server has checked. */
export type Profile = Omit<Participant, keyof Presence | "handRaisedAt">;

interface Member {
  profile: Profile;
  /** What the participant says of itself, flags that are on only. */
  presence: Presence;
  /** Server time the hand went up, while it is up. */
  handRaisedAt: number | null;
  /** The connection it speaks through; null while detached. */
  socketId: string | null;
  /** Hash of the tab's session id, which a reconnecting browser proves it holds. */
  sessionHash: string | null;
  detachedSince: number | null;
  /** Signals that came for it while detached, in order, to deliver when it is back. */
  held: string[];
  heldBytes: number;
}

/**
 * What is held for one detached member: a few negotiations' worth (an SDP is ~8 KB, candidates far
 * less). A sender past it is told, and offers again once the member is back.
 */
export const MAX_HELD_FRAMES = 200;
export const MAX_HELD_BYTES = 512 * 1024;

/** What survives a restart of the room server: enough for everyone to resume. */
export interface MembersSnapshot {
  members: { participant: Participant; sessionHash: string | null }[];
  nextJoinOrder: number;
  locked: boolean;
}

function newMember(
  participant: Participant,
  socketId: string | null,
  sessionHash: string | null,
  detachedSince: number | null,
): Member {
  const { profile, presence } = split(participant);
  const handRaisedAt = presence.handRaised ? (participant.handRaisedAt ?? 0) : null;
  return { profile, presence, handRaisedAt, socketId, sessionHash, detachedSince, held: [], heldBytes: 0 };
}

function split(participant: Participant): { profile: Profile; presence: Presence } {
  const presence = presenceOf(participant);
  const profile = { ...participant } as Participant;
  for (const flag of PRESENCE_FLAGS) delete profile[flag];
  delete profile.handRaisedAt;
  return { profile, presence };
}

/**
 * Every roster entry is made here: the participant's say merged under what only the server sets, so
 * a page can claim neither another name nor host rights through its presence.
 */
export function participantOf(member: Member): Participant {
  return {
    ...member.presence,
    ...(member.handRaisedAt !== null && { handRaisedAt: member.handRaisedAt }),
    ...member.profile,
  };
}

export class Members {
  private readonly byId = new Map<string, Member>();
  private readonly bySocket = new Map<string, string>();

  get size(): number {
    return this.byId.size;
  }

  get participants(): Participant[] {
    return [...this.byId.values()].map(participantOf).sort((a, b) => a.joinOrder - b.joinOrder);
  }

  ofSocket(socketId: string): Participant | undefined {
    const member = this.memberOnSocket(socketId);
    return member ? participantOf(member) : undefined;
  }

  private memberOnSocket(socketId: string): Member | undefined {
    const id = this.bySocket.get(socketId);
    return id ? this.byId.get(id) : undefined;
  }

  socketOf(participantId: string): string | null {
    return this.byId.get(participantId)?.socketId ?? null;
  }

  /** Sockets of connected members, with who they are. */
  *connected(): Generator<[string, Participant]> {
    for (const member of this.byId.values())
      if (member.socketId) yield [member.socketId, participantOf(member)];
  }

  withSession(sessionHash: string): Participant | undefined {
    for (const member of this.byId.values())
      if (member.sessionHash === sessionHash) return participantOf(member);
    return undefined;
  }

  add(socketId: string, participant: Participant, sessionHash: string | null): void {
    this.byId.set(participant.id, newMember(participant, socketId, sessionHash, null));
    this.bySocket.set(socketId, participant.id);
  }

  /** The member speaks through `socketId` from now on; returns the socket it used before, if any. */
  attach(participantId: string, socketId: string): string | null {
    const member = this.byId.get(participantId);
    if (!member) return null;
    const previous = member.socketId;
    if (previous) this.bySocket.delete(previous);
    member.socketId = socketId;
    member.detachedSince = null;
    this.bySocket.set(socketId, participantId);
    return previous === socketId ? null : previous;
  }

  has(participantId: string): boolean {
    return this.byId.has(participantId);
  }

  /** Keeps a frame for a detached member; false when it already holds as much as it may. */
  hold(participantId: string, frame: string): boolean {
    const member = this.byId.get(participantId);
    if (!member || member.socketId !== null) return false;
    if (member.held.length >= MAX_HELD_FRAMES || member.heldBytes + frame.length > MAX_HELD_BYTES)
      return false;
    member.held.push(frame);
    member.heldBytes += frame.length;
    return true;
  }

  /** The frames held for a member, in the order they came, handed over once. */
  takeHeld(participantId: string): string[] {
    const member = this.byId.get(participantId);
    if (!member) return [];
    const held = member.held;
    member.held = [];
    member.heldBytes = 0;
    return held;
  }

  /** Changes what only the server sets (a field given as undefined is taken away). */
  setProfile(participantId: string, change: Partial<Profile>): void {
    const member = this.byId.get(participantId);
    if (!member) return;
    const profile: Profile = { ...member.profile, ...change };
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) delete profile[field as keyof Profile];
    }
    member.profile = profile;
  }

  /**
   * Takes what a participant now says of itself, in place of what it said before. False when nothing
   * changed, so an unchanged presence costs no roster.
   */
  setPresence(participantId: string, presence: Presence | undefined, now: number): boolean {
    const member = this.byId.get(participantId);
    if (!member) return false;
    const next = presenceOf(presence);
    const same = PRESENCE_FLAGS.every((flag) => next[flag] === member.presence[flag]);
    if (same) return false;
    if (!next.handRaised) member.handRaisedAt = null;
    else if (!member.presence.handRaised) member.handRaisedAt = now;
    member.presence = next;
    return true;
  }

  /** The connection went away without a leave: the member waits for it to come back. */
  detach(socketId: string, now: number): boolean {
    const id = this.bySocket.get(socketId);
    const member = id ? this.byId.get(id) : undefined;
    this.bySocket.delete(socketId);
    if (!member) return false;
    member.socketId = null;
    member.detachedSince = now;
    return true;
  }

  remove(participantId: string): boolean {
    const member = this.byId.get(participantId);
    if (!member) return false;
    if (member.socketId) this.bySocket.delete(member.socketId);
    return this.byId.delete(participantId);
  }

  /** Ids of members detached for longer than `graceMs`. */
  expired(now: number, graceMs: number): string[] {
    return [...this.byId.values()]
      .filter((m) => m.detachedSince !== null && now - m.detachedSince > graceMs)
      .map((m) => m.profile.id);
  }

  snapshot(nextJoinOrder: number, locked: boolean): MembersSnapshot {
    const members = [...this.byId.values()].map((member) => ({
      participant: participantOf(member),
      sessionHash: member.sessionHash,
    }));
    return { members, nextJoinOrder, locked };
  }

  /** After a restart: everyone is detached, waiting for their browser to reconnect. */
  restore(snapshot: MembersSnapshot, now: number): void {
    for (const { participant, sessionHash } of snapshot.members) {
      this.byId.set(participant.id, newMember(participant, null, sessionHash, now));
    }
  }
}
