// Journey (e): the dashboard renders its charts (every chart a canvas of non-zero size, no console errors)
// on the demo county (青川县) with its living plan, fast. The same run takes the screenshots of the plan
// board, a task page, the supervision board and the dashboard (docs/screenshots/), populated with data.
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";
import { PLAN_TEXT, apiAs, importPlan } from "./journeys.ts";

let h: E2E;

const CHARTS = ["chart-sections", "chart-departments", "chart-trend", "chart-targets"];

e2eSuite("journey (e): the dashboard renders its charts").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "demo" });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it("renders KPI cards and four charts, fast and without console errors", { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "juzhang");
    const started = Date.now();
    await page.getByTestId("main-menu").getByText("数据看板").click();
    for (const id of CHARTS) await page.locator(`[data-testid="${id}"] canvas`).first().waitFor({ timeout: 20_000 });
    const ms = Date.now() - started;
    for (const id of CHARTS) {
      const size = await page
        .locator(`[data-testid="${id}"] canvas`)
        .first()
        .evaluate((c) => ({
          w: (c as HTMLCanvasElement).width,
          h: (c as HTMLCanvasElement).height,
          cw: c.clientWidth,
        }));
      expect(size.w, id).toBeGreaterThan(100);
      expect(size.h, id).toBeGreaterThan(100);
      expect(size.cw, id).toBeGreaterThan(100);
    }
    // the KPI cards carry the server's figures
    const api = await apiAs(h, "juzhang");
    const d = await api.get<{ kpi: { tasks: number; red: number }; bySection: unknown[]; targets: unknown[] }>(
      "/supervision/dashboard",
    );
    expect(d.kpi.tasks).toBeGreaterThan(10);
    expect(d.bySection.length).toBeGreaterThan(2);
    expect(d.targets.length).toBeGreaterThan(3);
    await expect.poll(() => page.getByTestId("kpi").textContent()).toContain(String(d.kpi.tasks));
    // the place for the indicator tiles is there (empty until issue 5 fills it)
    await expect.poll(() => page.getByTestId("indicator-tiles").count()).toBe(1);
    await page.waitForTimeout(800); // chart animations
    await h.screenshot(page, "dashboard");
    console.log(`[e2e] dashboard: charts drawn ${ms} ms after the click`);
    expect(ms).toBeLessThan(10_000);

    // one plan only: the charts redraw
    await page.getByTestId("dashboard-plan").click();
    await page.locator(".ant-select-item-option").nth(1).click();
    await page.locator('[data-testid="chart-sections"] canvas').first().waitFor();
    expect(h.errors(page)).toEqual([]);
  });

  it("screenshots: plan board, task page, supervision board", { timeout: 60_000 }, async () => {
    const staff = await apiAs(h, "jichu");
    const { plans } = await staff.get<{ plans: { id: number }[] }>("/plans");
    const planId = plans[0]!.id;

    const page = await h.newPage();
    await h.login(page, "jichu");
    await page.goto(`/plans/${planId}`);
    await page.getByTestId("plan-tree").waitFor({ timeout: 20_000 });
    await page.locator("[data-testid=plan-tree] [data-testid=task-link]").first().waitFor();
    await h.screenshot(page, "plan-board");
    // the timeline draws bars and milestones
    await page.getByTestId("view-switch").getByText("时间轴").click();
    await expect.poll(() => page.getByTestId("timeline-row").count()).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId("timeline-milestone").count()).toBeGreaterThan(0);
    expect(h.errors(page)).toEqual([]);

    // a task with a 督办单 and reports: as the bureau head
    const leader = await h.newPage();
    await h.login(leader, "juzhang");
    const lead = await apiAs(h, "juzhang");
    const { orders } = await lead.get<{ orders: { taskId: number }[] }>("/supervision/orders");
    expect(orders.length).toBeGreaterThan(0);
    await leader.goto(`/tasks/${orders[0]!.taskId}`);
    await leader.getByTestId("report").first().waitFor({ timeout: 20_000 });
    await leader.getByTestId("orders").waitFor();
    await h.screenshot(leader, "task-page");

    await leader.getByTestId("main-menu").getByText("督查督办").click();
    await leader.getByTestId("board-card").first().waitFor({ timeout: 20_000 });
    await leader.locator('[data-testid="ranking-chart"] canvas').first().waitFor();
    await expect.poll(() => leader.locator('[data-testid="board-card"][data-color="red"]').count()).toBeGreaterThan(0);
    await leader.waitForTimeout(600);
    await h.screenshot(leader, "supervision-board");
    expect(h.errors(leader)).toEqual([]);
  });

  it("under 全部计划 with two plans, names each section's plan", { timeout: 60_000 }, async () => {
    // a second plan (after the screenshots above, which show the demo plan alone)
    const staff = await apiAs(h, "jichu");
    await importPlan(staff, PLAN_TEXT.replace("东坡县", "青川县").replace("教育工作要点", "学前教育工作要点"));
    const api = await apiAs(h, "juzhang");
    const d = await api.get<{ bySection: { planId: number; planTitle: string }[] }>("/supervision/dashboard");
    const titles = [...new Set(d.bySection.map((s) => s.planTitle))];
    expect(titles).toHaveLength(2);

    const page = await h.newPage();
    await h.login(page, "juzhang");
    await page.getByTestId("main-menu").getByText("数据看板").click();
    await page.locator('[data-testid="chart-sections"] canvas').first().waitFor({ timeout: 20_000 });
    const caption = page.getByTestId("section-plans");
    await expect.poll(() => caption.locator("[data-plan]").count()).toBe(2);
    const text = (await caption.textContent()) ?? "";
    expect(text).toContain("2025年学前教育要点＝青川县教育局2025年学前教育工作要点");
    for (const t of titles) expect(text).toContain(`＝${t}`);
    // one plan chosen: its sections alone, no plan names
    await page.getByTestId("dashboard-plan").click();
    await page.locator(".ant-select-item-option").nth(1).click();
    await expect.poll(() => caption.count()).toBe(0);
    expect(h.errors(page)).toEqual([]);
  });
});
