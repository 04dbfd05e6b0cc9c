/**
 * Keeps a connection honest both ways: a ping every few seconds tells the server we are here (it lets
 * go of silent connections), and silence from the server for too long means the connection is dead
 * even if the browser has not noticed (a half-open TCP connection after sleep or a network change).
 */
export const PING_EVERY_MS = 5000;
export const SILENCE_LIMIT_MS = 12_000;

export class Heartbeat {
  private pinger: ReturnType<typeof setInterval> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ping: () => void,
    private readonly onSilence: () => void,
  ) {}

  start(): void {
    this.stop();
    this.pinger = setInterval(this.ping, PING_EVERY_MS);
    this.heard();
  }

  /** Anything from the server counts. */
  heard(): void {
    clearTimeout(this.watchdog);
    if (this.pinger === undefined) return;
    this.watchdog = setTimeout(this.onSilence, SILENCE_LIMIT_MS);
  }

  stop(): void {
    clearInterval(this.pinger);
    clearTimeout(this.watchdog);
    this.pinger = undefined;
  }
}
