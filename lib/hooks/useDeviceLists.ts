"use client";
import { useEffect } from "react";
import { listDevices } from "../rtc/devices";
import { useRoomSession, useRoomStore } from "./room-context";

/**
 * Keeps the store's device lists current: read once media is allowed (labels appear only then), and
 * again whenever a device is plugged in or out.
 */
export function useDeviceLists(): void {
  const session = useRoomSession();
  const mediaReady = useRoomStore((state) => state.mediaStatus === "ready");
  useEffect(() => {
    const devices = globalThis.navigator?.mediaDevices;
    if (!devices?.enumerateDevices) return;
    let current = true;
    const refresh = () => {
      void listDevices(devices).then((lists) => current && session.onDevicesListed(lists));
    };
    refresh();
    devices.addEventListener?.("devicechange", refresh);
    return () => {
      current = false;
      devices.removeEventListener?.("devicechange", refresh);
    };
  }, [session, mediaReady]);
}
