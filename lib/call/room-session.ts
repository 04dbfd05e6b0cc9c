/**
 * Wires one meeting page together: the PartyKit socket, the wire protocol, the store and the mesh.
 * Data flows one way: socket -> parse -> store or mesh -> React renders from the store.
 */
import {
  encode,
  parseServerMessage,
  presenceOf,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ErrorCode,
  type LinkSignal,
  type MediaRoute,
  type Participant,
  type Presence,
  type Reaction,
  type ServerMessage,
} from "../protocol";
import { describeServerError } from "../error-text";
import { LocalMediaController } from "../media/local-media-controller";
import { StreamPlayers } from "../media/stream-players";
import { LazyFileTransfers } from "../files/lazy-file-transfers";
import { hostKeyFor } from "../host-keys";
import { Heartbeat } from "./heartbeat";
import { openPartySocket, SOCKET_OPEN, type OpenRoomSocket, type RoomClientSocket } from "./client-socket";
import { callPhaseOf, joinName, type JoinState } from "./join-state";
import { createInstanceId, TabSession } from "./tab-session";
import type { MediaTransport, MediaTransportOptions } from "../rtc/media-transport";
import { isDataSignal } from "../rtc/data-links";
import { createCertificate } from "../rtc/certificate";
import { loadedMesh, loadMesh } from "../rtc/load-mesh";
import { loadSfuTransport } from "../rtc/load-sfu";
import type { IceSetup, LinkStatus } from "../rtc/peer-link";
import type { SfuAccess, SfuTransportFactory } from "../rtc/sfu-transport";
import { RetryingLoad } from "./retrying-load";
import { TileViews } from "./tile-views";
import { TransportSwitch } from "./transport-switch";
import { selfPresence, type RoomProblem, type RoomStore } from "../store/room-store";

export interface RoomSessionOptions {
  roomId: string;
  partyHost: string;
  store: RoomStore;
  /** The media transport of a small meeting; the full mesh by default. */
  createTransport?: (options: MediaTransportOptions) => MediaTransport;
  /** Loads the media transport of a large meeting, through the SFU; Janus's, downloaded then, by default. */
  loadSfuTransport?: () => Promise<SfuTransportFactory>;
  /** How to reach the room server: PartySocket by default. */
  openSocket?: OpenRoomSocket;
  /** Where this tab keeps its identity in the meeting: sessionStorage by default. */
  storage?: ConstructorParameters<typeof TabSession>[1];
  /** What says the network is back (its "online" event): the page's window by default. */
  network?: Pick<EventTarget, "addEventListener" | "removeEventListener">;
}

/** User Timing marks, so call setup can be measured in the browser's own timeline. */
export const JOIN_MARK = "parley:join";
const JOIN_TIMEOUT_MS = 10_000;
/** How long a join may wait for the mesh's code to download before the person is told. */
const MESH_LOAD_TIMEOUT_MS = 15_000;
const MIN_ICE_REFRESH_MS = 30_000;
/**
 * Answers to what a page sends besides its join (a signal to someone who has just left, a host's
 * action), which can arrive while the join is on its way and are no refusal of it.
 */
const NOT_ABOUT_THE_JOIN: ReadonlySet<ErrorCode> = new Set([
  "not-joined",
  "unknown-participant",
  "peer-away",
  "too-many-reactions",
  "not-host",
]);
/** How long a reaction floats over its sender's tile. */
export const REACTION_SHOWN_MS = 4000;
const SFU_CODE_MISSING =
  "Couldn't load what this large meeting needs, so you can't see or hear the others yet. Parley keeps trying: check your connection, or reload the page.";

type Handlers = { [T in ServerMessage["type"]]: (message: Extract<ServerMessage, { type: T }>) => void };

