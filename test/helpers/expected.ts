// Compare a stage's output with the expected JSON committed beside its fixture.
// `UPDATE_EXPECTED=1 npx vitest run` rewrites the files after an intended change: review the diff.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export function expectMatchesFile(actual: unknown, file: string): void {
  const json = JSON.parse(JSON.stringify(actual)) as unknown;
  if (process.env.UPDATE_EXPECTED === "1") {
    writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
    return;
  }
  if (!existsSync(file))
    throw new Error(`missing expected file ${file}: run UPDATE_EXPECTED=1 npx vitest run and review it`);
  expect(json).toEqual(JSON.parse(readFileSync(file, "utf8")));
}
