// The render check: LibreOffice converts the bulletin and the summary of the demo county to PDF and
// pdftoppm turns the first page into a PNG, without error. Skipped on a machine without soffice, except
// in CI (CI=true), where a missing soffice fails with the apt line to add. Runs on the PGlite pass only.
// UPDATE_SAMPLES=1 copies the PNGs to docs/screenshots/ (the README shows them).
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/app.ts";
import { ENGINE } from "../../../test/db.ts";
import { seedDemo } from "../demo/index.ts";
import { buildBulletin } from "./build/bulletin.ts";
import { buildSummary } from "./build/summary.ts";
import { renderBulletinDocx, renderSummaryDocx } from "./render/docx.ts";
import { listPlans } from "../plans/index.ts";
import { actor } from "./test-support.ts";

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const SOFFICE = has("soffice");
const PDFTOPPM = has("pdftoppm");
const CI = process.env.CI === "true";
const SCREENSHOTS = join(import.meta.dirname, "../../../docs/screenshots");

let t: TestApp;
let dir: string;
const files: Record<string, Buffer> = {};

// the documents do not depend on the database engine: checked once, on the PGlite pass
describe.runIf(ENGINE === "pglite")("render check (LibreOffice)", () => {
  if (CI && (!SOFFICE || !PDFTOPPM)) {
    it("has soffice and pdftoppm in CI", () => {
      expect.fail(
        `${!SOFFICE ? "soffice" : "pdftoppm"} not found: the render check needs ` +
          "`apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-noto-cjk` in .ci/run",
      );
    });
    return;
  }
  if (!SOFFICE || !PDFTOPPM) {
    it.skip("needs soffice and pdftoppm (not installed here)", () => undefined);
    return;
  }

  beforeAll(async () => {
    t = await testApp();
    const demo = await seedDemo(t.deps);
    const leader = await actor(t.deps, demo.accounts.find((a) => a.role === "leader")!.username);
    const planId = (await listPlans(leader, t.deps))[0]!.id;
    const opts = { bodyFont: t.deps.config.REPORT_BODY_FONT };
    files.bulletin = await renderBulletinDocx(await buildBulletin(leader, planId, {}, t.deps, { issue: true }), opts);
    files.summary = await renderSummaryDocx(await buildSummary(leader, planId, {}, t.deps), opts);
    dir = mkdtempSync(join(tmpdir(), "luoshi-render-"));
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(["bulletin", "summary"])(
    "converts the %s to PDF and its first page to PNG",
    (name) => {
      const docx = join(dir, `${name}.docx`);
      writeFileSync(docx, files[name]!);
      execFileSync(
        "soffice",
        [
          `-env:UserInstallation=file://${join(dir, "profile")}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          docx,
        ],
        { stdio: "pipe", timeout: 120_000 },
      );
      const pdf = join(dir, `${name}.pdf`);
      expect(existsSync(pdf), `${name}.pdf`).toBe(true);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      expect(Number(/Pages:\s+(\d+)/u.exec(info)?.[1])).toBeGreaterThan(0);
      // A4: 595 x 842 pt
      expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841\.\d+|Page size:\s+595(\.\d+)? x 842/u);
      execFileSync(
        "pdftoppm",
        ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, join(dir, `${name}-page1`)],
        {
          timeout: 60_000,
        },
      );
      const png = join(dir, `${name}-page1.png`);
      expect(statSync(png).size).toBeGreaterThan(10_000);
      // every CJK font the document names is either installed or substituted by a CJK font (no boxes)
      const fonts = execFileSync("pdffonts", [pdf], { encoding: "utf8" });
      expect(fonts).toMatch(/CJK|Hei|Song|Kai|Fang|Noto|WenQuanYi|Droid/u);
      if (process.env.UPDATE_SAMPLES === "1") {
        mkdirSync(SCREENSHOTS, { recursive: true });
        copyFileSync(png, join(SCREENSHOTS, `${name}-page1.png`));
      }
    },
    180_000,
  );
});
