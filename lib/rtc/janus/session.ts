/**
 * A Janus WebRTC Server session over its WebSocket API, for the VideoRoom plugin: requests matched to
 * their answers by transaction (each with a deadline), events routed to the handle they are for, and
 * keepalives carrying the current token. Janus's own janus.js does this too, but it also owns the peer
 * connections, which Parley must own (simulcast layers, views, statistics); the protocol itself is small.
 */

const PLUGIN = "janus.plugin.videoroom";
/** Janus ends a session after 60 s without a request. */
const KEEPALIVE_MS = 25_000;
/**
 * A keepalive unanswered only counts once nothing at all has come from Janus for this long. A page
 * starved of CPU (eight people on a weak laptop) or a Janus busy for a moment answers late, and
 * giving the session up then makes every page in the meeting publish and subscribe again at once,
 * which starves them further. A Janus that is gone closes the socket, or fails the media's ICE.
 */
const SILENCE_MS = 60_000;
/**
 * Every request has an answer within this, or counts as lost (and the page connects afresh). Generous:
 * a busy Janus answers late rather than never, and connecting afresh adds to what keeps it busy.
 */
const JANUS_REQUEST_TIMEOUT_MS = 20_000;

export type JanusMessage = Record<string, unknown> & { janus: string; transaction?: string; sender?: number };

/** A VideoRoom answer or event: the plugin's data, and the SDP that came with it. */
export interface PluginEvent {
  data: Record<string, unknown>;
  jsep?: RTCSessionDescriptionInit;
}

export class JanusError extends Error {
  constructor(
    message: string,
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

interface Pending {
  /** Plugin messages are acknowledged first and answered later; anything else is done at its ack. */
  answeredByAck: boolean;
  resolve: (message: JanusMessage) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface JanusSessionOptions {
  url: string;
  token: string;
  /** The session is over (the socket closed, Janus timed it out): everything made with it is gone. */
  onClosed: (reason: string) => void;
}

const randomTransaction = () => crypto.randomUUID();

export class JanusSession {
  private readonly pending = new Map<string, Pending>();
  private readonly handles = new Map<number, (event: PluginEvent) => void>();
  private keepalive: ReturnType<typeof setInterval> | undefined;
  private sessionId: number | null = null;
  private closed = false;
  private token: string;
  /** When anything last came from Janus. */
  private heardAt = performance.now();

  private constructor(
    private readonly socket: WebSocket,
    private readonly options: JanusSessionOptions,
  ) {
    this.token = options.token;
    socket.addEventListener("message", (event) => this.onFrame(event.data));
    socket.addEventListener("close", () => this.end("The connection to the media server closed."));
  }

  /** Opens the socket and creates the session; rejects within the request deadline if Janus is not there. */
  static async open(options: JanusSessionOptions): Promise<JanusSession> {
    const socket = new WebSocket(options.url, "janus-protocol");
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(new JanusError("The media server did not answer."));
      }, JANUS_REQUEST_TIMEOUT_MS);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new JanusError("The media server could not be reached."));
      });
    });
    const session = new JanusSession(socket, options);
    const created = await session.request({ janus: "create" });
    session.sessionId = idOf(created);
    session.keepalive = setInterval(() => {
      session.request({ janus: "keepalive" }).catch(() => {
        if (performance.now() - session.heardAt >= SILENCE_MS)
          session.close("the media server has not been heard from for a minute");
      });
    }, KEEPALIVE_MS);
    return session;
  }

  /** A fresh token from the room server; Janus checks the token on every request. */
  setToken(token: string): void {
    this.token = token;
  }

  /** A handle on the VideoRoom plugin; its asynchronous events go to `onEvent`. */
  async attach(onEvent: (event: PluginEvent) => void): Promise<JanusHandle> {
    const attached = await this.request({ janus: "attach", plugin: PLUGIN });
    const id = idOf(attached);
    this.handles.set(id, onEvent);
    return new JanusHandle(this, id);
  }

  /** Ends the session; `reason` says why to whoever is told it is over (`onClosed`). */
  close(reason = "closed"): void {
    if (this.closed) return;
    if (this.sessionId !== null && this.socket.readyState === WebSocket.OPEN) {
      this.send({ janus: "destroy", transaction: randomTransaction() });
    }
    this.socket.close();
    this.end(reason);
  }

  /** Sends a request and waits for its answer: a success, or for plugin messages the event after the ack. */
  request(body: Record<string, unknown>, handleId?: number): Promise<JanusMessage> {
    if (this.closed) return Promise.reject(new JanusError("The media server session is closed."));
    const transaction = randomTransaction();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new JanusError(`The media server did not answer a ${String(body.janus)} request.`));
      }, JANUS_REQUEST_TIMEOUT_MS);
      this.pending.set(transaction, { answeredByAck: body.janus !== "message", resolve, reject, timer });
      this.send({ ...body, transaction, ...(handleId !== undefined && { handle_id: handleId }) });
    });
  }

  /** Sends without waiting for an answer (trickled candidates: Janus acknowledges them only). */
  notify(body: Record<string, unknown>, handleId: number): void {
    if (!this.closed) this.send({ ...body, transaction: randomTransaction(), handle_id: handleId });
  }

  forget(handleId: number): void {
    this.handles.delete(handleId);
  }

  private send(body: Record<string, unknown>): void {
    const message = {
      ...body,
      token: this.token,
      ...(this.sessionId !== null && { session_id: this.sessionId }),
    };
    this.socket.send(JSON.stringify(message));
  }

  private onFrame(data: unknown): void {
    this.heardAt = performance.now();
    let message: JanusMessage;
    try {
      message = JSON.parse(String(data)) as JanusMessage;
    } catch {
      return;
    }
    if (message.janus === "timeout") return this.close("the media server timed the session out");
    const pending = message.transaction ? this.pending.get(message.transaction) : undefined;
    // A keepalive is answered with an ack alone; a plugin message's ack only says its answer will come.
    if (message.janus === "ack" && !pending?.answeredByAck) return;
    if (pending) {
      this.pending.delete(message.transaction ?? "");
      clearTimeout(pending.timer);
      const error = errorOf(message);
      if (error) pending.reject(error);
      else pending.resolve(message);
      return;
    }
    // Not an answer: an event of the plugin (someone published, an offer to update a subscription,
    // a hangup) for one of this session's handles.
    const handler = typeof message.sender === "number" ? this.handles.get(message.sender) : undefined;
    const event = pluginEventOf(message);
    if (handler && event) handler(event);
    else if (handler && message.janus === "hangup") handler({ data: { videoroom: "hangup" } });
  }

  private end(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new JanusError(reason));
    }
    this.pending.clear();
    this.handles.clear();
    this.options.onClosed(reason);
  }
}

