"use client";
import { useId } from "react";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";
import { ChatIcon } from "./icons";

export function ChatToggle() {
  const { setChatOpen } = useRoomActions();
  const open = useRoomStore((state) => state.chatOpen);
  const unread = useRoomStore((state) => state.unreadChat);
  const unreadId = useId();
  return (
    <button
      type="button"
      aria-label="Chat"
      aria-pressed={open}
      aria-describedby={unread > 0 ? unreadId : undefined}
      onClick={() => setChatOpen(!open)}
      className={`relative flex h-12 w-12 items-center justify-center rounded-full border border-slate-500 hover:bg-slate-700 ${
        open ? "bg-sky-800" : "bg-slate-800"
      }`}
    >
      <ChatIcon />
      {unread > 0 && (
        <span
          id={unreadId}
          className="absolute -top-1 -right-1 min-w-5 rounded-full bg-rose-500 px-1 text-xs font-semibold"
        >
          {unread > 99 ? "99+" : unread}
          <span className="sr-only"> unread {unread === 1 ? "message" : "messages"}</span>
        </span>
      )}
    </button>
  );
}
