// Manual status override (人工调整亮灯): the plan editor opens a dispatched task, sets it red by hand with a
// reason; the status tag shows "红（人工）" with the rule's colour beside it, the history records the override
// with its reason; 恢复按规则计算 gives the colour back to the rule. Test county (青山县).
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";
import { PLAN_TEXT, apiAs, assignAndMove, importPlan } from "./journeys.ts";

let h: E2E;
let taskId: number;

e2eSuite("manual status override: set red by hand, then back to the rule").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "county" });
    const staff = await apiAs(h, "staff");
    const plan = await importPlan(staff, PLAN_TEXT);
    taskId = plan.tasks.find((x) => x.title.includes("扩大普惠资源"))!.id;
    await assignAndMove(
      h,
      taskId,
      { leadUnitId: h.county!.school.id, deadlineInDays: 60 },
      [{ who: staff, action: "dispatch" }],
      staff,
    );
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("overrides the colour with a reason and restores the rule", { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "staff");
    await page.goto(`/tasks/${taskId}`);
    await page.getByTestId("task-title").waitFor({ timeout: 20_000 });
    const tag = page.getByTestId("status-tag").first();
    const ruleColor = await tag.getAttribute("data-color");
    expect(ruleColor).not.toBe("red"); // dispatched, due in 60 days
    await expect.poll(() => tag.textContent()).not.toContain("人工");

    // 调整亮灯 → 红, with a reason
    await page.getByTestId("override").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("override-color").getByText("红灯（逾期或严重滞后）").click();
    const ok = dialog.getByRole("button", { name: /确\s?定/u });
    await expect.poll(() => ok.isDisabled()).toBe(true); // a reason is required
    await dialog.getByTestId("override-note").fill("校舍建设用地未落实，县政府专题会议要求挂牌督办");
    await ok.click();
    await expect.poll(async () => (await page.locator(".ant-message").textContent()) ?? "").toContain("亮灯已调整");
    await dialog.waitFor({ state: "hidden" });

    await expect.poll(() => tag.getAttribute("data-color")).toBe("red");
    await expect.poll(() => tag.textContent()).toContain("红");
    await expect.poll(() => tag.textContent()).toContain("（人工）");
    await expect.poll(() => page.getByTestId("status-reason").textContent()).toContain("校舍建设用地未落实");
    const audit = page.getByTestId("audit");
    await expect.poll(() => audit.textContent()).toContain("人工调整亮灯");
    await expect.poll(() => audit.textContent()).toContain("调整为红");
    await expect.poll(() => audit.textContent()).toContain("校舍建设用地未落实，县政府专题会议要求挂牌督办");
    await h.screenshot(page, "task-override");

    // 恢复按规则计算
    await page.getByTestId("override").click();
    await dialog.getByTestId("override-color").getByText("恢复按规则计算").click();
    await expect.poll(() => dialog.getByTestId("override-note").count()).toBe(0); // no reason needed
    await ok.click();
    await expect
      .poll(async () => (await page.locator(".ant-message").textContent()) ?? "")
      .toContain("已恢复按规则亮灯");
    await expect.poll(() => tag.getAttribute("data-color")).toBe(ruleColor);
    await expect.poll(() => tag.textContent()).not.toContain("人工");
    await expect.poll(() => audit.textContent()).toContain("恢复按规则亮灯");

    expect(h.errors(page)).toEqual([]);
  });
});
