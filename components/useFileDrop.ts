"use client";
import { useState, type DragEvent } from "react";
import { filesUnavailable } from "@/lib/files/availability";
import { useRoomActions, useRoomSession, useRoomStoreApi } from "@/lib/hooks/room-context";

/** The person whose tile is under the pointer, if any: files dropped there go to them alone. */
function recipientAt(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const tile = target.closest<HTMLElement>(
    '[data-local="false"][data-participant-id], [data-screen="remote"]',
  );
  return tile?.dataset.participantId ?? tile?.dataset.screenOf ?? null;
}

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

/**
 * Files dragged onto the call: dropped on someone's tile they go to that person, anywhere else to
 * everyone. `dropHint` says which, while the files are held over the call.
 */
export function useFileDrop() {
  const { files } = useRoomSession();
  const storeApi = useRoomStoreApi();
  const { setSidePanel } = useRoomActions();
  const [dropHint, setDropHint] = useState<string | null>(null);

  const othersThan = (selfId: string | undefined) =>
    storeApi.getState().participants.filter((participant) => participant.id !== selfId);

  function onDragOver(event: DragEvent) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    const { self } = storeApi.getState();
    const others = othersThan(self?.id);
    const recipient = others.find((participant) => participant.id === recipientAt(event.target));
    setDropHint(
      filesUnavailable(others.length) ?? `Drop to send to ${recipient ? recipient.name : "everyone"}`,
    );
  }

  function onDragLeave(event: DragEvent) {
    if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) {
      setDropHint(null);
    }
  }

  function onDrop(event: DragEvent) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setDropHint(null);
    const { self } = storeApi.getState();
    const others = othersThan(self?.id);
    if (filesUnavailable(others.length)) return;
    const recipient = recipientAt(event.target);
    const to = others.some((p) => p.id === recipient) ? [recipient as string] : others.map((p) => p.id);
    if (to.length === 0 || event.dataTransfer.files.length === 0) return;
    for (const file of Array.from(event.dataTransfer.files)) files.send(file, to);
    setSidePanel("files");
  }

  return { dropHint, dropHandlers: { onDragOver, onDragLeave, onDrop } };
}
