import type { JanusSession } from "@/lib/rtc/janus/session";
import { JanusSubscriber } from "@/lib/rtc/janus/subscriber";

/** A subscriber on a Janus stand-in, with nothing listening to what it reports. */
export function subscriberOn(session: JanusSession): JanusSubscriber {
  return new JanusSubscriber({
    session,
    room: "room",
    pin: "pin",
    ice: { iceServers: [], iceTransportPolicy: "all" },
    onTracks: () => {},
    onFailed: () => {},
    onConnectionChange: () => {},
  });
}
