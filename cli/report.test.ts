// `luoshi report …` on an embedded database in a DATA_DIR: the files it writes hold what the use cases
// produce (read back), --issue numbers the bulletins, and failures give the usual exit codes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../server/db/migrate.ts";
import { getPlan } from "../server/modules/plans/index.ts";
import { docxText } from "../server/modules/reports/read-back.ts";
import { actor, buildScenario } from "../server/modules/reports/test-support.ts";
import { MovableClock } from "../server/platform/clock.ts";
import { loadConfig } from "../server/platform/config.ts";
import { openDatabase } from "../server/platform/db.ts";
import { ENGINE } from "../test/db.ts";
import { seedCounty } from "../test/factories.ts";
import type { Io } from "./io.ts";
import { EXIT, main } from "./main.ts";

let root: string;
let dataDir: string;
let planId: number;
let titles: string[];

function io() {
  let stdout = "";
  let stderr = "";
  const value: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { DATA_DIR: dataDir, LOG_LEVEL: "silent" },
  };
  return { io: value, out: () => stdout, err: () => stderr };
}

describe.runIf(ENGINE === "pglite")("luoshi report", () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "luoshi-report-"));
    dataDir = join(root, "data");
    const database = await openDatabase({ dataDir });
    await migrate(database);
    const deps = { database, config: loadConfig({}, { LOG_LEVEL: "silent" }), clock: new MovableClock(), mailer: null };
    const c = await seedCounty(deps);
    planId = (await buildScenario(deps, c)).planId;
    const { tree } = await getPlan(await actor(deps, "admin"), planId, deps);
    titles = tree.flatMap((s) => s.children.map((t) => t.title));
    await database.close();
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("issues numbered bulletins and writes them as .docx", async () => {
    for (const n of [1, 2]) {
      const file = join(root, `b${n}.docx`);
      const r = io();
      const code = await main(["report", "bulletin", "--plan", String(planId), "--issue", "--out", file], r.io);
      expect(code, r.err()).toBe(EXIT.OK);
      expect(r.out()).toContain(`第 ${n} 期`);
      const text = await docxText(readFileSync(file));
      expect(text).toContain(`第${n}期`);
      for (const t of titles) expect(text).toContain(t);
    }
  }, 60_000);

  it("writes the summary draft, the plan export and refuses to overwrite without --force", async () => {
    const file = join(root, "summary.docx");
    const r = io();
    expect(await main(["report", "summary", "--plan", String(planId), "--year", "2025", "--out", file], r.io)).toBe(
      EXIT.OK,
    );
    const text = await docxText(readFileSync(file));
    expect(text).toContain("一、2025年工作完成情况");
    expect(text).toContain("学前三年毛入园率达到92.4%");
    const again = io();
    expect(await main(["report", "summary", "--plan", String(planId), "--out", file], again.io)).toBe(EXIT.FAILED);
    expect(again.err()).toContain("--force");

    const xlsx = join(root, "plan.xlsx");
    expect(await main(["report", "plan", "--plan", String(planId), "--out", xlsx], io().io)).toBe(EXIT.OK);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const seen: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => seen.push(row.getCell(2).value));
    for (const t of titles) expect(seen).toContain(t);
  }, 60_000);

  it("exits 64 on bad usage and 2 when the plan is not there", async () => {
    const out = join(root, "x.docx");
    expect(await main(["report", "bulletin", "--plan", String(planId)], io().io)).toBe(EXIT.USAGE);
    expect(await main(["report", "memo", "--out", out], io().io)).toBe(EXIT.USAGE);
    expect(await main(["report", "indicators", "--years", "20x4", "--out", out], io().io)).toBe(EXIT.USAGE);
    const r = io();
    expect(await main(["report", "summary", "--plan", "99999", "--out", out], r.io)).toBe(EXIT.FAILED);
    expect(r.err()).toContain("NOT_FOUND");
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 60_000);
});
