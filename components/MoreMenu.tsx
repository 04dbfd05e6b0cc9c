"use client";
import type { ReactNode } from "react";
import { MoreIcon } from "./icons";
import { Popover } from "./Popover";

/**
 * On a phone, the controls that do not fit one row, behind one button. The same controls as on a
 * wide screen, so a feature never exists on one and not the other.
 */
export function MoreMenu({ children }: { children: ReactNode }) {
  return (
    <Popover
      label="More options"
      icon={<MoreIcon />}
      placement="fixed inset-x-2 bottom-20 flex-wrap justify-center gap-3 p-3"
    >
      {children}
    </Popover>
  );
}
