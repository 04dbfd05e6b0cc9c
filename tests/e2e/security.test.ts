import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** The safety code `viewer` shows for the pair with `other`. */
async function safetyCodeWith(viewer: Page, other: string): Promise<string> {
  const toggle = viewer.getByRole("button", { name: "Participants", exact: true });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  const verify = viewer.getByText(`Verify ${other}`, { exact: true });
  await verify.waitFor({ timeout: 20_000 });
  const details = verify.locator("xpath=..");
  if ((await details.getAttribute("open")) === null) await verify.click();
  const text = (await details.textContent()) ?? "";
  const code = /Safety code: (\d{5} \d{5} \d{5} \d{5})/.exec(text)?.[1];
  if (!code) throw new Error(`No safety code in: ${text}`);
  return code;
}

const cspViolations = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { __parley: { cspViolations: string[] } }).__parley.cspViolations,
  );

describe("verifying a call", () => {
  it("shows each pair the same safety code on both ends, and a different one for each pair", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, bea, cy] = [
      await participant(roomId, "Ada"),
      await participant(roomId, "Bea"),
      await participant(roomId, "Cy"),
    ];
    await expectRemoteVideosFlowing(cy, 2);
    const adaBea = await safetyCodeWith(ada, "Bea");
    expect(await safetyCodeWith(bea, "Ada")).toBe(adaBea);
    const adaCy = await safetyCodeWith(ada, "Cy");
    expect(await safetyCodeWith(cy, "Ada")).toBe(adaCy);
    const beaCy = await safetyCodeWith(bea, "Cy");
    expect(await safetyCodeWith(cy, "Bea")).toBe(beaCy);
    expect(new Set([adaBea, adaCy, beaCy]).size).toBe(3);
    // The whole call ran under the content policy without it blocking anything.
    for (const page of [ada, bea, cy]) expect(await cspViolations(page)).toEqual([]);
  });
});

describe("security headers", () => {
  it("are served on the lobby, a meeting page and a missing page", async () => {
    const roomId = await createRoom(partyHost);
    for (const path of ["/", `/room/${roomId}`, "/nowhere"]) {
      const response = await fetch(`${appUrl}${path}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(
        `connect-src 'self' http://${partyHost} https://${partyHost} ws://${partyHost} wss://${partyHost}`,
      );
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      // WebAssembly may be compiled (the noise suppressor), JavaScript from strings never.
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).toContain("'wasm-unsafe-eval'");
      expect(response.headers.get("permissions-policy")).toContain(
        "camera=(self), microphone=(self), display-capture=(self)",
      );
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });
});
