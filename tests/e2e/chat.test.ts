import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

const chatPanel = (page: Page) => page.getByRole("complementary", { name: "Chat" });

describe("chat", () => {
  it("carries a message from one person to everyone, and to someone who joins later", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus, grace] = [
      await participant(roomId, "Ada"),
      await participant(roomId, "Linus"),
      await participant(roomId, "Grace"),
    ];

    await ada.getByRole("button", { name: "Chat" }).click();
    await ada.getByRole("textbox", { name: "Message" }).fill("Agenda: https://example.com/agenda");
    await ada.getByRole("textbox", { name: "Message" }).press("Enter");

    for (const page of [linus, grace]) {
      // Closed panel: the toggle announces the unread message.
      await expect
        .poll(() => page.getByRole("button", { name: "Chat" }).getAttribute("aria-describedby"))
        .not.toBeNull();
      await page.getByRole("button", { name: "Chat" }).click();
      await chatPanel(page).getByText("Agenda:").waitFor();
      expect(await chatPanel(page).getByText("Ada", { exact: true }).count()).toBe(1);
      expect(await chatPanel(page).getByRole("link").getAttribute("href")).toBe("https://example.com/agenda");
    }

    const late = await participant(roomId, "Late");
    await late.getByRole("button", { name: "Chat" }).click();
    await chatPanel(late).getByText("Agenda:").waitFor();
  });
});
