// Journey (a): bureau staff import a plan document, see the reader's warnings, fix an item's title,
// confirm the targets and reject one, commit, and land on the new plan. Demo county (青川县), staff 刘芳
// of 基础教育股. The document is our own (e2e/fixtures/fenghe-2025.html): a web page with furniture,
// a spam line and a paragraph printed twice.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/fenghe-2025.html", import.meta.url));
let h: E2E;

e2eSuite("journey (a): import review").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "demo" });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("imports, fixes, confirms and commits a plan document", { timeout: 60_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "jichu");
    await page.getByTestId("main-menu").getByText("导入工作要点").click();
    await page.waitForURL(/\/import$/u);

    // upload through the drag-and-drop area's file input
    await page.locator('input[type=file][data-testid="upload-dragger"]').setInputFiles(FIXTURE);
    await page.waitForURL(/\/import\/\d+$/u);
    const draftId = Number(/\/import\/(\d+)$/u.exec(page.url())![1]);

    // the reader's warnings are shown, not hidden
    const warnings = page.getByTestId("reader-warnings");
    await expect.poll(() => warnings.textContent()).toContain("已删除广告或垃圾信息");
    await expect.poll(() => warnings.textContent()).toContain("重复");
    await expect.poll(() => page.getByTestId("review-title").textContent()).toContain("枫禾县教育局2025年工作要点");

    // source side: quantities are marked; the removed spam line is shown struck through
    const source = page.getByTestId("source-view");
    await expect.poll(() => source.locator('[data-mark="qty"]').count()).toBeGreaterThan(10);
    await expect.poll(() => source.locator('[data-mark="removed"]').filter({ hasText: "加微信" }).count()).toBe(1);

    // click a node: its source is scrolled into view and selected
    const tree = page.getByTestId("outline-tree");
    // a long outline scrolls (virtual list): the search box brings the node into view
    await page.getByTestId("outline-search").locator("input").fill("补充乡村教师");
    await page.getByTestId("outline-search").locator("input").press("Enter");
    await tree.getByText("补充乡村教师").click();
    const nodeKey = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("[data-testid^=node-]")]
        .find((e) => e.textContent?.includes("补充乡村教师"))
        ?.dataset.testid?.slice(5),
    );
    expect(nodeKey).toMatch(/^i\d+$/u);
    // the numbering as the document writes it, in the tree and the item editor
    await expect.poll(() => tree.getByTestId(`node-${nodeKey}`).getByTestId("node-number").textContent()).toBe("（一）");
    await expect.poll(() => page.getByTestId("item-panel").getByTestId("item-number").textContent()).toBe("（一）");
    const firstSpan = source.locator(`[data-item="${nodeKey}"]`).first();
    await page.waitForTimeout(600); // smooth scroll
    await expect.poll(() => firstSpan.isVisible()).toBe(true);
    const inView = await firstSpan.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);

    // fix one item: rename
    await page.getByTestId("rename-input").fill("补充配齐乡村教师");
    await page.getByTestId("rename-save").click();
    await tree.getByText("补充配齐乡村教师").waitFor();

    // reject one quantity as a target: "乡村学校不少于50名" is part of the 80, not a target of its own
    const panel = page.getByTestId("item-panel");
    const villageRow = panel.locator("[data-testid^=qty-q]").filter({ hasText: "乡村学校" });
    await villageRow.locator("[data-testid^=qty-reject-]").click();
    await expect.poll(() => source.locator('[data-mark="qtyOff"]').filter({ hasText: "50" }).count()).toBe(1);

    // confirm the targets of another item
    await page.getByTestId("outline-search").locator("input").fill("改善农村学校");
    await page.getByTestId("outline-search").locator("input").press("Enter");
    await tree.getByText("改善农村学校办学条件").click();
    await panel.getByTestId("confirm-all").click();
    await expect.poll(() => panel.locator(".anticon-check").count()).toBeGreaterThanOrEqual(6);

    // split an item in two, then merge the tail back; move an item up among its siblings
    const countItems = async () =>
      Number(/（(\d+)）/u.exec((await page.getByText(/识别出的大纲（\d+）/u).textContent()) ?? "")?.[1]);
    expect(await countItems()).toBe(12);
    await page.getByTestId("outline-search").locator("input").fill("实施教师能力提升培训");
    await page.getByTestId("outline-search").locator("input").press("Enter");
    await panel.getByRole("button", { name: /拆\s*分/u }).click();
    const splitText = page.getByTestId("split-text");
    const at = await splitText.evaluate((el: HTMLTextAreaElement) => {
      const i = el.value.indexOf("评选县级骨干教师");
      el.focus();
      el.setSelectionRange(i, i);
      el.dispatchEvent(new Event("select", { bubbles: true }));
      return i;
    });
    expect(at).toBeGreaterThan(0);
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /确\s*定|OK/u })
      .click();
    await expect.poll(countItems).toBe(13);
    await page.getByTestId("outline-search").locator("input").fill("评选县级骨干教师");
    await page.getByTestId("outline-search").locator("input").press("Enter");
    await panel.getByRole("button", { name: /并入上一条/u }).click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/u })
      .click();
    await expect.poll(countItems).toBe(12);
    await page.getByTestId("outline-search").locator("input").fill("加强学生心理健康教育");
    await page.getByTestId("outline-search").locator("input").press("Enter");
    await panel.getByRole("button", { name: "arrow-up" }).click();
    await expect
      .poll(async () => {
        const text = (await page.getByTestId("outline-tree").textContent()) ?? "";
        return text.indexOf("加强学生心理健康教育") < text.indexOf("开展安全隐患排查整治");
      })
      .toBe(true);
    await page.getByTestId("outline-search").locator("input").fill("改善农村学校");
    await page.getByTestId("outline-search").locator("input").press("Enter");

    await panel.locator(".ant-card-body").evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(700);
    await h.screenshot(page, "import-review");
    expect(h.errors(page)).toEqual([]);

    // commit → the new plan
    await page.getByTestId("commit").click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/u })
      .click();
    await page.waitForURL(/\/plans\/\d+$/u, { timeout: 15_000 });
    const planId = Number(/\/plans\/(\d+)$/u.exec(page.url())![1]);

    // what was committed: the renamed task, without the rejected target
    const list = await page.request.get(`/api/tasks?planId=${planId}&q=${encodeURIComponent("补充配齐乡村教师")}`);
    expect(list.status()).toBe(200);
    const tasks = (await list.json()).tasks as { id: number; title: string }[];
    expect(tasks.map((t) => t.title)).toEqual(["补充配齐乡村教师"]);
    const task = await (await page.request.get(`/api/tasks/${tasks[0]!.id}`)).json();
    const indicators = (task.targets ?? task.task?.targets ?? []).map((t: { indicator: string }) => t.indicator);
    expect(indicators).toContain("公开招聘教师");
    expect(indicators).not.toContain("乡村学校");
    const draft = await (await page.request.get(`/api/imports/${draftId}`)).json();
    expect(draft).toMatchObject({ status: "committed", planId });
  });
});