export class RoomSession {
  private socket: RoomClientSocket | null = null;
  /** How media flows: the mesh in a small meeting, the SFU in a large one, both while moving. */
  private readonly media = new TransportSwitch(
    () => this.otherParticipants(),
    (retired) => this.retired(retired),
  );
  /** Which way the room server says the meeting's media goes, and this page's way into the SFU. */
  private route: MediaRoute = "mesh";
  private sfuAccess: SfuAccess | null = null;
  private sfu: ReturnType<SfuTransportFactory> | null = null;
  /** The SFU's code, fetched once the meeting is on the SFU and this page is in it. */
  private readonly loadSfuCode = () => (this.options.loadSfuTransport ?? loadSfuTransport)();
  private readonly sfuCode = new RetryingLoad(this.loadSfuCode, {
    wanted: () => this.route === "sfu" && this.inCall && !this.disposed,
    loaded: (createSfuTransport) => this.startSfu(createSfuTransport),
    failing: (failing) => {
      if (failing) return this.actions.setNotice(SFU_CODE_MISSING);
      if (this.options.store.getState().notice === SFU_CODE_MISSING) this.actions.setNotice(null);
    },
  });
  /** A join waits for the mesh's code, which is on its way. */
  private meshLoading = false;
  /** Counts presses of Join: a download that ends after another press, or after leaving, sends nothing. */
  private joinAttempt = 0;
  private disposed = false;
  private certificate: RTCCertificate | null = null;
  private joinTimer: ReturnType<typeof setTimeout> | undefined;
  private stopWatchingPresence: () => void = () => {};
  private stopWatchingNetwork: () => void = () => {};
  /** The presence the server has from us last, as JSON, so an unchanged one is not sent again. */
  private sentPresence = "";
  /**
   * Signals of a mesh made ahead of "Join now", held until they may go: the server relays only for
   * members, and for visitors (see `arriving`).
   */
  private heldSignals: { to: string; signal: LinkSignal }[] | null = null;
  /** This connection asked to connect its calls from the pre-join screen ("arrive"). */
  private arrivalAsked = false;
  /** The id the server gave this page's early calls, which it joins as; null without them. */
  private visitorId: string | null = null;
  /** The join, from the pre-join screen to leaving: this session's alone, copied to the store. */
  private joinState: JoinState = { phase: "prejoin" };
  /** This page load; the others call us afresh when it changes (a refresh), not on a reconnect. */
  private readonly instance = createInstanceId();
  private readonly heartbeat = new Heartbeat(
    () => this.send({ type: "ping" }),
    // A connection that went quiet is dead even if the browser has not noticed: make a new one.
    () => this.socket?.reconnect(),
  );
  /** How tall this page shows each camera; kept across reconnections, as the tiles stay on screen. */
  private readonly views = new TileViews((peerId, maxHeight) => this.transport?.setView(peerId, maxHeight));
  /** From the room server: STUN until we join, then TURN with our own credentials too. */
  private ice: IceSetup = { iceServers: [], iceTransportPolicy: "all" };
  private iceRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  private sfuRefreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Files sent and received in this meeting, over the calls' data channels. */
  readonly files: LazyFileTransfers;
  /** Each remote person's players, picture and voice, made as their stream arrives (see StreamPlayers). */
  readonly players = new StreamPlayers();
  /** This page's camera, microphone and screen; the calls get each new track from it. */
  readonly localMedia: LocalMediaController;

  /** This tab's identity in the meeting, which a reload keeps. */
  private readonly tab: TabSession;

  constructor(private readonly options: RoomSessionOptions) {
    this.tab = new TabSession(options.roomId, options.storage);
    this.localMedia = new LocalMediaController(options.store, {
      trackReplaced: (track, stream) => this.transport?.setLocalTrack(track, stream),
      screenChanged: (screen) => this.transport?.setScreen(screen),
      mayShareScreen: () => this.inCall,
    });
    this.files = new LazyFileTransfers(
      options.store,
      // The file channel's sub-protocol comes with the transfers' code, which loads after the join.
      (peerId, protocol) => this.transport?.openDataChannel(peerId, "file", { protocol }) ?? null,
    );
  }

  private get actions() {
    return this.options.store.getState().actions;
  }

  private get transport(): MediaTransport | null {
    return this.media.transport;
  }

  connect(): void {
    if (this.socket) return;
    // Connected again after dispose() (React's strict mode does both on mount in development): live again.
    this.disposed = false;
    this.stopWatchingPresence = this.options.store.subscribe(() => this.sendPresenceIfChanged());
    if (!this.certificate && typeof RTCPeerConnection === "function") {
      createCertificate().then(
        (certificate) => (this.certificate = certificate),
        // Without one made ahead, each connection makes its own: slower, not broken.
        () => {},
      );
    }
    this.watchNetwork();
    this.openSocket();
  }

  private openSocket(): void {
    const socket = (this.options.openSocket ?? openPartySocket)(this.options.partyHost, this.options.roomId);
    // Events of a socket this session has let go of (closing fires synchronously) are not ours.
    const ours = () => socket === this.socket;
    socket.addEventListener("open", () => ours() && this.onOpen());
    socket.addEventListener("close", () => ours() && this.onClose());
    socket.addEventListener("message", (event) => ours() && this.onFrame(event.data));
    this.socket = socket;
  }

