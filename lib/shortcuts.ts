/**
 * Single-key shortcuts in the call, as in Jitsi Meet. They never fire while the person is typing (in
 * the chat, a name field) or holding a modifier, so they cannot steal a letter or a browser shortcut.
 */
export const CALL_SHORTCUTS = [
  { key: "m", action: "toggleMicrophone", description: "Turn the microphone on or off" },
  { key: "v", action: "toggleCamera", description: "Turn the camera on or off" },
  { key: "c", action: "toggleChat", description: "Open or close the chat" },
  { key: "h", action: "toggleHand", description: "Raise or lower your hand" },
  { key: "?", action: "showShortcuts", description: "Show these shortcuts" },
] as const;

export type ShortcutAction = (typeof CALL_SHORTCUTS)[number]["action"];

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat: boolean;
  target: EventTarget | null;
}

export function shortcutFor(event: KeyPress): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isTyping(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return CALL_SHORTCUTS.find((shortcut) => shortcut.key === key)?.action ?? null;
}

function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
