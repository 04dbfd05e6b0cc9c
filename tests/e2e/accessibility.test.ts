import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { creatorOfMeeting, joinedParticipant, sharedChromium } from "../support/e2e-browser";

const appUrl = inject("appUrl");
const browser = sharedChromium();

/** The serious and critical WCAG 2.1 A/AA failures on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
}

async function newPage(): Promise<Page> {
  return (await newParticipantContext(browser())).newPage();
}

describe("accessibility, scanned with axe", () => {
  it("finds nothing serious on the lobby, the pre-join screen, or a meeting that does not exist", async () => {
    const page = await newPage();
    await page.goto(appUrl);
    await page.getByRole("button", { name: "New meeting" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "New meeting" }).click();
    await page.getByRole("button", { name: "Join now", disabled: false }).waitFor({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${appUrl}/room/aaaa-bbbb-cccc-dddd`);
    await page.getByRole("heading", { name: "Meeting not found" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("finds nothing serious in a call, with each panel and the shortcuts open", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    await joinedParticipant(browser(), appUrl, ada.roomId, "Bea");
    const page = ada.page;
    await page.locator('[data-local="false"]', { hasText: "Bea" }).waitFor();
    await page.keyboard.press("h");
    expect(await seriousViolations(page)).toEqual([]);
    for (const panel of ["Chat", "Participants", "Files", "Settings"]) {
      await page.getByRole("button", { name: panel, exact: true }).click();
      await page.getByRole("complementary", { name: panel }).waitFor();
      expect(await seriousViolations(page), `with ${panel} open`).toEqual([]);
    }
    await page.getByRole("button", { name: "Send a reaction" }).click();
    expect(await seriousViolations(page), "with the reactions open").toEqual([]);
    await page.keyboard.press("Escape");
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    expect(await seriousViolations(page), "with the shortcuts open").toEqual([]);
  });
});

describe("on a short window", () => {
  it("scrolls the Settings panel within itself, leaving the call's controls uncovered", async () => {
    const { page } = await creatorOfMeeting(browser(), appUrl, "Ada");
    await page.setViewportSize({ width: 1024, height: 600 });
    await page.getByRole("button", { name: "Settings", exact: true }).click();
    const settings = page.getByRole("complementary", { name: "Settings" });
    const last = settings.getByRole("button", { name: "Connection stats" });
    await last.scrollIntoViewIfNeeded();
    const panel = await settings.boundingBox();
    const lastBox = await last.boundingBox();
    expect(lastBox && panel && lastBox.y + lastBox.height).toBeLessThanOrEqual(
      (panel?.y ?? 0) + (panel?.height ?? 0),
    );
    // What is at the middle of each control is that control, not a panel spilling over it.
    for (const name of ["Microphone", "Camera", "Raise hand", "Settings", "Leave"]) {
      const box = await page.getByRole("button", { name, exact: true }).boundingBox();
      const onTop = await page.evaluate(
        ([x, y]) =>
          document
            .elementFromPoint(x ?? 0, y ?? 0)
            ?.closest("button")
            ?.getAttribute("aria-label") ??
          document.elementFromPoint(x ?? 0, y ?? 0)?.closest("button")?.textContent,
        [(box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2],
      );
      expect(onTop?.trim(), `what is on top of ${name}`).toBe(name);
    }
  });
});

describe("keyboard only", () => {
  /** Presses Tab until `name`'d button has focus (at most 60 times), as someone without a mouse would. */
  async function tabTo(page: Page, name: string): Promise<void> {
    for (let presses = 0; presses < 60; presses++) {
      const focused = await page.evaluate(() => {
        const active = document.activeElement;
        return active?.getAttribute("aria-label") ?? active?.textContent?.trim() ?? "";
      });
      if (focused === name) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  it("starts a meeting, joins, raises a hand, mutes and leaves without a mouse", async () => {
    const page = await newPage();
    await page.goto(appUrl);
    await tabTo(page, "New meeting");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/room\//);
    // The name field has focus from the start.
    await page.getByRole("button", { name: "Join now", disabled: false }).waitFor({ timeout: 20_000 });
    await page.keyboard.type("Ada");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Leave" }).waitFor({ timeout: 20_000 });

    await tabTo(page, "Raise hand");
    await page.keyboard.press("Space");
    expect(await page.getByRole("button", { name: "Raise hand" }).getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("m");
    expect(await page.getByRole("button", { name: "Microphone" }).getAttribute("aria-pressed")).toBe("false");
    await tabTo(page, "Leave");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => !url.pathname.startsWith("/room/"));
  });
});