  /**
   * The network is back: a connection that is down is made again now, not at the end of the socket's
   * backoff (seconds later, by when the room server may have let this participant go and every call
   * starts afresh). A new socket, since PartySocket's own reconnect does nothing while it waits.
   */
  private watchNetwork(): void {
    const network = this.options.network ?? (typeof window === "undefined" ? null : window);
    if (!network) return;
    const onOnline = () => {
      const socket = this.socket;
      if (!socket || socket.readyState === SOCKET_OPEN) return;
      this.socket = null;
      socket.close();
      this.openSocket();
    };
    network.addEventListener("online", onOnline);
    this.stopWatchingNetwork = () => network.removeEventListener("online", onOnline);
  }

  /**
   * The pre-join screen is ready: the roster is known and the camera is on. A page reloaded in the
   * middle of the call goes straight back in, as the same participant (true). Otherwise it dials
   * everyone present ahead of "Join now": whoever presses it is later than everyone they see, so the
   * offers and ICE candidates can be made ahead and sent the moment they join, taking their making
   * off the time to a first frame.
   */
  prepareToJoin(): boolean {
    const { connection, mediaStatus } = this.options.store.getState();
    if (this.joinState.phase !== "prejoin" || connection !== "open" || mediaStatus !== "ready") return false;
    const interruptedAs = this.tab.interruptedAs;
    if (interruptedAs) {
      this.join(interruptedAs);
      return true;
    }
    // On the SFU nobody is dialled: the page publishes once it is in.
    if (this.transport || this.route !== "mesh") return false;
    if (!this.meshReady) {
      // Nobody to dial yet: the code loads when someone comes (the page asks again then) or on the way
      // in. Otherwise dialled once it is here; nothing is lost if it cannot come (the join retries).
      if (this.options.store.getState().participants.length === 0) return false;
      void loadMesh().then(
        () => this.prepareToJoin(),
        () => {},
      );
      return false;
    }
    const mesh = this.openMesh(null);
    if (!mesh) return false;
    this.heldSignals = this.visitorId === null ? [] : null;
    this.askToArrive();
    mesh.syncRoster(this.options.store.getState().participants);
    return false;
  }

  /**
   * In an open meeting the calls made ahead connect before "Join now" too (media held on both sides
   * until then): the press then only has the first frames flow. Asked once per connection.
   */
  private askToArrive(): void {
    if (this.arrivalAsked || this.options.store.getState().locked) return;
    this.arrivalAsked = true;
    this.send({ type: "arrive", instance: this.instance });
  }

  /** The person is about to join (typing their name, reaching for Join): the calls' code loads now. */
  warmUp(): void {
    void loadMesh().catch(() => {});
    this.prefetchSfuCode();
  }

  /**
   * A meeting on the SFU needs that code the moment this page is in: it downloads beside the mesh's,
   * which the join waits for, rather than after it. One that fails here is tried again, and said, once
   * the page is in (see sfuCode).
   */
  private prefetchSfuCode(): void {
    if (this.route === "sfu" && typeof RTCPeerConnection !== "undefined") {
      void this.loadSfuCode().catch(() => {});
    }
  }

  join(name: string): void {
    performance.mark(JOIN_MARK);
    // Before anything else this press sets off (the call screen's first render takes a while): the
    // camera and microphone go out now on calls connected ahead, the first frames on their way.
    const connected = this.transport?.startSending?.() ?? false;
    this.prefetchSfuCode();
    this.actions.setJoinError(null);
    const visitorId = this.visitorId;
    // With every call connected ahead the call screen shows at once, its first render under way with
    // the join; with one still connecting it would hold up that call's answer and checks, and waits
    // for the server's answer as before. Admitted under the id the server gave the visit, the
    // screen can show us as that now.
    if (visitorId !== null && connected && this.transport?.selfId === null) {
      this.actions.setSelf(this.provisionalSelf(visitorId, name));
      this.setJoinState({ phase: "joining", name, ahead: true });
    } else {
      this.setJoinState({ phase: "joining", name });
    }
    if (this.meshReady) return this.sendJoinWithCalls();
    // A join is sent only with the mesh's code here, so that whatever the server's answer asks for
    // (dialling everyone, answering a newcomer) can be done at once. The download has its own bound,
    // and the server's answer its whole time once the join is out.
    const attempt = ++this.joinAttempt;
    const current = () =>
      !this.disposed && attempt === this.joinAttempt && this.joinState.phase === "joining";
    const couldNotLoad = () =>
      this.refuseJoin({
        code: "not-joined",
        message: "Couldn't load what the call needs. Check your connection, then reload the page.",
      });
    this.meshLoading = true;
    clearTimeout(this.joinTimer);
    this.joinTimer = setTimeout(() => {
      if (current()) couldNotLoad();
    }, MESH_LOAD_TIMEOUT_MS);
    loadMesh().then(
      () => {
        this.meshLoading = false;
        if (current()) this.sendJoinWithCalls();
      },
      () => {
        this.meshLoading = false;
        if (current()) couldNotLoad();
      },
    );
  }

