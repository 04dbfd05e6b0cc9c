/**
 * The situations that once left two people unable to see each other for good, each repeated many
 * times in real Chromium: a failure one time in two cannot slip through. PARLEY_REPEAT changes how
 * many (20 by default).
 */
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { creatorOfMeeting, joinedParticipant, ownServers, sharedChromium } from "../support/e2e-browser";
import { alertText, expectRemoteVideosFlowing, REMOTE_SCREEN_TILES } from "../support/meeting-page";

const REPEAT = Number(process.env.PARLEY_REPEAT ?? 20);
/** A bound per round, generous for a busy machine: a round that never settles fails at its poll's bound. */
const PER_ROUND_MS = 60_000;
const browser = sharedChromium();
const servers = ownServers();

const remoteTiles = (page: Page) => page.locator('[data-local="false"][data-participant-id]').count();

/** Everyone sees everyone else's video arriving, one tile each, and no problem on screen. */
async function everyoneSeesEveryone(pages: Page[]): Promise<void> {
  await Promise.all(pages.map((page) => expectRemoteVideosFlowing(page, pages.length - 1)));
  for (const page of pages) {
    expect(await remoteTiles(page)).toBe(pages.length - 1);
    expect(await alertText(page)).not.toMatch(/Can't reach|Reconnecting/);
  }
}

async function reloadIntoCall(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole("button", { name: "Leave" }).waitFor({ timeout: 20_000 });
}

async function leave(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Leave" }).click();
  await page.context().close();
}

const repeat = async (times: number, round: (n: number) => Promise<void>) => {
  for (let n = 0; n < times; n++) await round(n);
};

describe("calls that come back every time", () => {
  it(
    `brings the person who started the meeting back after a reload (${REPEAT} times)`,
    async () => {
      await withTwoInCall(browser(), async ({ ada, bea }) => {
        await repeat(REPEAT, async () => {
          await reloadIntoCall(ada);
          await everyoneSeesEveryone([ada, bea]);
        });
      });
    },
    PER_ROUND_MS * REPEAT,
  );

  it(
    `brings them back after three reloads in a row (${REPEAT} times)`,
    async () => {
      await withTwoInCall(browser(), async ({ ada, bea }) => {
        await repeat(REPEAT, async () => {
          // Each reload as soon as the page is back in the call, before its calls have settled.
          for (let n = 0; n < 3; n++) await reloadIntoCall(ada);
          await everyoneSeesEveryone([ada, bea]);
        });
      });
    },
    PER_ROUND_MS * REPEAT,
  );

  /** Someone joins right after `fault`, again and again; everyone must see everyone each time. */
  const joinsAfter =
    (fault: (call: { ada: Page; bea: Page }, round: number) => Promise<void>) => async () => {
      await withTwoInCall(browser(), async ({ ada, bea, roomId }) => {
        await repeat(REPEAT, async (round) => {
          await fault({ ada, bea }, round);
          const cleo = await joinedParticipant(browser(), servers.app().url, roomId, "Cleo");
          await everyoneSeesEveryone([ada, bea, cleo]);
          await leave(cleo);
        });
      });
    };

  it(
    `connects someone who joins while the room server restarts under a call (${REPEAT} times)`,
    joinsAfter(async () => {
      await servers.party().halt();
      await servers.party().resume();
    }),
    PER_ROUND_MS * REPEAT,
  );

  it(
    `connects someone who joins while one member is cut off from the server (${REPEAT} times)`,
    joinsAfter(({ ada, bea }, round) =>
      (round % 2 === 0 ? ada : bea).evaluate(() =>
        (window as unknown as { __parley: { blockSockets(ms: number): void } }).__parley.blockSockets(4000),
      ),
    ),
    PER_ROUND_MS * REPEAT,
  );

  it(
    `gets both screens through when two people start sharing at the same moment (${REPEAT} times)`,
    async () => {
      await withTwoInCall(browser(), async ({ ada, bea }) => {
        await repeat(REPEAT, async () => {
          await Promise.all(
            [ada, bea].map((page) => page.getByRole("button", { name: "Share screen" }).click()),
          );
          await Promise.all(
            [ada, bea].map((page) => expectRemoteVideosFlowing(page, 1, REMOTE_SCREEN_TILES)),
          );
          await Promise.all(
            [ada, bea].map((page) => page.getByRole("button", { name: "Stop sharing" }).click()),
          );
          for (const page of [ada, bea]) {
            await expect.poll(() => page.locator(REMOTE_SCREEN_TILES).count(), { timeout: 15_000 }).toBe(0);
          }
          await everyoneSeesEveryone([ada, bea]);
        });
      });
    },
    PER_ROUND_MS * REPEAT,
  );
});

async function withTwoInCall(
  chromium: Browser,
  body: (call: { ada: Page; bea: Page; roomId: string }) => Promise<void>,
): Promise<void> {
  const { page: ada, roomId } = await creatorOfMeeting(chromium, servers.app().url, "Ada");
  const bea = await joinedParticipant(chromium, servers.app().url, roomId, "Bea");
  await everyoneSeesEveryone([ada, bea]);
  try {
    await body({ ada, bea, roomId });
  } finally {
    await Promise.all([ada, bea].map((page) => page.context().close()));
  }
}
