import { describe, expect, it } from "vitest";
import { relayTransport } from "@/lib/check/gather";

describe("relayTransport", () => {
  it("names the transport of a TURN url as people know it", () => {
    expect(relayTransport("turn:relay.example:3478")).toBe("UDP");
    expect(relayTransport("turn:relay.example:3478?transport=udp")).toBe("UDP");
    expect(relayTransport("turn:relay.example:3478?transport=tcp")).toBe("TCP");
    expect(relayTransport("turns:relay.example:5349?transport=tcp")).toBe("TLS");
  });
});
