"use client";
import { useId } from "react";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";
import type { RoomStoreState, SidePanel } from "@/lib/store/room-store";
import { IconButton } from "./Button";
import type { ChatIcon } from "./call-icons";

interface PanelToggleProps {
  panel: SidePanel;
  label: string;
  Icon: typeof ChatIcon;
}

/** What a panel's badge counts, and how a screen reader says it. */
const BADGES: Partial<
  Record<SidePanel, { count: (state: RoomStoreState) => number; noun: [string, string] }>
> = {
  chat: { count: (state) => state.unreadChat, noun: ["unread message", "unread messages"] },
  participants: {
    count: (state) => state.knocks.length,
    noun: ["person waiting to join", "people waiting to join"],
  },
  files: {
    count: (state) => state.transfers.filter((transfer) => transfer.state === "offered").length,
    noun: ["file waiting for an answer", "files waiting for an answer"],
  },
};

/** Opens or closes a side panel; chat and files also carry a count of what waits for the person. */
export function PanelToggle({ panel, label, Icon }: PanelToggleProps) {
  const { setSidePanel } = useRoomActions();
  const open = useRoomStore((state) => state.sidePanel === panel);
  const badge = BADGES[panel];
  const unread = useRoomStore((state) => badge?.count(state) ?? 0);
  const unreadId = useId();
  return (
    <IconButton
      label={label}
      pressed={open}
      tone={open ? "on" : "neutral"}
      aria-describedby={unread > 0 ? unreadId : undefined}
      onClick={() => setSidePanel(open ? null : panel)}
    >
      <Icon />
      {unread > 0 && (
        <span
          id={unreadId}
          className="absolute -top-1 -right-1 min-w-5 rounded-full bg-rose-500 px-1 text-xs font-semibold"
        >
          {unread > 99 ? "99+" : unread}
          <span className="sr-only"> {badge?.noun[unread === 1 ? 0 : 1]}</span>
        </span>
      )}
    </IconButton>
  );
}
