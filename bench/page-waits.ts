/**
 * Waiting for a moment in a page without disturbing it. Polling a page (Playwright's waitForFunction)
 * runs a script on its main thread every few milliseconds, in the middle of the call setup being
 * measured; instead the page is armed beforehand with a promise of the moment's wall-clock time, and
 * asked for it once. (No named functions inside the page's code: the compiler would wrap them in a
 * helper the page does not have.)
 */
import type { Page } from "playwright-core";

const WAIT_MS = 30_000;

type Waits = Record<string, Promise<number>>;

/** Arms the page: the time of its first performance mark whose name starts with `prefix`. */
export function armMark(page: Page, prefix: string): Promise<void> {
  return page.evaluate(
    ({ prefix, waitMs }) => {
      const waits = ((window as unknown as { __waits?: Waits }).__waits ??= {});
      waits[prefix] = new Promise<number>((resolve, reject) => {
        const observer = new PerformanceObserver((list) => {
          const mark = list.getEntries().find((entry) => entry.name.startsWith(prefix));
          if (!mark) return;
          observer.disconnect();
          resolve(performance.timeOrigin + mark.startTime);
        });
        observer.observe({ type: "mark" });
        setTimeout(() => reject(new Error(`no mark ${prefix}* within ${waitMs} ms`)), waitMs);
      });
    },
    { prefix, waitMs: WAIT_MS },
  );
}

/** Arms the page: the first number the page's own code assigns to `window[name]`. */
export function armValue(page: Page, name: string): Promise<void> {
  return page.evaluate(
    ({ name, waitMs }) => {
      const waits = ((window as unknown as { __waits?: Waits }).__waits ??= {});
      waits[name] = new Promise<number>((resolve, reject) => {
        let value: number | undefined;
        Object.defineProperty(window, name, {
          configurable: true,
          get() {
            return value;
          },
          set(assigned: number) {
            value = assigned;
            resolve(assigned);
          },
        });
        setTimeout(() => reject(new Error(`window.${name} not set within ${waitMs} ms`)), waitMs);
      });
    },
    { name, waitMs: WAIT_MS },
  );
}

/** The armed moment's wall-clock time, once it has come. */
export function armedTime(page: Page, key: string): Promise<number> {
  return page.evaluate((key) => {
    const wait = (window as unknown as { __waits?: Waits }).__waits?.[key];
    if (!wait) throw new Error(`nothing armed for ${key}`);
    return wait;
  }, key);
}