  /** Sends the join, with the calls to everyone here behind it. */
  private sendJoinWithCalls(): void {
    this.sendJoin();
    // Back after a reload, this page is still the participant it was, in its place in the join order,
    // which only the server's answer tells: it dials nobody until then. A first join is later than
    // everyone: the signals it sends behind the join on the same socket are relayed once the server
    // has admitted it, so the calls start without waiting for its answer.
    if (!this.transport && !this.tab.interruptedAs && this.route === "mesh") {
      this.openMesh(null)?.syncRoster(this.options.store.getState().participants);
    }
    this.releaseHeldSignals();
  }

  /** False when the message could not go out (no connection); the composer keeps the text then. */
  sendChat(text: string): boolean {
    if (this.socket?.readyState !== SOCKET_OPEN) return false;
    this.send({ type: "chat", text });
    return true;
  }

  /** Hand up or down: everyone sees it on the tile and in the list, in the order hands went up. */
  setHandRaised(handRaised: boolean): void {
    this.actions.setHandRaised(handRaised);
  }

  /** A moment's emoji over our tile, for everyone (the server limits how many a second). */
  react(reaction: Reaction): void {
    this.send({ type: "react", reaction });
  }

  /** Host only (the server checks): put someone's raised hand down. */
  lowerHand(participantId: string): void {
    this.send({ type: "lower-hand", id: participantId });
  }

  /** How tall this page shows a participant's camera (0: not at all); they send no more than that. */
  setView(peerId: string, maxHeight: number): void {
    this.views.set(peerId, maxHeight);
  }

  /** No tile shows this participant's camera any more: it is paused unless one does again shortly. */
  releaseView(peerId: string): void {
    this.views.release(peerId);
  }

  /** The statistics of the call with one participant, for the quality indicator and stats overlay. */
  stats(peerId: string): Promise<RTCStatsReport | null> {
    return this.transport?.stats(peerId) ?? Promise.resolve(null);
  }

  /** Stops asking to be let into a locked meeting. */
  cancelKnock(): void {
    this.send({ type: "leave" });
    this.setJoinState({ phase: "prejoin" });
  }

  /** Host only (the server checks): lock or unlock the meeting, answer a knock, remove someone. */
  setLocked(locked: boolean): void {
    this.send({ type: "lock", locked });
  }

  answerKnock(id: string, admit: boolean): void {
    this.send({ type: admit ? "admit" : "deny", id });
  }

  remove(participantId: string): void {
    this.send({ type: "remove", id: participantId });
  }

  leave(): void {
    this.send({ type: "leave" });
    this.tab.rememberInCall(null);
    this.dispose();
    this.setJoinState({ phase: "left" });
  }

  /** Closes everything this page opened: socket, peer connections, camera and microphone. */
  dispose(): void {
    this.disposed = true;
    this.stopWatchingPresence();
    this.stopWatchingNetwork();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    clearTimeout(this.joinTimer);
    clearTimeout(this.iceRefreshTimer);
    clearTimeout(this.sfuRefreshTimer);
    this.sfuCode.giveUp();
    this.views.dispose();
    this.heartbeat.stop();
    this.actions.setConnection("closed");
    this.closeMedia();
    this.localMedia.stop();
    this.files.dispose();
    this.players.dispose();
  }

  private onOpen(): void {
    this.heartbeat.start();
    this.actions.setConnection("open");
    this.sendJoin();
  }

  private onClose(): void {
    this.heartbeat.stop();
    // The server forgets a visitor with its connection.
    this.arrivalAsked = false;
    this.visitorId = null;
    // Until the server takes us back, its rosters may not hold everyone who is reconnecting too.
    if (this.joinState.phase === "in-call")
      this.setJoinState({ phase: "rejoining", name: this.joinState.name });
    if (this.options.store.getState().fatalError) return;
    this.actions.setConnection("reconnecting");
    // Offers made while our join was on its way may have been lost with the socket: dial again once
    // the server admits us.
    if (this.transport?.selfId === null) this.closeMedia();
  }

