import { afterEach, describe, expect, it, vi } from "vitest";
import { FileTransfers } from "@/lib/files/file-transfers";
import { createRoomStore, type RoomStore } from "@/lib/store/room-store";
import { channelPair, type FakeChannel } from "./fake-channel";

const ada = { id: "a", name: "Ada", joinOrder: 0 };
const bea = { id: "b", name: "Bea", joinOrder: 1 };

function storeFor(self: typeof ada): RoomStore {
  const store = createRoomStore("k7fq-2m9x-p4tz-8hwn");
  store.getState().actions.setRoster([ada, bea], 6);
  store.getState().actions.setSelf(self);
  return store;
}

/** Ada and Bea, each with their own store and transfers, their channels wired to each other. */
function meeting() {
  const stores = { a: storeFor(ada), b: storeFor(bea) };
  const opened: FakeChannel[] = [];
  const transfers: Record<"a" | "b", FileTransfers> = {
    a: new FileTransfers(stores.a, (peerId) => connect("a", peerId)),
    b: new FileTransfers(stores.b, (peerId) => connect("b", peerId)),
  };
  function connect(from: "a" | "b", to: string) {
    const [here, there] = channelPair();
    opened.push(here, there);
    transfers[to as "a" | "b"].receive(from, there);
    return here;
  }
  return { stores, transfers, opened };
}

const only = (store: RoomStore) => {
  const [transfer] = store.getState().transfers;
  if (!transfer) throw new Error("No transfer listed.");
  return transfer;
};

afterEach(() => vi.restoreAllMocks());

describe("FileTransfers", () => {
  it("lists an offer for the receiver, opens the files panel, and finishes both sides once accepted", async () => {
    const { stores, transfers } = meeting();
    transfers.a.send(new File(["hello, Bea"], "hello.txt", { type: "text/plain" }), ["b"]);
    expect(only(stores.a)).toMatchObject({ direction: "outgoing", peerName: "Bea", state: "waiting" });
    await vi.waitFor(() => expect(only(stores.b).state).toBe("offered"));
    expect(only(stores.b)).toMatchObject({
      direction: "incoming",
      peerName: "Ada",
      name: "hello.txt",
      size: 10,
    });
    expect(stores.b.getState().sidePanel).toBe("files");

    transfers.b.accept(only(stores.b).id);
    await vi.waitFor(() => expect(only(stores.b).state).toBe("done"));
    await vi.waitFor(() => expect(only(stores.a).state).toBe("done"));
    const received = only(stores.b);
    expect(received.url).toMatch(/^blob:/);
    expect(received.bytes).toBe(10);
    expect(only(stores.a).bytesPerSecond).toBeGreaterThan(0);
    expect(only(stores.a).url).toBeNull();

    const revoke = vi.spyOn(URL, "revokeObjectURL");
    transfers.b.dismiss(received.id);
    expect(stores.b.getState().transfers).toEqual([]);
    expect(revoke).toHaveBeenCalledWith(received.url);
  });

  it("tells the sender when the receiver declines, and ignores a second answer", async () => {
    const { stores, transfers } = meeting();
    transfers.a.send(new File(["x"], "x.txt"), ["b"]);
    await vi.waitFor(() => expect(only(stores.b).state).toBe("offered"));
    transfers.b.decline(only(stores.b).id);
    transfers.b.accept(only(stores.b).id);
    await vi.waitFor(() => expect(only(stores.a).state).toBe("declined"));
    await vi.waitFor(() => expect(only(stores.b).state).toBe("declined"));
  });

  it("sends to each recipient on a channel of its own, and fails clearly for someone not connected", () => {
    const store = storeFor(ada);
    const opened: string[] = [];
    const transfers = new FileTransfers(store, (peerId) => {
      opened.push(peerId);
      return peerId === "b" ? channelPair()[0] : null;
    });
    transfers.send(new File(["x"], "x.txt"), ["b", "c"]);
    expect(opened).toEqual(["b", "c"]);
    const [toBea, toNobody] = store.getState().transfers;
    expect(toBea?.state).toBe("waiting");
    expect(toNobody).toMatchObject({ state: "failed", problem: "You're not connected to them yet." });
    transfers.dispose();
  });

  it("asks about at most five offers at a time from one person, declining the rest unasked", async () => {
    const { stores, transfers } = meeting();
    for (let n = 0; n < 8; n++) transfers.a.send(new File(["x"], `spam-${n}.txt`), ["b"]);
    await vi.waitFor(() =>
      expect(stores.a.getState().transfers.filter((t) => t.state === "declined")).toHaveLength(3),
    );
    expect(stores.b.getState().transfers.filter((t) => t.state === "offered")).toHaveLength(5);
  });

  it("closes a data channel that does not carry a file", () => {
    const store = storeFor(bea);
    const transfers = new FileTransfers(store, () => null);
    const [, other] = channelPair();
    other.protocol = "something-else";
    const close = vi.spyOn(other, "close");
    transfers.receive("a", other);
    expect(close).toHaveBeenCalled();
    expect(store.getState().transfers).toEqual([]);
  });

  it("cancels everything under way on dispose", async () => {
    const { stores, transfers, opened } = meeting();
    transfers.a.send(new File(["x"], "x.txt"), ["b"]);
    await vi.waitFor(() => expect(only(stores.b).state).toBe("offered"));
    transfers.a.dispose();
    await vi.waitFor(() => expect(only(stores.b).state).toBe("cancelled"));
    expect(only(stores.b).problem).toBe("The other person cancelled.");
    await vi.waitFor(() => expect(opened.every((channel) => channel.readyState === "closed")).toBe(true));
  });
});
