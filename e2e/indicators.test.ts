// Journey (issue 5): data from a school up to the county's indicator, through the browser, on the demo
// county (青川县). The township re-opens a kindergarten's form of the latest census (set-up through the API); the school
// enters values in the grid, sees a validation violation, fixes it and submits; the township approves;
// the county's 学前三年毛入园率 in the explorer shows the new value at once. The same run takes the screenshots
// of the registry, the entry grid and the explorer (docs/screenshots/).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";
import { apiAs } from "./journeys.ts";
import { latestCensusYear } from "../server/modules/demo/index.ts";

// the demo's census years follow the clock: the latest round is the one still under review
const YEAR = String(latestCensusYear(new Date()));

let h: E2E;

const KG = "城关镇中心幼儿园";
const input = (page: Page, id: string) =>
  page.locator(`[data-testid="${id}"]`).locator("xpath=descendant-or-self::input").first();

interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

e2eSuite("journey: school data up to the county indicator").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "demo" });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it(
    "school enters, fixes a violation and submits; township approves; the county indicator follows",
    { timeout: 60_000 },
    async () => {
      const started = Date.now();
      const county = await apiAs(h, "guihua");
      const rounds = (await county.get<{ rounds: { id: number; period: string; rootUnitId: number }[] }>("/rounds"))
        .rounds;
      const round = rounds.find((r) => r.period === YEAR)!;
      expect(round).toBeTruthy();
      const detail = await county.get<{ units: { orgUnitId: number; name: string; type: string; status: string }[] }>(
        `/rounds/${round.id}`,
      );
      const kg = detail.units.find((u) => u.name === KG)!;
      const countyUnit = { id: round.rootUnitId };
      const kgerBefore = async () =>
        (
          await county.get<{ units: { id: number; values: Record<string, Record<string, Cell>> }[] }>(
            `/indicators/values?root=${countyUnit.id}&depth=0&years=${YEAR}&codes=KG_GER`,
          )
        ).units[0]!.values.KG_GER![YEAR]!;
      const before = await kgerBefore();
      expect(before.value).not.toBeNull();

      // set-up: the township re-opens the kindergarten's approved form (reason required)
      const township = await apiAs(h, "chengguan");
      if (kg.status !== "open")
        await township.send("POST", `/rounds/${round.id}/units/${kg.orgUnitId}/reopen`, { reason: "补录数据" });
      const form = await township.get<{
        values: { elementId: number; value: number }[];
        elements: { id: number; code: string }[];
      }>(`/rounds/${round.id}/units/${kg.orgUnitId}/values`);
      const idOf = (code: string) => form.elements.find((e) => e.code === code)!.id;
      const stored = (code: string) => Number(form.values.find((v) => v.elementId === idOf(code))?.value ?? 0);
      const teachers = stored("TEACHERS");
      const enrolBefore = stored("ENROLL_KG");

      // 1. the school: 数据采集 → the round → its form
      const page = await h.newPage();
      await h.login(page, "chengguanyou");
      await page.getByTestId("main-menu").getByText("数据采集").click();
      await page.getByTestId("rounds-table").getByText(`${YEAR}学年教育事业统计`).click();
      await page.getByTestId("round-units").getByText(KG).click();
      await page.getByTestId("entry-grid").waitFor();
      await expect.poll(() => page.getByTestId("entry-status").textContent()).toContain("填报中");

      // more graduates than teachers: the rule 本科及以上学历专任教师数 ≤ 专任教师数 fails on save
      const enrolNew = enrolBefore + 40;
      await input(page, "cell-ENROLL_KG").fill(String(enrolNew));
      await input(page, "cell-TEACHERS_BACHELOR").fill(String(teachers + 5));
      await page.getByTestId("entry-save").click();
      await page.getByTestId("violation-TEACHERS_BACHELOR").waitFor();
      await expect.poll(() => page.getByTestId("violations").textContent()).toContain("本科及以上学历专任教师数");
      await page.mouse.move(1200, 780); // no tooltip in the screenshot
      await h.screenshot(page, "data-entry");
      // submitting is refused while an error rule fails
      await page.getByTestId(`approval-submit-${kg.orgUnitId}`).click();
      await page.locator(".ant-message-error").waitFor();
      // fix it, save, submit
      await input(page, "cell-TEACHERS_BACHELOR").fill(String(Math.max(0, teachers - 1)));
      await page.getByTestId("entry-save").click();
      await page.getByTestId("violations-none").waitFor();
      await page.getByTestId(`approval-submit-${kg.orgUnitId}`).click();
      await page.getByTestId("entry-status").getByText("已上报").waitFor();
      await page.getByTestId("entry-locked").waitFor(); // read-only now
      await expect.poll(() => input(page, "cell-ENROLL_KG").isDisabled()).toBe(true);

      // 2. the township approves it from the round's form list
      const tp = await h.newPage();
      await h.login(tp, "chengguan");
      await tp.goto(`/data/rounds/${round.id}`);
      await tp.getByTestId(`approval-approve-${kg.orgUnitId}`).click();
      await tp.getByTestId(`status-${kg.orgUnitId}`).getByText("已审核").waitFor();

      // 3. the county: the explorer shows the new 毛入园率, equal to the server's Σ在园幼儿 / Σ3–5岁人口
      const after = await kgerBefore();
      expect(after.numerator).toBe(before.numerator! + 40);
      expect(after.value).toBeGreaterThan(before.value!);
      const cp = await h.newPage();
      await h.login(cp, "juzhang"); // the bureau head reads every unit of the county
      await cp.getByTestId("main-menu").getByText("指标监测").click();
      const cell = cp.getByTestId(`v-${countyUnit.id}-KG_GER-${YEAR}`);
      await cell.waitFor({ timeout: 15_000 });
      await expect
        .poll(() => cell.textContent())
        .toBe(`${after.value!.toLocaleString("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`);
      await cp.locator('[data-testid="explorer-bars"] canvas').first().waitFor();
      await cp.getByTestId("template-results").waitFor();
      await cp.waitForTimeout(600); // chart animation
      await h.screenshot(cp, "indicator-explorer");

      // 4. the registry (county staff keep it), for the screenshot
      const sp = await h.newPage();
      await h.login(sp, "guihua");
      await sp.getByTestId("main-menu").getByText("学校名录").click();
      await sp.getByTestId("registry-table").getByText(KG).waitFor();
      await h.screenshot(sp, "registry");

      // the one 409 we provoked (VALIDATION_RULES_FAILED on submit) is logged by Chromium as a failed
      // resource; nothing else
      const errors = h.errors(page);
      expect(errors.filter((e) => e.includes("status of 409"))).toHaveLength(1);
      expect(errors.filter((e) => !e.includes("status of 409"))).toEqual([]);
      for (const p of [tp, cp, sp]) expect(h.errors(p)).toEqual([]);
      console.log(`[e2e] indicators journey: ${Date.now() - started} ms; KG_GER ${before.value} → ${after.value}`);
    },
  );
  it("a registry import with bad rows shows the row-level errors and writes nothing", { timeout: 30_000 }, async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("学校名录");
    ws.addRow(["学校标识码", "学校名称", "所属单位", "办学类型", "办学性质", "普惠性", "城乡分类", "状态"]);
    ws.addRow(["21510320", "标识码不对小学", "城关镇教管中心", "小学", "公办", "", "城区", "在用"]);
    ws.addRow(["2151039901", "新建学校甲", "不存在的教管中心", "小学", "公办", "", "城区", "在用"]);
    ws.addRow(["2151039902", "新建学校乙", "城关镇教管中心", "大学", "公办", "", "城区", "在用"]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const staff = await apiAs(h, "guihua");
    const count = async () => (await staff.get<{ units: unknown[] }>("/registry")).units.length;
    const before = await count();

    const page = await h.newPage();
    await h.login(page, "guihua");
    await page.goto("/registry");
    await page.getByTestId("registry-table").waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: "学校名录.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer,
    });
    const table = page.getByTestId("row-errors");
    await table.waitFor();
    const rows = await table.locator("tbody tr.ant-table-row").allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain("学校标识码");
    expect(rows[1]).toContain("不存在的教管中心");
    expect(rows[2]).toContain("大学");
    expect(await count()).toBe(before);
    const errors = h.errors(page);
    expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
  });

  it(
    "a plan editor links a task's target to an indicator and sees achieved vs target",
    { timeout: 30_000 },
    async () => {
      const page = await h.newPage();
      await h.login(page, "jichu");
      await page.goto("/plans");
      await page.getByTestId("plans-table").locator("a").first().click();
      await page.locator('a[href^="/tasks/"]', { hasText: "扩大普惠性学前教育资源" }).first().click();
      const panel = page.getByTestId("task-indicators");
      await panel.waitFor();
      const row = panel.locator("tr", { hasText: "学前三年毛入园率" }).first();
      await row.locator(".ant-select").click();
      await page.keyboard.type("学前三年");
      await page.locator(".ant-select-item-option", { hasText: "学前三年毛入园率" }).first().click();
      await row.getByText("已确认").waitFor();
      // the figure on screen is the server's check for the linked indicator
      const taskId = Number(/\/tasks\/(\d+)/u.exec(page.url())![1]);
      const api = await apiAs(h, "jichu");
      const r = await api.get<{ targets: { indicator: string; check: { achieved: number; status: string } | null }[] }>(
        `/tasks/${taskId}/indicators`,
      );
      const check = r.targets.find((t) => t.indicator.includes("学前三年毛入园率"))!.check!;
      expect(check.achieved).not.toBeNull();
      await expect
        .poll(() => row.textContent())
        .toContain(`${check.achieved.toLocaleString("zh-CN", { maximumFractionDigits: 2 })}%`);
      await expect.poll(() => row.textContent()).toContain(check.status);
      expect(h.errors(page)).toEqual([]);
    },
  );
  it(
    "county staff close and re-open a round (its forms turn read-only) and add a custom 数据项",
    { timeout: 45_000 },
    async () => {
      const staff = await apiAs(h, "guihua");
      const round = (await staff.get<{ rounds: { id: number; period: string }[] }>("/rounds")).rounds.find(
        (r) => r.period === YEAR,
      )!;
      const kg = (await staff.get<{ units: { orgUnitId: number; name: string }[] }>(`/rounds/${round.id}`)).units.find(
        (u) => u.name === KG,
      )!;
      const page = await h.newPage();
      await h.login(page, "guihua");
      await page.goto(`/data/rounds/${round.id}`);
      await page.getByTestId("round-status").getByText("进行中").waitFor();
      await page.getByTestId("round-close").click();
      await page
        .locator(".ant-modal-confirm")
        .getByRole("button", { name: /确\s*定/u })
        .click();
      await page.getByTestId("round-status").getByText("已关闭").waitFor();
      await page.getByTestId("round-closed-note").waitFor();
      await expect.poll(() => page.getByTestId("round-upload").count()).toBe(0);
      // the township's view of a form in the closed round: read only, saying why
      const tp = await h.newPage();
      await h.login(tp, "chengguan");
      await tp.goto(`/data/rounds/${round.id}/units/${kg.orgUnitId}`);
      await expect.poll(() => tp.getByTestId("entry-locked").textContent()).toContain("已关闭");
      // re-open
      await page.getByTestId("round-reopen").click();
      await page
        .locator(".ant-modal-confirm")
        .getByRole("button", { name: /确\s*定/u })
        .click();
      await page.getByTestId("round-status").getByText("进行中").waitFor();
      expect((await staff.get<{ round: { status: string } }>(`/rounds/${round.id}`)).round.status).toBe("open");

      // 数据项: the drawer lists the built-in elements; a custom one is created from the form
      await page.goto("/data/rounds");
      await page.getByTestId("elements-open").click();
      await page.getByTestId("elements-table").getByText("ENROLL_KG").waitFor();
      await page.getByTestId("element-create").click();
      await input(page, "element-code").fill("LIBRARY_BOOKS");
      await input(page, "element-name").fill("图书册数");
      await page
        .locator(".ant-modal")
        .getByRole("button", { name: /保\s*存/u })
        .click();
      await page.getByTestId("elements-table").getByText("LIBRARY_BOOKS").waitFor();
      const els = (
        await staff.get<{ elements: { code: string; builtin: boolean; timeAggregation: string }[] }>("/data-elements")
      ).elements;
      expect(els.find((e) => e.code === "LIBRARY_BOOKS")).toMatchObject({ builtin: false, timeAggregation: "last" });
      for (const p of [page, tp]) expect(h.errors(p)).toEqual([]);
    },
  );
  it(
    "county staff define a custom indicator (a bad formula is refused with the server's message) and read it in the explorer",
    { timeout: 45_000 },
    async () => {
      const staff = await apiAs(h, "guihua");
      const round = (await staff.get<{ rounds: { period: string; rootUnitId: number }[] }>("/rounds")).rounds.find(
        (r) => r.period === YEAR,
      )!;
      const page = await h.newPage();
      await h.login(page, "guihua");
      await page.getByTestId("main-menu").getByText("指标监测").click();
      await page.getByTestId("custom-indicators").click();
      await page.getByTestId("custom-indicators-table").waitFor();
      await page.getByTestId("indicator-create").click();
      await input(page, "indicator-code").fill("KG_PER_POP");
      await input(page, "indicator-name").fill("在园幼儿与适龄人口之比");
      await page.getByTestId("indicator-numerator").fill("ENROLL_KG + NO_SUCH_ELEMENT");
      await page.getByTestId("indicator-denominator").fill("POP_3_5");
      const save = () =>
        page
          .locator(".ant-modal")
          .getByRole("button", { name: /保\s*存/u })
          .click();
      await save();
      await expect.poll(() => page.getByTestId("indicator-error").textContent()).toContain("NO_SUCH_ELEMENT");
      expect(
        (await staff.get<{ indicators: { code: string }[] }>("/indicators/catalogue")).indicators.map((d) => d.code),
      ).not.toContain("KG_PER_POP");
      await page.getByTestId("indicator-numerator").fill("ENROLL_KG");
      await save();
      await page.getByTestId("custom-indicators-table").getByText("KG_PER_POP").waitFor();
      await h.screenshot(page, "custom-indicators");
      await page.locator(".ant-drawer-close").click();
      await page.locator(".ant-drawer-open").waitFor({ state: "detached" });

      // the explorer offers it like a built-in: Σ在园幼儿 / Σ3–5岁人口 × 100, as the server computes it
      await page.getByTestId("explorer-indicators").click();
      await page.getByTestId("explorer-indicators").locator("input").fill("在园幼儿与适龄");
      await page.locator(".ant-select-dropdown").getByText("在园幼儿与适龄人口之比（自定义）").click();
      const v = (
        await staff.get<{ units: { values: Record<string, Record<string, { value: number }>> }[] }>(
          `/indicators/values?root=${round.rootUnitId}&depth=0&years=${YEAR}&codes=KG_PER_POP`,
        )
      ).units[0]!.values.KG_PER_POP![YEAR]!.value;
      await expect
        .poll(() => page.getByTestId(`v-${round.rootUnitId}-KG_PER_POP-${YEAR}`).textContent())
        .toBe(`${v.toLocaleString("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`);
      expect(h.errors(page).filter((e) => !e.includes("400"))).toEqual([]);
    },
  );
});
