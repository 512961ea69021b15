// Journey (d): a task dispatched to a school and accepted, due in 3 days, is yellow on the supervision
// board; the server clock moves past the deadline (test-only clock, which runs the sweep): the task turns
// red, is escalated to its deputy leader (分管领导), who finds it on the board under their name and the
// escalation among the notifications on their home page; from the board they issue a 督办单.
// Test county (青山县).
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";
import { PLAN_TEXT, apiAs, assignAndMove, importPlan, serverDay } from "./journeys.ts";

let h: E2E;
let taskId: number;
let planId: number;

e2eSuite("journey (d): past the deadline, red on the board, escalated to the deputy leader").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "county" });
    const staff = await apiAs(h, "staff");
    const school = await apiAs(h, "school");
    const plan = await importPlan(staff, PLAN_TEXT);
    planId = plan.planId;
    taskId = plan.tasks.find((x) => x.title.includes("薄弱学校改造"))!.id;
    await assignAndMove(
      h,
      taskId,
      { leadUnitId: h.county!.school.id, deputyUserId: h.county!.users.deputy, deadlineInDays: 3 },
      [
        { who: staff, action: "dispatch" },
        { who: school, action: "accept" },
      ],
      staff,
    );
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("turns red and reaches the deputy leader after the deadline", { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "deputy");
    await page.getByTestId("main-menu").getByText("督查督办").click();
    const card = page.locator(`[data-testid="board-card"][data-task="${taskId}"]`);
    await card.first().waitFor({ timeout: 20_000 });
    await expect(card.first().getAttribute("data-color")).resolves.toBe("yellow"); // due within 7 days
    await expect.poll(() => card.first().getByTestId("escalated").count()).toBe(0);

    // five days later: two days past the deadline
    await h.setClock({ advanceDays: 5 });
    await page.reload();
    await card.first().waitFor({ timeout: 20_000 });
    await expect(card.first().getAttribute("data-color")).resolves.toBe("red");
    await expect.poll(() => card.first().textContent()).toContain("逾期 2 天");
    await expect.poll(() => card.first().getByTestId("escalated").textContent()).toContain("已升级分管领导");
    // grouped under the deputy leader's own name
    await page.getByTestId("group-switch").getByText("按分管领导").click();
    const group = page.getByTestId("board-group").filter({ has: page.locator(`[data-task="${taskId}"]`) });
    await expect.poll(() => group.locator(".ant-card-head").textContent()).toContain("deputy");
    // red only: still there
    await page.getByText("只看红灯").click();
    await expect.poll(() => card.count()).toBe(1);

    // the deputy issues a 督办单 from the board
    await card.getByTestId("board-order").click();
    const form = page.getByTestId("issue-order-form");
    await form.getByLabel("督办事由").fill("已超过完成时限 2 天，校舍改造未见进展");
    await form.getByLabel("督办要求").fill("三日内报送整改措施和施工计划");
    await form.getByLabel("办理期限").click();
    await form.getByLabel("办理期限").fill(serverDay(h, 3));
    await form.getByLabel("办理期限").press("Enter");
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /下\s?发/u })
      .click();
    await expect
      .poll(async () => (await page.locator(".ant-message").textContent()) ?? "")
      .toMatch(/督办〔\d{4}〕\d+号/u);

    // the escalation reached the deputy: on their home page
    await page.getByTestId("main-menu").getByText("我的工作台").click();
    const notes = page.getByTestId("notifications");
    await expect.poll(() => notes.textContent(), { timeout: 15_000 }).toContain("逾期督办");
    await expect.poll(() => notes.textContent()).toContain("实施薄弱学校改造");

    // and the school sees the order on its task page
    const school = await h.newPage();
    await h.login(school, "school");
    await school.goto(`/tasks/${taskId}`);
    await school.getByTestId("orders").waitFor({ timeout: 20_000 });
    await expect.poll(() => school.getByTestId("orders").textContent()).toContain("三日内报送整改措施");
    await expect(school.getByTestId("status-tag").first().getAttribute("data-color")).resolves.toBe("red");
    expect(h.errors(page)).toEqual([]);
    expect(h.errors(school)).toEqual([]);
  });

  it("staff issue the next numbered bulletin from the board and download it", { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "staff");
    await page.getByTestId("main-menu").getByText("督查督办").click();
    await page.getByTestId("bulletin-buttons").click();
    await page.getByText("印发下一期通报（编号存档）").click();
    const download = page.waitForEvent("download", { timeout: 30_000 });
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /印\s?发/u })
      .click();
    expect((await download).suggestedFilename()).toMatch(/\.docx$/u);
    const staff = await apiAs(h, "staff");
    const { bulletins } = await staff.get<{ bulletins: { number: number }[] }>(`/plans/${planId}/bulletins`);
    expect(bulletins.map((b) => b.number)).toEqual([1]);
    expect(h.errors(page)).toEqual([]);
  });
});
