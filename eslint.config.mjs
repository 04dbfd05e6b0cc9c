import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  globalIgnores([
    ".next/**",
    ".partykit/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    // Copied from a package at build time (scripts/copy-media-assets.mjs).
    "public/noise-suppression/**",
    "public/background-effects/**",
  ]),
]);