  private onFrame(frame: unknown): void {
    this.heartbeat.heard();
    const parsed = parseServerMessage(frame);
    if (!parsed.ok) {
      console.warn("Ignored a message from the meeting server:", parsed.reason);
      return;
    }
    const handle = this.handlers[parsed.message.type] as (message: ServerMessage) => void;
    handle(parsed.message);
  }

  private readonly handlers: Handlers = {
    roster: ({ participants, capacity, locked, route, visitors }) => {
      this.actions.setRoster(participants, capacity, locked, route);
      this.setRoute(route);
      // A seat freed up: "this meeting is full" is no longer true.
      const { joinError } = this.options.store.getState();
      if (joinError?.code === "room-full" && participants.length < capacity) this.actions.setJoinError(null);
      // Until the server has taken us back after a drop, its roster may not hold everyone yet: the
      // calls are left alone rather than hung up on people who are only reconnecting too.
      // A mesh on its way out makes no new links: whoever joins now is reached through the SFU.
      const meshLeaving = this.route === "sfu" && this.transport !== this.sfu;
      if (this.joinState.phase !== "rejoining" && !meshLeaving) {
        this.transport?.syncRoster(participants, visitors);
        this.players.keepOnly(new Set([...participants, ...(visitors ?? [])].map((person) => person.id)));
      }
      this.media.recheck();
    },
    joined: ({ self }) => {
      const name = joinName(this.joinState);
      // The late answer to a join this page has since given up on (refused for want of an answer):
      // it is not taken up, and the server is told, so that no ghost of it stays in the meeting.
      if (name === null) return this.send({ type: "leave" });
      clearTimeout(this.joinTimer);
      const { participants } = this.options.store.getState();
      const latest = participants.every((p) => p.id === self.id || p.joinOrder < self.joinOrder);
      const transport = this.transport;
      // Calls made as a visitor are with the participant the server has now admitted, by the same id.
      const sameCaller = this.visitorId === null || this.visitorId === self.id;
      this.visitorId = null;
      this.arrivalAsked = false;
      if (transport && transport.selfId === null && latest && sameCaller && this.route === "mesh") {
        // Offers made ahead from the pre-join screen were made as the newest participant: still true.
        transport.setSelf(self);
      } else if (transport && transport.selfId === self.id) {
        // Resumed after a dropped connection: the calls carry on; any negotiation cut off starts over.
        transport.recoverNegotiations();
      } else if (this.route === "mesh") {
        this.openMesh(self);
      } else {
        // On the SFU: its room is joined once the server has said how (its "sfu" message follows).
        this.closeMedia();
      }
      this.actions.setSelf(self);
      this.setJoinState({ phase: "in-call", name });
      this.openSfu();
      this.files.prefetchSoon();
      this.tab.rememberInCall(name);
    },
    arriving: ({ id }) => {
      const wasVisiting = this.visitorId !== null;
      this.visitorId = id;
      // The calls made ahead go out now rather than at the join.
      if (id !== null) return this.releaseHeldSignals();
      // The meeting was locked or moved to the SFU: the members have hung up these calls. A page on
      // its pre-join screen dials ahead again, holding its calls; one whose join is on its way dials
      // once the server admits it.
      if (!wasVisiting || this.transport?.selfId !== null) return;
      this.closeMedia();
      if (this.joinState.phase === "prejoin") this.prepareToJoin();
    },
    pong: () => {},
    signal: ({ from, fromLink, toLink, payload }) => {
      const signal = { fromLink, ...(toLink !== undefined && { toLink }), payload };
      // On the SFU nobody calls anybody for media: an offer made before the move (a newcomer dialling
      // ahead) is not taken up, and its sender's mesh closes once the SFU reaches everyone. Files
      // still go directly, on connections of their own, which a mesh never answers.
      if (this.route === "sfu") {
        if (isDataSignal(signal)) this.sfu?.handleSignal(from, signal);
        else if (payload.kind === "view") this.meshViewChanged(from, signal);
      } else if (!isDataSignal(signal)) {
        this.transport?.handleSignal(from, signal);
      }
    },
    "ice-config": ({ iceServers, iceTransportPolicy, expiresAt }) => {
      this.ice = { iceServers, iceTransportPolicy };
      this.transport?.setIceConfig(this.ice);
      this.scheduleIceRefresh(expiresAt);
    },
    sfu: (access) => {
      const { type, ...rest } = access;
      this.sfuAccess = rest;
      this.sfu?.setAccess(rest);
      this.openSfu();
      // The same request renews the SFU token, which Janus checks on every request, keepalives too.
      this.sfuRefreshTimer = this.refreshBefore(rest.expiresAt, this.sfuRefreshTimer);
    },
    knocking: ({ hostPresent }) => {
      this.actions.setHostPresent(hostPresent);
      if (this.joinState.phase === "knocking") return;
      // The host decides when; offers made ahead would be lost meanwhile, so the calls start afresh.
      clearTimeout(this.joinTimer);
      this.closeMedia();
      const name = joinName(this.joinState);
      if (name !== null) this.setJoinState({ phase: "knocking", name });
    },
    reaction: ({ from, reaction }) => {
      const id = this.actions.addReaction(from, reaction);
      setTimeout(() => this.actions.removeReaction(id), REACTION_SHOWN_MS);
    },
    "hand-lowered": ({ by }) => {
      this.actions.setHandRaised(false);
      const host = this.options.store.getState().participants.find((p) => p.id === by);
      this.actions.setNotice(`${host?.name ?? "The host"} lowered your hand.`);
    },
    knocks: ({ knocks }) => this.actions.setKnocks(knocks),
    chat: ({ message }) => this.actions.receiveChat(message),
    "chat-history": ({ messages }) => this.actions.setChatHistory(messages),
    error: (error) => {
      const { code, fatal } = error;
      const message = describeServerError(error, this.options.store.getState().capacity);
      if (fatal) {
        this.tab.rememberInCall(null);
        this.actions.setFatalError({ code, message });
        this.dispose();
        return;
      }
      // While joining, a refusal is the join's: say it rather than wait for ever. A call made ahead
      // bouncing (its person left as we pressed Join) is not one. A knock repeated after a reconnect
      // can find the waiting room full: that ends the knock too.
      const { phase } = this.joinState;
      const refusesKnock = code === "denied" || code === "waiting-room-full";
      const asking = phase === "joining" || phase === "knocking" || phase === "rejoining";
      const refusesJoin = phase === "joining" && !NOT_ABOUT_THE_JOIN.has(code);
      if (code === "room-full" || refusesJoin || (asking && refusesKnock)) {
        this.refuseJoin({ code, message });
        return;
      }
      if (code === "too-many-reactions") this.actions.setNotice(message);
      else console.warn(`Meeting server: ${message}`, error.detail ?? "");
    },
  };

