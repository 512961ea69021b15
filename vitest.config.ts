import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["reader/**/*.test.ts", "cli/**/*.test.ts", "common/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
