// Smoke test of W1's screens in the browser: login (wrong password, then right), my work, account,
// import, administration, the locale switch, role menus, and no console errors anywhere. Test county
// (test/factories.ts) with one task dispatched to the school so "my work" has something to show.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { e2eSuite, startE2E, type E2E } from "./harness.ts";

let h: E2E;

/** Visible text of the main menu. */
async function menu(page: Page): Promise<string> {
  return (await page.getByTestId("main-menu").textContent()) ?? "";
}

e2eSuite("screens: login, my work, account, import, admin").describe(() => {
  beforeAll(async () => {
    h = await startE2E({ seed: "county" });
    // one task dispatched to the school, through the API as bureau staff
    const staff = await login("staff");
    const plan = await staff("POST", "/api/plans", { title: "2025年工作要点" });
    const task = await staff("POST", `/api/plans/${plan.planId}/tasks`, {
      kind: "task",
      title: "推进学前教育普惠发展",
    });
    const v = (await staff("GET", `/api/tasks/${task.taskId}`)).version;
    await staff("PUT", `/api/tasks/${task.taskId}/assignment`, {
      version: v,
      leadUnitId: h.county!.school.id,
      coUnitIds: [],
      deadline: "2099-12-31",
      cadence: "monthly",
      milestones: [],
    });
    const v2 = (await staff("GET", `/api/tasks/${task.taskId}`)).version;
    await staff("POST", `/api/tasks/${task.taskId}/transitions`, { action: "dispatch", version: v2 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  /** A tiny API client for setting up data (not what is under test). */
  async function login(username: string) {
    const r = await fetch(`${h.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: "test-pass-2024" }),
    });
    const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
    const { csrfToken } = (await r.json()) as { csrfToken: string };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test set-up reads fields freely
    return async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${h.url}${path}`, {
        method,
        headers: { cookie, "x-csrf-token": csrfToken, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
  }

  it("refuses a wrong password with the Chinese message, then logs in", { timeout: 30_000 }, async () => {
    const page = await h.newPage();
    await page.goto("/");
    await page.waitForURL(/\/login/u);
    await page.getByTestId("login-submit").waitFor();
    await h.screenshot(page, "login");
    await page.getByLabel("用户名").fill("school");
    await page.getByLabel("密码").fill("wrong-password-1");
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByTestId("login-error").textContent()).toContain("用户名或密码错误");
    // the refused login is the only failed request the browser reports
    expect(h.errors(page).filter((e) => !e.includes("401"))).toEqual([]);
    await page.getByLabel("密码").fill("test-pass-2024");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-menu").waitFor();
    const header = await page.getByTestId("user-menu").textContent();
    expect(header).toContain("东坡镇中心小学");
    expect(header).toContain("学校");
  });

  it("shows the school its work and a menu without administration or import", { timeout: 30_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "school");
    await expect.poll(() => page.getByTestId("count-toAccept").textContent()).toContain("1");
    await expect.poll(() => page.getByTestId("work-list").textContent()).toContain("推进学前教育普惠发展");
    await expect.poll(() => page.getByTestId("notifications").textContent()).toContain("新交办任务");
    const items = await menu(page);
    expect(items).toContain("我的工作台");
    expect(items).not.toContain("系统管理");
    expect(items).not.toContain("导入工作要点");
    await page.waitForTimeout(300);
    await h.screenshot(page, "my-work");
    // a page the role may not use says so
    await page.goto("/admin/users");
    await expect.poll(() => page.getByTestId("page-error").textContent()).toContain("FORBIDDEN");
    // mark all notifications read
    await page.goto("/");
    await page
      .getByTestId("notifications")
      .getByRole("button", { name: /全部标为已读/u })
      .click();
    await expect
      .poll(async () => page.getByTestId("notifications").locator("[data-testid=notification]").count())
      .toBe(0);
    expect(h.errors(page)).toEqual([]);
  });

  it("switches to English and back, keeping the choice", { timeout: 30_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "staff");
    await page.getByTestId("locale-switch").getByText("EN").click();
    await expect.poll(() => menu(page)).toContain("My work");
    await page.reload();
    await expect.poll(() => menu(page)).toContain("Import plan");
    await page.getByTestId("locale-switch").getByText("中文").click();
    await expect.poll(() => menu(page)).toContain("导入工作要点");
    expect(h.errors(page)).toEqual([]);
  });

  it("lets the admin browse the org tree, create a user and reset a password", { timeout: 45_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "admin");
    expect(await menu(page)).toContain("系统管理");
    await page.goto("/admin/orgs");
    await page.getByTestId("org-tree").getByText("东坡镇中心小学").click();
    await expect.poll(() => page.getByText("2142000001").count()).toBe(1);
    await h.screenshot(page, "admin-orgs");

    await page.goto("/admin/users");
    await page.getByTestId("users-table").getByText("otherschool").first().waitFor();
    await page.getByTestId("user-create").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("用户名").fill("dongpo.teacher");
    await dialog.getByLabel("姓名").fill("李老师");
    await dialog.getByLabel("角色").click();
    await page
      .locator(".ant-select-item-option")
      .filter({ hasText: /^学校$/u })
      .click();
    await dialog.getByLabel("所属单位").click();
    await page.locator(".ant-select-tree-node-content-wrapper").filter({ hasText: "东坡镇中心小学" }).click();
    await dialog.getByRole("button", { name: /确\s*定|OK/u }).click();
    const secret = page.getByTestId("one-time-password");
    await secret.waitFor();
    const password = ((await secret.textContent()) ?? "").trim();
    expect(password).toMatch(/^[A-Za-z]{8}\d{3}$/u);
    await page.getByRole("button", { name: "我已记下" }).click();
    await page.getByTestId("users-table").getByText("dongpo.teacher").first().waitFor();
    await h.screenshot(page, "admin-users");
    // reset another user's password: a new one-time password is shown
    await page
      .getByTestId("users-table")
      .locator("tr")
      .filter({ hasText: "otherschool" })
      .getByRole("button", { name: /重置密码/u })
      .click();
    await page
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/u })
      .click();
    await expect.poll(async () => ((await secret.textContent()) ?? "").trim()).toMatch(/^[A-Za-z]{8}\d{3}$/u);
    await page.getByRole("button", { name: "我已记下" }).click();
    // the admin's own row (also the last active admin): no 停用, and the role cannot be changed
    const own = page
      .getByTestId("users-table")
      .locator("tr")
      .filter({ has: page.getByText("本人", { exact: true }) });
    await expect.poll(() => own.count()).toBe(1);
    await expect.poll(() => own.getByTestId("user-disable").count()).toBe(0);
    await own.getByRole("button", { name: /编\s*辑/u }).click();
    await expect.poll(() => dialog.getByText("不能修改自己的角色，请由其他系统管理员操作").count()).toBe(1);
    await expect(dialog.getByTestId("user-role").getAttribute("class")).resolves.toContain("ant-select-disabled");
    await dialog.getByRole("button", { name: /取\s*消|Cancel/u }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(h.errors(page)).toEqual([]);

    // the new user must change the one-time password first
    const user = await h.newPage();
    await user.goto("/login");
    await user.getByLabel("用户名").fill("dongpo.teacher");
    await user.getByLabel("密码").fill(password);
    await user.getByTestId("login-submit").click();
    await user.waitForURL(/\/account/u);
    await user.getByTestId("must-change").waitFor();
    await user.getByLabel("原密码").fill(password);
    await user.getByLabel("新密码", { exact: true }).fill("teacher-pass-2025");
    await user.getByLabel("确认新密码").fill("teacher-pass-2025");
    await user.getByRole("button", { name: "保存新密码" }).click();
    await user.waitForURL((u) => u.pathname === "/");
    await user.getByTestId("count-toAccept").waitFor();
    expect(h.errors(user)).toEqual([]);
  });

  it("opens the import page for staff and logs out", { timeout: 30_000 }, async () => {
    const page = await h.newPage();
    await h.login(page, "staff");
    await page.goto("/import");
    await page.locator(".ant-upload-drag").waitFor();
    await page.goto("/account");
    await page.getByText("修改密码").first().waitFor();
    await page.goto("/no-such-page");
    await page.getByText("页面不存在").waitFor();
    await h.logout(page);
    await page.goto("/");
    await page.waitForURL(/\/login/u);
    expect(h.errors(page)).toEqual([]);
  });
});
