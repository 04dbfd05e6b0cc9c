// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RoomProvider, useRoomSession, useRoomStore, useRoomStoreApi } from "@/lib/hooks/room-context";
import FakePartySocket from "../components/fake-party-socket";

vi.mock("partysocket", () => import("../components/fake-party-socket"));

afterEach(() => {
  cleanup();
  FakePartySocket.reset();
});

const OUTSIDE = "Room hooks must be used inside <RoomProvider>.";

function meeting(roomId: string) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <RoomProvider roomId={roomId} partyHost="party.test">
        {children}
      </RoomProvider>
    );
  };
}

describe("room context", () => {
  it.each<[string, () => unknown]>([
    ["useRoomStore", () => useRoomStore((state) => state.roomId)],
    ["useRoomSession", () => useRoomSession()],
    ["useRoomStoreApi", () => useRoomStoreApi()],
  ])("%s outside <RoomProvider> throws an error that says where it belongs", (_name, hook) => {
    expect(() => renderHook(hook)).toThrow(OUTSIDE);
  });

  it("gives each meeting its own store", () => {
    const first = renderHook(() => useRoomStoreApi(), { wrapper: meeting("aaaa-bbbb-cccc-dddd") });
    const second = renderHook(() => useRoomStoreApi(), { wrapper: meeting("eeee-ffff-gggg-hhhh") });

    expect(first.result.current.getState().roomId).toBe("aaaa-bbbb-cccc-dddd");
    expect(second.result.current.getState().roomId).toBe("eeee-ffff-gggg-hhhh");
    expect(first.result.current).not.toBe(second.result.current);
  });

  it("keeps one store and one socket across re-renders, and closes the socket on unmount", () => {
    const { result, rerender, unmount } = renderHook(() => useRoomStoreApi(), {
      wrapper: meeting("aaaa-bbbb-cccc-dddd"),
    });
    const store = result.current;

    rerender();
    expect(result.current).toBe(store);
    expect(FakePartySocket.instances).toHaveLength(1);

    unmount();
    expect(FakePartySocket.latest().closedByApp).toBe(true);
  });

  it("reflects the server's messages in the store its hooks read", () => {
    const { result } = renderHook(() => useRoomStore((state) => state.connection), {
      wrapper: meeting("aaaa-bbbb-cccc-dddd"),
    });
    expect(result.current).toBe("connecting");

    const socket = FakePartySocket.latest();
    act(() => socket.serverOpens());

    expect(result.current).toBe("open");
  });
});
