// The reader on the hold-out corpus (test/fixtures/documents: documents the team wrote in the
// seeds' messy styles, with careful-reader annotations). Guards generalisation in every run.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument, toGold, type GoldFile } from "../reader/index.ts";
import { score } from "./helpers/score.ts";

const dir = join(import.meta.dirname, "fixtures/documents");
const golds = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("hold-out corpus", () => {
  it.each(golds)("%s", async (file) => {
    const gold = JSON.parse(readFileSync(join(dir, file), "utf8")) as GoldFile;
    const draft = await readDocument(readFileSync(join(dir, gold.file)), gold.file);
    const s = score(gold, toGold(draft));
    expect(s.docs).toBe(true);
    expect(s.outline).toBeGreaterThanOrEqual(0.95);
    expect(s.quantity).toBeGreaterThanOrEqual(0.8);
    expect(s.quantityFull).toBeGreaterThanOrEqual(0.75);
  });
});
