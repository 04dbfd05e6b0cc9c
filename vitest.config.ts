import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    // The negotiation tests' libwebrtc binding refuses to change what a sender sends (priorities,
    // sizes), which the calls report and carry on without: hundreds of such lines would bury a real
    // failure. Chromium sets them, and the end-to-end tests check what it sends.
    onConsoleLog: (log) => !/^Couldn't limit the (audio|video) sent/.test(log),
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
          pool: "forks",
        },
      },
      {
        extends: true,
        test: {
          // Real peer connections from a native libwebrtc binding: alone in their own process, so
          // nothing else shares the machine's two cores with its network threads.
          name: "negotiation",
          include: ["tests/negotiation/**/*.test.ts"],
          environment: "node",
          pool: "forks",
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          // One browser and two servers on a 2-core machine: run the files one after another.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
