"use client";
import { FieldError } from "./FieldError";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { linkify } from "@/lib/chat/linkify";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import * as v from "valibot";
import { chatTextSchema, type ChatMessage } from "@/lib/protocol";
import { SidePanel } from "./SidePanel";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export function ChatPanel() {
  const session = useRoomSession();
  const messages = useRoomStore((state) => state.chat);
  const selfId = useRoomStore((state) => state.self?.id);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    // Keep the newest message in view as the conversation grows.
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages.length]);

  function check(text: string): string | null {
    const parsed = v.safeParse(chatTextSchema, text);
    return parsed.success ? null : parsed.issues[0].message;
  }

  function send(event?: FormEvent) {
    event?.preventDefault();
    const problem = check(draft);
    if (problem) return setError(problem);
    if (!session.sendChat(draft.trim())) {
      return setError("Not connected to the meeting server. Your message will be here when you try again.");
    }
    setDraft("");
    setError(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends; Shift+Enter is a new line; Enter while composing (IME) finishes the word.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  }

  return (
    <SidePanel label="Chat" title="Chat" closeLabel="Close chat">
      <ol ref={listRef} aria-label="Messages" className="flex-1 space-y-3 overflow-y-auto p-3">
        {messages.length === 0 && <li className="text-sm text-slate-400">No messages yet.</li>}
        {messages.map((message) => (
          <ChatLine key={message.id} message={message} own={message.from === selfId} />
        ))}
      </ol>
      <form onSubmit={send} className="space-y-2 border-t border-slate-700 p-3">
        <label htmlFor="chat-draft" className="sr-only">
          Message
        </label>
        <textarea
          id="chat-draft"
          value={draft}
          rows={2}
          placeholder="Message everyone"
          onChange={(event) => {
            setDraft(event.target.value);
            // Say "too long" as it is typed; "write something first" only when sending.
            setError(event.target.value.trim() ? check(event.target.value) : null);
          }}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="w-full resize-none rounded-xl border border-slate-600 bg-slate-950 px-3 py-2"
        />
        <FieldError id={errorId} error={error} small />
        <button
          type="submit"
          className="w-full rounded-full bg-sky-500 py-2 font-medium text-slate-950 hover:bg-sky-400"
        >
          Send
        </button>
      </form>
    </SidePanel>
  );
}

function ChatLine({ message, own }: { message: ChatMessage; own: boolean }) {
  return (
    <li className="space-y-0.5">
      <p className="text-xs text-slate-400">
        <span className="font-medium text-slate-200">{own ? `${message.name} (you)` : message.name}</span>{" "}
        <time dateTime={new Date(message.sentAt).toISOString()}>{timeFormat.format(message.sentAt)}</time>
      </p>
      <p className="break-words whitespace-pre-wrap">
        {linkify(message.text).map((segment, index) =>
          segment.kind === "link" ? (
            <a
              key={index}
              href={segment.href}
              target="_blank"
              rel="noopener noreferrer"
              className="text-sky-300 underline"
            >
              {segment.text}
            </a>
          ) : (
            <span key={index}>{segment.text}</span>
          ),
        )}
      </p>
    </li>
  );
}