  private setJoinState(state: JoinState): void {
    this.joinState = state;
    // Not in the meeting (any more): nobody to show as ourselves, including a join shown ahead.
    if (state.phase === "prejoin" || state.phase === "knocking") this.actions.setSelf(null);
    this.actions.setPhase(callPhaseOf(state));
  }

  private get inCall(): boolean {
    return this.joinState.phase === "in-call" || this.joinState.phase === "rejoining";
  }

  private refuseJoin(problem: RoomProblem): void {
    clearTimeout(this.joinTimer);
    this.closeMedia();
    this.actions.setJoinError(problem);
    this.setJoinState({ phase: "prejoin" });
  }

  /**
   * The server answers a join at once; silence means it is not getting through. It has its whole time
   * for each join sent, counted from when that went out: one sent again on a new connection (the
   * first lost with the old one) is not refused for the time the page spent reconnecting.
   */
  private watchJoin(): void {
    clearTimeout(this.joinTimer);
    this.joinTimer = setTimeout(() => {
      if (this.joinState.phase !== "joining") return;
      this.refuseJoin({
        code: "not-joined",
        message: "The meeting server didn't answer. Check your connection and try joining again.",
      });
    }, JOIN_TIMEOUT_MS);
  }

  private sendJoin(): void {
    const name = joinName(this.joinState);
    // A socket opening meanwhile does not send the join early: it goes once the mesh's code is here.
    if (name === null || this.meshLoading) return;
    if (this.joinState.phase === "joining") this.watchJoin();
    const hostKey = hostKeyFor(this.options.roomId);
    const presence = this.presence();
    this.sentPresence = JSON.stringify(presence);
    this.send({
      type: "join",
      version: PROTOCOL_VERSION,
      name,
      presence,
      session: this.tab.id,
      instance: this.instance,
      ...(hostKey && { hostKey }),
    });
  }

