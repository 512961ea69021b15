// Journey (b): bureau staff assign a task to a school on the plan board (bulk assignment: lead unit and
// deadline) and dispatch it from the task page; the school logs in, accepts it (签收) and reports
// progress with two evidence files, one of them an image it can preview. Test county (青山县).
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";
import { PLAN_TEXT, PNG_1x1, apiAs, importPlan, serverDay } from "./journeys.ts";

let h: E2E;
let planId: number;
let taskId: number;

e2eSuite("journey (b): assign a task to a school, the school accepts and reports with a file").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "county" });
    const staff = await apiAs(h, "staff");
    const plan = await importPlan(staff, PLAN_TEXT);
    planId = plan.planId;
    taskId = plan.tasks.find((x) => x.title.includes("扩大普惠资源"))!.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("staff assigns and dispatches, the school accepts and reports with files", { timeout: 60_000 }, async () => {
    const deadline = serverDay(h, 60);
    const page = await h.newPage();
    await h.login(page, "staff");
    await page.getByTestId("main-menu").getByText("工作计划").click();
    await page.getByTestId("plans-table").getByRole("link", { name: "东坡县教育局2025年教育工作要点" }).click();
    await page.waitForURL(new RegExp(`/plans/${planId}$`, "u"));

    // select the task on the plan tree and assign it in bulk: lead unit = the school, a deadline
    const row = page.locator(`tr[data-row-key="${taskId}"]`);
    await row.getByRole("checkbox").check();
    await page.getByTestId("bulk-assign").click();
    const form = page.getByTestId("bulk-assign-form");
    await form.getByLabel("牵头单位").click();
    await form.getByLabel("牵头单位").fill("东坡镇中心");
    const option = page.locator(".ant-select-tree-node-content-wrapper", { hasText: "东坡镇中心小学" });
    await option.waitFor({ state: "visible" });
    await page.waitForTimeout(300); // the dropdown's opening animation
    await option.click();
    await expect.poll(() => form.textContent()).toContain("东坡镇中心小学（学校）");
    await form.getByLabel("完成时限").click();
    await form.getByLabel("完成时限").fill(deadline);
    await form.getByLabel("完成时限").press("Enter");
    await page
      .getByRole("button", { name: "保 存" })
      .or(page.getByRole("button", { name: "保存" }))
      .click();
    await expect.poll(() => row.textContent()).toContain("东坡镇中心小学");
    await expect.poll(() => row.textContent()).toContain(deadline);

    // the filters find it: lead unit and text search
    await page.getByTestId("plan-filters").getByPlaceholder("搜索任务标题、内容、单位").fill("普惠资源");
    await expect
      .poll(() =>
        page
          .locator("tr[data-row-key]")
          .filter({ has: page.getByTestId("task-link") })
          .count(),
      )
      .toBe(1);

    // open the task; only 交办 is offered to staff; dispatch it
    await row.getByTestId("task-link").click();
    await page.waitForURL(new RegExp(`/tasks/${taskId}$`, "u"));
    await page.getByTestId("action-dispatch").waitFor();
    await expect.poll(() => page.getByTestId("action-accept").count()).toBe(0);

    // someone else changes the task meanwhile (a co-unit added): the page's version is stale
    const other = await apiAs(h, "staff");
    const now = await other.get<{ version: number }>(`/tasks/${taskId}`);
    await other.send("PUT", `/tasks/${taskId}/assignment`, {
      version: now.version,
      leadUnitId: h.county!.school.id,
      coUnitIds: [h.county!.dept.finance.id],
      deadline,
    });
    await page.getByTestId("action-dispatch").click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s?定/u })
      .click();
    const stale = page.locator(".ant-modal-confirm");
    await expect.poll(() => stale.textContent()).toContain("该任务已被他人修改");
    await stale.getByRole("button", { name: /刷\s?新/u }).click();
    await expect.poll(() => page.getByTestId("assignment").textContent()).toContain("计财股");
    await expect(page.getByTestId("state-tag").first().getAttribute("data-state")).resolves.toBe("draft");

    // after the reload the dispatch goes through
    await page.getByTestId("action-dispatch").click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s?定/u })
      .click();
    await expect.poll(() => page.getByTestId("state-tag").first().getAttribute("data-state")).toBe("assigned");
    // the audit trail reloads after the state: wait for it rather than read it once
    await expect.poll(() => page.getByTestId("audit").textContent()).toContain("交办任务");

    // the school: accept (签收), then report with two files
    const school = await h.newPage();
    await h.login(school, "school");
    await school.goto(`/tasks/${taskId}`);
    await school.getByTestId("action-accept").click();
    await school
      .getByRole("dialog")
      .getByRole("button", { name: /确\s?定/u })
      .click();
    await expect.poll(() => school.getByTestId("state-tag").first().getAttribute("data-state")).toBe("accepted");

    const report = school.getByTestId("report-form");
    await report.getByTestId("report-text").fill("已完成三所幼儿园的选址，两所进入施工招标。");
    await report.locator("input[type=file]").setInputFiles([
      { name: "选址现场.png", mimeType: "image/png", buffer: PNG_1x1 },
      { name: "招标公告.txt", mimeType: "text/plain", buffer: Buffer.from("城区幼儿园施工招标公告", "utf8") },
    ]);
    await report.getByTestId("report-submit").click();
    const filed = school.getByTestId("report").first();
    await filed.waitFor();
    await expect(filed.getAttribute("data-review")).resolves.toBe("pending");
    await expect.poll(() => filed.textContent()).toContain("已完成三所幼儿园的选址");
    const evidence = filed.getByTestId("evidence-list");
    await expect.poll(() => evidence.textContent()).toContain("选址现场.png");
    await expect.poll(() => evidence.textContent()).toContain("招标公告.txt");

    // the image previews inline (fetched with the session, shown from a blob)
    await evidence.getByRole("button", { name: /预\s?览/u }).click();
    const img = school.getByTestId("evidence-image");
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);

    // the server has the report with both files
    const sup = await (
      await apiAs(h, "staff")
    ).get<{ reports: { evidence: { fileName: string }[] }[] }>(`/tasks/${taskId}/supervision`);
    expect(sup.reports).toHaveLength(1);
    expect(sup.reports[0]!.evidence.map((e) => e.fileName).sort()).toEqual(["招标公告.txt", "选址现场.png"]);
    // the one 409 we provoked (STALE_VERSION) is logged by Chromium as a failed resource; nothing else
    const errors = h.errors(page);
    expect(errors.filter((e) => e.includes("status of 409"))).toHaveLength(1);
    expect(errors.filter((e) => !e.includes("status of 409"))).toEqual([]);
    expect(h.errors(school)).toEqual([]);
  });
});
