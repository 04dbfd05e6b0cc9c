import { describe, expect, it, vi } from "vitest";
import { LazyFileTransfers } from "@/lib/files/lazy-file-transfers";
import { createRoomStore } from "@/lib/store/room-store";
import { channelPair } from "./fake-channel";

const ada = { id: "a", name: "Ada", joinOrder: 0 };
const bea = { id: "b", name: "Bea", joinOrder: 1 };

describe("LazyFileTransfers", () => {
  it("keeps an offer that arrives before the transfer code has loaded, and answers it", async () => {
    const store = createRoomStore("k7fq-2m9x-p4tz-8hwn");
    store.getState().actions.setRoster([ada, bea], 6);
    const files = new LazyFileTransfers(store, () => null);
    const [sender, receiver] = channelPair();
    files.receive("a", receiver);
    // The offer goes out as the channel opens, while the code may still be on its way.
    sender.addEventListener("open", () =>
      sender.send(JSON.stringify({ type: "offer", name: "early.txt", size: 1, mime: "" })),
    );
    await vi.waitFor(() => expect(store.getState().transfers[0]?.state).toBe("offered"));
    expect(store.getState().transfers[0]?.name).toBe("early.txt");
    files.decline(store.getState().transfers[0]?.id ?? "");
    await vi.waitFor(() => expect(store.getState().transfers[0]?.state).toBe("declined"));
    files.dispose();
  });
});