  /** Asks for fresh TURN credentials well before these expire, so a long meeting keeps its relay. */
  private scheduleIceRefresh(expiresAt: number | null): void {
    this.iceRefreshTimer = this.refreshBefore(expiresAt, this.iceRefreshTimer);
  }

  private refreshBefore(expiresAt: number | null, timer: ReturnType<typeof setTimeout> | undefined) {
    clearTimeout(timer);
    if (expiresAt === null) return undefined;
    const delay = Math.max(MIN_ICE_REFRESH_MS, (expiresAt - Date.now()) * 0.8);
    return setTimeout(() => this.send({ type: "refresh-ice" }), delay);
  }

  /** Ourselves as the server will admit us: the newest in, under the id it promised the visit. */
  private provisionalSelf(id: string, name: string): Participant {
    const { participants } = this.options.store.getState();
    const joinOrder = Math.max(-1, ...participants.map((p) => p.joinOrder)) + 1;
    // As the server will say it (only the flags that are on), so that its word, when it comes, is
    // the same participant and changes nothing on the screen.
    return { ...presenceOf(this.presence()), id, name, joinOrder, instance: this.instance };
  }

  /**
   * What we say of ourselves: muted or without video (off, or no device at all), hand up, recording.
   * Read from the store, which is where the page changes it.
   */
  private presence(): Presence {
    return selfPresence(this.options.store.getState());
  }

  /** Tells the server when what we say of ourselves changed, once per change. */
  private sendPresenceIfChanged(): void {
    if (!this.inCall) return;
    const presence = this.presence();
    const key = JSON.stringify(presence);
    if (key === this.sentPresence) return;
    this.sentPresence = key;
    this.send({ type: "presence", presence });
  }

  private send(message: ClientMessage): void {
    // Dropped, not queued, while the socket is down: a stale offer must not replay into a later
    // negotiation, and the join is sent again on open.
    if (this.socket?.readyState === SOCKET_OPEN) this.socket.send(encode(message));
  }

  private releaseHeldSignals(): void {
    const held = this.heldSignals ?? [];
    this.heldSignals = null;
    // People who left meanwhile get none of them.
    const present = new Set(this.options.store.getState().participants.map((p) => p.id));
    for (const { to, signal } of held) if (present.has(to)) this.send({ type: "signal", to, ...signal });
  }

  /**
   * How tall someone shows what the mesh being left sends them (0 once they have moved over). The
   * mesh is still the current transport while this page's SFU transport is not started (its code
   * loading): it still sends, so it still hears.
   */
  private meshViewChanged(from: string, signal: LinkSignal): void {
    const mesh = this.media.retiringTransport ?? (this.transport !== this.sfu ? this.transport : null);
    mesh?.handleSignal(from, signal);
    this.media.recheck();
  }

  /** The room server moved the meeting (to the SFU as it grew, back to the mesh as it shrank). */
  private setRoute(route: MediaRoute): void {
    if (route === this.route) return;
    this.route = route;
    if (route === "mesh") this.sfuCode.giveUp();
    if (!this.inCall) return;
    const self = this.options.store.getState().self;
    if (route === "sfu") this.openSfu();
    else if (self) this.openMesh(self, { makeBeforeBreak: true });
  }

  /** On the SFU, once in the meeting and told how to join its room there. */
  private openSfu(): void {
    if (typeof RTCPeerConnection !== "undefined") this.sfuCode.want();
  }

  /** Starts the SFU transport if the meeting is (still) on the SFU and this page may join it there. */
  private startSfu(createSfuTransport: SfuTransportFactory): void {
    const self = this.options.store.getState().self;
    const access = this.sfuAccess;
    if (this.route !== "sfu" || !access || !self || !this.inCall) return;
    // One being left for the mesh (the meeting shrank, then grew again within the move) is not
    // revived: a new one takes over, and the one being left closes without saying it published
    // nothing. Its pictures go with it, before the new one's arrive: a rare case, kept simple.
    if (this.sfu && this.sfu === this.transport) return;
    let sfu: ReturnType<SfuTransportFactory> | null = null;
    sfu = createSfuTransport({
      ...this.transportOptions(self, () => sfu),
      access,
      sendSignal: (to, signal) => this.send({ type: "signal", to, ...signal }),
      publishFeeds: ({ camera, screen }) => {
        if (this.sfu === sfu) this.send({ type: "feeds", camera, screen });
      },
      onRoomMissing: (room) => this.send({ type: "sfu-room-missing", room }),
    });
    this.sfu = sfu;
    this.start(sfu, { makeBeforeBreak: this.transport !== null });
    sfu.syncRoster(this.options.store.getState().participants);
  }

