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
    // browser journeys read pages that load asynchronously: every expect.poll waits up to 10 s (default 1 s)
    expect: { poll: { timeout: 10_000 } },
    pool: "forks",
  },
});
