// Journey (c): the school has reported progress; bureau staff send the report back with a reason; the
// school sees why and reports again (with the figure achieved); staff accept it, and the task's progress
// and the target's achieved figure move. Test county (青山县).
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";
import { PLAN_TEXT, apiAs, assignAndMove, importPlan } from "./journeys.ts";

let h: E2E;
let taskId: number;

e2eSuite("journey (c): review, send back, report again, accept").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "county" });
    const staff = await apiAs(h, "staff");
    const school = await apiAs(h, "school");
    const plan = await importPlan(staff, PLAN_TEXT);
    taskId = plan.tasks.find((x) => x.title.includes("扩大普惠资源"))!.id;
    await assignAndMove(
      h,
      taskId,
      { leadUnitId: h.county!.school.id, deadlineInDays: 90 },
      [
        { who: staff, action: "dispatch" },
        { who: school, action: "accept" },
      ],
      staff,
    );
    await school.send("POST", `/tasks/${taskId}/reports`, { text: "幼儿园建设正在推进。", percent: 40 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it(
    "staff send a report back with a reason, the school reports again, staff accept",
    { timeout: 60_000 },
    async () => {
      const staff = await h.newPage();
      await h.login(staff, "staff");
      await staff.goto(`/tasks/${taskId}`);
      const first = staff.getByTestId("report").first();
      await first.waitFor({ timeout: 20_000 }); // the first page of a fresh browser loads the bundle
      await expect(first.getAttribute("data-review")).resolves.toBe("pending");
      // staff may review but not report: no report form for them
      await expect.poll(() => staff.getByTestId("report-form").count()).toBe(0);

      // send back: the reason is required (OK stays disabled without it)
      await first.getByTestId("review-return").click();
      const dialog = staff.getByRole("dialog");
      await expect.poll(() => dialog.getByRole("button", { name: /退\s?回/u }).isDisabled()).toBe(true);
      await dialog.getByTestId("return-reason").fill("请补充已开工幼儿园的名称和施工进度照片");
      await dialog.getByRole("button", { name: /退\s?回/u }).click();
      await expect.poll(() => first.getAttribute("data-review")).toBe("returned");
      await expect.poll(() => first.textContent()).toContain("请补充已开工幼儿园的名称和施工进度照片");

      // the school sees the reason and reports again, with the figure for the target
      const school = await h.newPage();
      await h.login(school, "school");
      await school.goto(`/tasks/${taskId}`);
      await expect.poll(() => school.getByTestId("report").first().textContent()).toContain("请补充已开工幼儿园的名称");
      const form = school.getByTestId("report-form");
      await form.getByTestId("report-text").fill("城关、东坡两所幼儿园已开工，主体完成 60%。");
      await form.getByTestId("report-percent").fill("60");
      await form.locator("input[placeholder='3']").fill("2"); // 新建城区幼儿园: target 3 所
      await form.getByTestId("report-submit").click();
      await expect.poll(() => school.getByTestId("report").count()).toBe(2);
      await expect(school.getByTestId("report").first().getAttribute("data-review")).resolves.toBe("pending");

      // staff accept the new report: the task's progress and the target's figure move
      await staff.reload();
      const latest = staff.getByTestId("report").first();
      await expect.poll(() => latest.textContent()).toContain("两所幼儿园已开工");
      await latest.getByTestId("review-accept").click();
      await expect.poll(() => latest.getAttribute("data-review")).toBe("accepted");
      const targets = staff.getByTestId("targets");
      await expect.poll(() => targets.textContent()).toContain("未达标");
      await expect.poll(() => targets.textContent()).toContain("2所");

      const api = await apiAs(h, "staff");
      const task = await api.get<{ progress: number; targets: { indicator: string; achieved: number | null }[] }>(
        `/tasks/${taskId}`,
      );
      expect(task.progress).toBe(60);
      expect(task.targets.find((x) => x.indicator.includes("幼儿园"))?.achieved).toBe(2);
      await expect.poll(() => staff.getByTestId("audit").textContent()).toContain("退回进展报告");
      expect(h.errors(staff)).toEqual([]);
      expect(h.errors(school)).toEqual([]);
    },
  );
});
