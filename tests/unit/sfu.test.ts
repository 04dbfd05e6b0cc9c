import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { simulcastLayers } from "@/lib/rtc/janus/publisher";
import { layerFor } from "@/lib/rtc/sfu-transport";
import { DEFAULT_MESH_MAX, janusToken, readSfuSettings } from "@/party/sfu";

const env = {
  PARLEY_SFU_URL: "wss://sfu.example/janus",
  PARLEY_SFU_API_URL: "https://sfu.internal/janus/",
  PARLEY_SFU_TOKEN_SECRET: "token-secret",
  PARLEY_SFU_ADMIN_KEY: "admin-key",
};

describe("readSfuSettings", () => {
  it("reads a complete configuration, with defaults for the rest", () => {
    expect(readSfuSettings(env)).toMatchObject({
      browserUrl: "wss://sfu.example/janus",
      apiUrl: "https://sfu.internal/janus",
      meshMax: DEFAULT_MESH_MAX,
      capacity: 50,
    });
    expect(readSfuSettings({ ...env, PARLEY_MESH_MAX: "6", PARLEY_SFU_CAPACITY: "25" })).toMatchObject({
      meshMax: 6,
      capacity: 25,
    });
  });

  it("leaves the SFU off when anything is missing or unusable", () => {
    expect(readSfuSettings({})).toBeNull();
    expect(readSfuSettings({ ...env, PARLEY_SFU_ADMIN_KEY: " " })).toBeNull();
    expect(readSfuSettings({ ...env, PARLEY_SFU_URL: "https://not-a-socket" })).toBeNull();
    expect(readSfuSettings({ ...env, PARLEY_MESH_MAX: "one" })?.meshMax).toBe(DEFAULT_MESH_MAX);
    expect(readSfuSettings({ ...env, PARLEY_SFU_CAPACITY: "100000" })?.capacity).toBe(50);
  });
});

describe("janusToken", () => {
  it("signs expiry, realm and plugin as Janus's token_auth_secret checks them", async () => {
    const now = Date.UTC(2026, 10, 29, 12, 0, 0);
    const { token, expiresAt } = await janusToken("token-secret", 600, now);
    const expiry = now / 1000 + 600;
    const data = `${expiry},janus,janus.plugin.videoroom`;
    const signature = createHmac("sha1", "token-secret").update(data).digest("base64");
    expect(token).toBe(`${data}:${signature}`);
    expect(expiresAt).toBe(expiry * 1000);
  });
});

describe("simulcast", () => {
  it("sends three layers from 720p, two from 360p, one below, lowest first", () => {
    // Lowest first: a browser that sends fewer layers keeps the first ones.
    expect(simulcastLayers(720)?.map((l) => l.scaleResolutionDownBy ?? 1)).toEqual([4, 2, 1]);
    expect(simulcastLayers(480)?.map((l) => l.scaleResolutionDownBy ?? 1)).toEqual([2, 1]);
    expect(simulcastLayers(240)).toBeUndefined();
  });

  it("receives the layer a tile's size needs, and nothing for a tile out of sight", () => {
    expect(layerFor(0)).toBe("paused");
    expect(layerFor(180)).toBe(0);
    expect(layerFor(270)).toBe(0);
    expect(layerFor(360)).toBe(1);
    expect(layerFor(720)).toBe(2);
  });
});
