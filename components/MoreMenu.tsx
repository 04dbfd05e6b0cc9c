"use client";
import type { ReactNode } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { MoreIcon } from "./call-icons";
import { Popover } from "./Popover";

/**
 * On a phone or in a short window, the controls that do not fit one row, behind one button. The same
 * controls as on a large screen, so a feature never exists on one and not the other. A side panel
 * chosen from it closes it: left open, it would cover the panel.
 */
export function MoreMenu({ children }: { children: ReactNode }) {
  const sidePanel = useRoomStore((state) => state.sidePanel);
  return (
    <Popover
      closeOn={sidePanel}
      label="More options"
      icon={<MoreIcon />}
      placement="fixed inset-x-2 bottom-20 flex-wrap justify-center gap-3 p-3"
    >
      {children}
    </Popover>
  );
}
