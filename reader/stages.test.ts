// Each reader stage on documents written in the seeds' styles, against expected JSON committed
// beside them (test/fixtures/stages/<name>.<stage>.json). See test/helpers/expected.ts to update.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { expectMatchesFile } from "../test/helpers/expected.ts";
import { stageViews } from "../test/helpers/reader.ts";

const dir = join(import.meta.dirname, "../test/fixtures/stages");
const fixtures = readdirSync(dir).filter((f) => /\.(txt|html)$/u.test(f));

describe.each(fixtures)("%s", (file) => {
  const base = join(dir, file.replace(/\.[^.]+$/u, ""));
  it("clean: lines, removed furniture/spam/duplicates, hints", async () => {
    expectMatchesFile((await stageViews(join(dir, file))).clean, `${base}.clean.json`);
  });
  it("segment: documents and outline", async () => {
    expectMatchesFile((await stageViews(join(dir, file))).segment, `${base}.segment.json`);
  });
  it("extract: metadata, outline and quantities (gold schema)", async () => {
    expectMatchesFile((await stageViews(join(dir, file))).extract, `${base}.extract.json`);
  });
});
