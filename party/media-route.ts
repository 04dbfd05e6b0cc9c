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
/** A meeting back on the mesh keeps its SFU room this long, in case it grows again. */
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
  private retryAfter = 0;
  private meshSince: number | null = null;
  private members = 0;

  constructor(
    private readonly meetingId: string,
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

  /** Called whenever the number of members changes. */
  membersChanged(members: number): void {
    this.members = members;
    this.settle();
  }

  /** Run every few seconds: retries a failed switch, lets go of an SFU room no longer needed. */
  sweep(): void {
    this.settle();
    const unused = this.current === "mesh" && this.meshSince !== null;
    if (this.room && unused && this.now() - (this.meshSince ?? 0) > SFU_ROOM_KEPT_MS) this.release();
    if (this.room && this.members === 0) this.release();
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

  snapshot(): RouteSnapshot {
    return { route: this.current, room: this.room };
  }

  restore(snapshot: RouteSnapshot): void {
    this.room = snapshot.room;
    this.current = snapshot.room && this.sfu ? snapshot.route : "mesh";
    this.meshSince = this.current === "mesh" ? this.now() : null;
  }

  private settle(): void {
    if (!this.sfu) return;
    const wanted = routeFor(this.current, this.members, this.sfu.meshMax);
    if (wanted === this.current) return;
    if (wanted === "mesh") {
      this.current = "mesh";
      this.meshSince = this.now();
      this.events.persist();
      this.events.changed();
      return;
    }
    if (this.room) return this.enterSfu();
    if (this.creating || this.now() < this.retryAfter) return;
    this.creating = true;
    this.sfu.create(this.meetingId).then(
      (room) => {
        this.creating = false;
        this.room = room;
        this.settle();
      },
      (error: unknown) => {
        this.creating = false;
        this.retryAfter = this.now() + SFU_RETRY_MS;
        console.error("Couldn't create the meeting's SFU room; the meeting stays peer to peer:", error);
      },
    );
  }

  private enterSfu(): void {
    this.current = "sfu";
    this.meshSince = null;
    this.events.persist();
    this.events.changed();
  }

  private release(): void {
    const room = this.room;
    if (!room || !this.sfu) return;
    this.room = null;
    this.meshSince = null;
    this.events.persist();
    this.sfu.destroy(room).catch((error: unknown) => console.error("Couldn't destroy an SFU room:", error));
  }
}
