/**
 * Which way a meeting's media goes: peer to peer in a small meeting, through the SFU in a large one.
 * The room server decides, for everyone at once; this class holds that decision and the meeting's SFU
 * room, and moves between them as people come and go. Pure but for the SFU it is given.
 */
import type { MediaRoute } from "../lib/protocol";
import type { SfuAccess, SfuRoom, SfuRooms } from "./sfu";

/**
 * Past `meshMax` people the meeting moves to the SFU; it comes back to peer to peer only at two, so a
 * meeting around the threshold does not flap between the two with every join and leave.
 */
export function routeFor(current: MediaRoute, members: number, meshMax: number): MediaRoute {
  if (current === "mesh") return members > meshMax ? "sfu" : "mesh";
  return members <= 2 ? "mesh" : "sfu";
}

/** After a failed attempt to create the SFU room, the next waits this long. */
export const SFU_RETRY_MS = 10_000;
/** An SFU room no longer needed is kept this long, in case the meeting grows again. */
export const SFU_ROOM_KEPT_MS = 60_000;

export interface RouteSnapshot {
  route: MediaRoute;
  room: SfuRoom | null;
}

export interface MediaRouteEvents {
  /** The route changed: everyone must hear, and members on the SFU need their access. */
  changed(): void;
  /** The SFU room's pin changed: members need their new access. */
  accessChanged(): void;
  persist(): void;
}

export class MeetingMediaRoute {
  private current: MediaRoute = "mesh";
  private room: SfuRoom | null = null;
  private creating = false;
  /** SFU rooms being checked for existence, so a dozen members reporting one cost one check. */
  private readonly checking = new Set<string>();
  private retryAfter = 0;
  /** Since when the meeting has had no need of its SFU room. */
  private unneededSince: number | null = null;
  private members = 0;

  constructor(
    private readonly meetingId: () => string,
    private readonly sfu: SfuRooms | null,
    private readonly events: MediaRouteEvents,
    private readonly now: () => number,
  ) {}

  get route(): MediaRoute {
    return this.current;
  }

  /** How many people may be in the meeting now: a mesh's cap until the SFU has taken over. */
  capacity(meshCapacity: number): number {
    if (!this.sfu) return meshCapacity;
    return this.current === "sfu" ? this.sfu.capacity : Math.max(meshCapacity, this.sfu.meshMax + 1);
  }

  /** No SFU room is held or being made: an empty meeting has nothing left to release. */
  get idle(): boolean {
    return this.room === null && !this.creating;
  }

  /** Called whenever the number of members changes. */
  membersChanged(members: number): void {
    this.members = members;
    this.settle();
  }

  /** Run every few seconds: retries a failed switch, lets go of an SFU room no longer needed. */
  sweep(): void {
    this.settle();
    const since = this.unneededSince;
    if (this.room && since !== null && (this.members === 0 || this.now() - since > SFU_ROOM_KEPT_MS)) {
      this.release();
    }
  }

  async access(): Promise<SfuAccess | null> {
    if (!this.sfu || !this.room || this.current !== "sfu") return null;
    return this.sfu.access(this.room, this.now());
  }

  /** A host removed someone: their feeds leave the SFU room, and its pin changes behind them. */
  async remove(participantId: string): Promise<void> {
    const { sfu, room } = this;
    if (!sfu || !room) return;
    try {
      await sfu.kick(room, participantId);
      const changed = await sfu.changePin(room);
      if (this.room !== room) return;
      this.room = changed;
      this.events.persist();
      this.events.accessChanged();
    } catch (error) {
      console.error("Couldn't remove a participant from the SFU room:", error);
    }
  }

  /**
   * A member found the SFU room gone (Janus restarted, and its rooms with it): once checked, a new
   * room is made and everyone is given their way into it. Checked at most once per room.
   */
  async roomMissing(roomName: string): Promise<void> {
    const { sfu, room } = this;
    if (!sfu || !room || room.room !== roomName || this.checking.has(roomName)) return;
    this.checking.add(roomName);
    try {
      if (await sfu.exists(room)) return;
    } catch (error) {
      console.error("Couldn't check the SFU room:", error);
      return;
    } finally {
      this.checking.delete(roomName);
    }
    if (this.room !== room) return;
    this.room = null;
    this.events.persist();
    this.createRoom();
  }

  snapshot(): RouteSnapshot {
    return { route: this.current, room: this.room };
  }

  restore(snapshot: RouteSnapshot): void {
    this.room = snapshot.room;
    this.current = snapshot.room && this.sfu ? snapshot.route : "mesh";
  }

  /**
   * The SFU room is made one person ahead, when the meeting reaches the mesh's size, so that the
   * move happens with the join that needs it: the newcomer and everyone else learn of it in the
   * roster that admits them, and no mesh links are made to the newcomer only to be closed.
   */
  private settle(): void {
    if (!this.sfu) return;
    const wanted = routeFor(this.current, this.members, this.sfu.meshMax);
    const needed = wanted === "sfu" || this.members >= this.sfu.meshMax;
    this.unneededSince = needed ? null : (this.unneededSince ?? this.now());
    if (needed && !this.room) this.createRoom();
    if (wanted === this.current || (wanted === "sfu" && !this.room)) return;
    this.current = wanted;
    this.events.persist();
    this.events.changed();
  }

  private createRoom(): void {
    if (!this.sfu || this.creating || this.now() < this.retryAfter) return;
    this.creating = true;
    this.sfu.create(this.meetingId()).then(
      (room) => {
        this.creating = false;
        this.room = room;
        this.events.persist();
        // Members already on the SFU (after a lost room) move into the new one.
        if (this.current === "sfu") this.events.accessChanged();
        this.settle();
      },
      (error: unknown) => {
        this.creating = false;
        this.retryAfter = this.now() + SFU_RETRY_MS;
        console.error("Couldn't create the meeting's SFU room; the meeting stays peer to peer:", error);
      },
    );
  }

  /** Lets the SFU room go (the sweep's job once unneeded, or at once when the meeting ends). */
  release(): void {
    const room = this.room;
    if (!room || !this.sfu) return;
    this.room = null;
    this.unneededSince = null;
    this.events.persist();
    this.sfu.destroy(room).catch((error: unknown) => console.error("Couldn't destroy an SFU room:", error));
  }
}