  /** Null where the browser has no WebRTC: the page still shows who is here, without calls. */
  private openMesh(
    self: Participant | null,
    { makeBeforeBreak = false }: { makeBeforeBreak?: boolean } = {},
  ): MediaTransport | null {
    const createTransport = this.createMesh();
    if (!makeBeforeBreak) this.closeMedia();
    // Joins wait for the mesh's code, so in a meeting it is always here; without WebRTC there is none.
    if (typeof RTCPeerConnection === "undefined" || !createTransport) return null;
    let mesh: MediaTransport | null = null;
    mesh = createTransport({
      ...this.transportOptions(self, () => mesh),
      sendSignal: (to, signal) => {
        if (this.heldSignals) this.heldSignals.push({ to, signal });
        else this.send({ type: "signal", to, ...signal });
      },
    });
    this.start(mesh, { makeBeforeBreak });
    return mesh;
  }

  /** The mesh's code is here (or WebRTC is not, and nothing can be dialled either way). */
  private get meshReady(): boolean {
    return this.createMesh() !== null || typeof RTCPeerConnection === "undefined";
  }

  private createMesh(): ((options: MediaTransportOptions) => MediaTransport) | null {
    if (this.options.createTransport) return this.options.createTransport;
    const mesh = loadedMesh();
    return mesh && ((options) => new mesh.Mesh(options));
  }

  /** What every transport is given: where media goes in the store, and how the calls stand. */
  private transportOptions(self: Participant | null, transport: () => MediaTransport | null) {
    const { store } = this.options;
    const accepted = (status?: LinkStatus) => {
      const current = transport();
      return current !== null && this.media.accepts(current, status);
    };
    return {
      self,
      ice: this.ice,
      certificates: this.certificate ? [this.certificate] : undefined,
      localStream: store.getState().localStream,
      sendSignal: () => {},
      onHeldStream: (peerId: string, stream: MediaStream) => {
        if (accepted()) this.players.prepare(peerId, stream);
      },
      onRemoteStream: (peerId: string, stream: MediaStream) => {
        if (!accepted()) return;
        this.players.prepare(peerId, stream);
        // While the old transport still plays, its picture stays until the new one has media.
        if (!this.media.switching) return this.actions.setPeerStream(peerId, stream);
        transport()?.whenShowable(stream, () => {
          if (accepted()) this.actions.setPeerStream(peerId, stream);
        });
      },
      onRemoteScreen: (peerId: string, stream: MediaStream | null) => {
        if (accepted()) this.actions.setPeerScreen(peerId, stream);
      },
      onDataChannel: (peerId: string, channel: RTCDataChannel) => this.files.receive(peerId, channel),
      onLinkStatus: (peerId: string, status: LinkStatus, retryAt: number | null) => {
        const current = transport();
        if (current) this.media.noteStatus(current, peerId, status);
        if (!current || !accepted(status)) return;
        this.actions.setPeerStatus(peerId, status, retryAt);
        // Once connected, the certificates in use are settled: the pair's safety code can be shown.
        if (status !== "connected") return;
        void current.safetyCode(peerId).then((code) => {
          if (code && this.transport === current) this.actions.setPeerSafetyCode(peerId, code);
        });
      },
      onLinkError: (peerId: string, error: unknown) =>
        console.warn(`Call with ${peerId} hit an error:`, error),
    };
  }

  /** Brings a new transport up to date with the page: its screen, its views, who is here. */
  private start(transport: MediaTransport, { makeBeforeBreak }: { makeBeforeBreak: boolean }): void {
    const { store } = this.options;
    if (makeBeforeBreak) this.media.switchTo(transport);
    else this.media.replace(transport);
    // After a reconnect, a screen still being shared goes to the new calls too.
    transport.setScreen(store.getState().screen);
    for (const [peerId, maxHeight] of this.views.all()) transport.setView(peerId, maxHeight);
  }

  /** The transport a switch left behind has closed. */
  private retired(transport: MediaTransport): void {
    if (transport !== this.sfu) return;
    this.sfu = null;
    this.send({ type: "feeds", camera: null, screen: null });
  }

  private otherParticipants(): string[] {
    const { participants, self } = this.options.store.getState();
    return participants.filter((p) => p.id !== self?.id).map((p) => p.id);
  }

  private closeMedia(): void {
    this.media.close();
    this.sfu = null;
    this.heldSignals = null;
    this.actions.clearPeers();
  }
}