/** An SDP for Janus; a simulcast offer says in which order its layers are listed. */
export type OutgoingJsep = RTCSessionDescriptionInit & { ridOrder?: "lmh" | "hml" };

const jsepOf = ({ type, sdp, ridOrder }: OutgoingJsep) => ({
  type,
  sdp,
  ...(ridOrder && { rid_order: ridOrder }),
});

/** One VideoRoom handle: a publisher, or the subscriber that receives everyone. */
export class JanusHandle {
  constructor(
    private readonly session: JanusSession,
    readonly id: number,
  ) {}

  /** A plugin request; resolves with the plugin's answer, rejects with its error. */
  async message(body: Record<string, unknown>, jsep?: OutgoingJsep): Promise<PluginEvent> {
    const answer = await this.session.request(
      { janus: "message", body, ...(jsep && { jsep: jsepOf(jsep) }) },
      this.id,
    );
    const event = pluginEventOf(answer);
    if (!event) throw new JanusError(`The media server gave no answer to ${String(body.request)}.`);
    return event;
  }

  trickle(candidate: RTCIceCandidate | null): void {
    this.session.notify(
      { janus: "trickle", candidate: candidate ? candidate.toJSON() : { completed: true } },
      this.id,
    );
  }

  detach(): void {
    this.session.forget(this.id);
    this.session.request({ janus: "detach" }, this.id).catch(() => {});
  }
}

function idOf(message: JanusMessage): number {
  const id = (message.data as { id?: unknown } | undefined)?.id;
  if (typeof id !== "number") throw new JanusError("The media server gave no id.");
  return id;
}

function errorOf(message: JanusMessage): JanusError | null {
  if (message.janus === "error") {
    const error = message.error as { code?: unknown; reason?: unknown } | undefined;
    return new JanusError(String(error?.reason ?? "Media server error"), Number(error?.code ?? 0) || null);
  }
  const data = pluginEventOf(message)?.data;
  if (data && "error_code" in data)
    return new JanusError(String(data.error), Number(data.error_code) || null);
  return null;
}

function pluginEventOf(message: JanusMessage): PluginEvent | null {
  const data = (message.plugindata as { data?: unknown } | undefined)?.data;
  if (typeof data !== "object" || data === null) return null;
  const jsep = message.jsep as RTCSessionDescriptionInit | undefined;
  return { data: data as Record<string, unknown>, ...(jsep && { jsep }) };
}
