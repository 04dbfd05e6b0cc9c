/**
 * The content policy: exactly what Parley uses. Its own scripts and styles, video and files as blob:
 * URLs, the room server over HTTP(S) and WebSocket, and the SFU's WebSocket when one is configured.
 * Media itself never goes through a URL.
 */
export function contentSecurityPolicy(
  partyHost: string,
  { development = false, sfuUrl = null }: { development?: boolean; sfuUrl?: string | null } = {},
): string {
  return [
    "default-src 'self'",
    // Next.js streams inline scripts with each page; hot reloading in development also needs eval.
    // WebAssembly may be compiled (the noise suppressor's), never JavaScript from strings.
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self' http://${partyHost} https://${partyHost} ws://${partyHost} wss://${partyHost}${sfuUrl ? ` ${sfuUrl}` : ""}${development ? " ws:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
