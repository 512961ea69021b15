import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "reader/**/*.test.ts",
      "cli/**/*.test.ts",
      "common/**/*.test.ts",
      "server/**/*.test.ts",
      "test/**/*.test.ts",
      "e2e/**/*.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
