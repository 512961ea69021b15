import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/app.ts";
import { PASSWORD, seedCounty, type County } from "../../../test/factories.ts";
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import { updateUser } from "./users.ts";

let t: TestApp;
let c: County;
beforeAll(async () => {
  t = await testApp({ LOGIN_MAX_FAILURES: 3 });
  c = await seedCounty(t.deps);
});
afterAll(() => t.close());

describe("accounts", () => {
  it("logs in with an HTTP-only SameSite cookie and returns a CSRF token", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "staff", password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((x) => x.name === "luoshi_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Strict");
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/u);
    expect(res.json().user).toMatchObject({ username: "staff", role: "staff" });
  });

  it("answers /auth/session without a session (user null) and with one (the user and the CSRF token)", async () => {
    const anon = await t.app.inject({ method: "GET", url: "/api/auth/session" });
    expect(anon.statusCode).toBe(200);
    expect(anon.json()).toEqual({ csrfToken: null, user: null });
    const staff = await t.as("staff");
    const r = await staff.request("GET", "/api/auth/session");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      csrfToken: staff.csrf,
      user: { username: "staff", orgUnit: { id: c.dept.basic.id } },
    });
  });

  it("refuses a wrong password with a code and a Chinese message", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "leader", password: "nope" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: "LOGIN_FAILED", message: "用户名或密码错误" });
  });

  it("locks an account after repeated failures, even for the right password", async () => {
    for (let i = 0; i < 3; i++)
      await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "observer", password: "wrong" },
      });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "observer", password: PASSWORD },
    });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe("ACCOUNT_LOCKED");
  });

  it("requires the CSRF token on state-changing requests", async () => {
    const staff = await t.as("staff");
    const bad = await staff.request(
      "POST",
      "/api/auth/password",
      { currentPassword: PASSWORD, newPassword: "another-pass-99" },
      { headers: { "x-csrf-token": "forged" } },
    );
    expect(bad.status).toBe(403);
    expect(bad.json.error.code).toBe("CSRF_FAILED");
  });

  it("rejects unknown fields and malformed JSON with 400", async () => {
    const admin = await t.as("admin");
    const unknown = await admin.request("POST", "/api/users", {
      username: "new1",
      displayName: "新人",
      role: "school",
      orgUnitId: c.school.id,
      hacker: true,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe("VALIDATION");
    const malformed = await admin.request("POST", "/api/users", "{not json", {
      headers: { "content-type": "application/json", "x-csrf-token": admin.csrf },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("MALFORMED_JSON");
  });

  it("lets the admin create a user with a one-time password, who must change it", async () => {
    const admin = await t.as("admin");
    const res = await admin.request("POST", "/api/users", {
      username: "newschool",
      displayName: "新学校",
      role: "school",
      orgUnitId: c.school.id,
    });
    expect(res.status).toBe(201);
    const { password } = res.json as { password: string };
    const u = await t.as("newschool", password);
    const before = (await u.request("GET", "/api/auth/me")).json.user;
    expect(before).toMatchObject({ mustChangePassword: true, orgUnit: { id: c.school.id, type: "school" } });
    expect(before.orgUnit.name).toBeTruthy();
    const changed = await u.request("POST", "/api/auth/password", {
      currentPassword: password,
      newPassword: "my-new-pass-2025",
    });
    expect(changed.status).toBe(200);
    expect((await u.request("GET", "/api/auth/me")).json.user.mustChangePassword).toBe(false);
    await expect(t.as("newschool", password)).rejects.toThrow();
    await t.as("newschool", "my-new-pass-2025");
  });

  it("refuses user management to anyone but the admin", async () => {
    const leader = await t.as("leader");
    const res = await leader.request("POST", "/api/users", {
      username: "sneaky",
      displayName: "x",
      role: "admin",
      orgUnitId: c.county.id,
    });
    expect(res.status).toBe(403);
  });

  it("ends sessions of a disabled user", async () => {
    const admin = await t.as("admin");
    const finance = await t.as("finance");
    expect((await finance.request("GET", "/api/auth/me")).status).toBe(200);
    const list = (await admin.request("GET", "/api/users")).json.users as {
      id: number;
      username: string;
      version: number;
    }[];
    const f = list.find((u) => u.username === "finance")!;
    expect((await admin.request("PATCH", `/api/users/${f.id}`, { version: f.version, disabled: true })).status).toBe(
      200,
    );
    expect((await finance.request("GET", "/api/auth/me")).status).toBe(401);
  });

  it("refuses to let an administrator disable their own account", async () => {
    const admin = await t.as("admin");
    const list = (await admin.request("GET", "/api/users")).json.users as {
      id: number;
      username: string;
      version: number;
      disabled: boolean;
    }[];
    const me = list.find((u) => u.username === "admin")!;
    const r = await admin.request("PATCH", `/api/users/${me.id}`, { version: me.version, disabled: true });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe("CANNOT_DISABLE_SELF");
    expect((await admin.request("GET", "/api/auth/me")).status).toBe(200);
  });

  it("refuses to let an administrator change their own role, but saves the same role again", async () => {
    const admin = await t.as("admin");
    const me = (await admin.request("GET", "/api/users")).json.users.find(
      (u: { username: string }) => u.username === "admin",
    ) as { id: number; version: number };
    const r = await admin.request("PATCH", `/api/users/${me.id}`, { version: me.version, role: "staff" });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe("CANNOT_CHANGE_OWN_ROLE");
    expect(r.json.error.message).toContain("不能修改自己的角色");
    const same = await admin.request("PATCH", `/api/users/${me.id}`, {
      version: me.version,
      role: "admin",
      displayName: "系统管理员",
    });
    expect(same.status).toBe(200);
    expect(same.json.user).toMatchObject({ role: "admin", displayName: "系统管理员" });
    expect((await admin.request("GET", "/api/auth/me")).json.user.role).toBe("admin");
  });

  it("keeps the last active administrator: two admins demoting each other, the second is refused", async () => {
    const admin = await t.as("admin");
    const made = await admin.request("POST", "/api/users", {
      username: "admin2",
      displayName: "第二管理员",
      role: "admin",
      orgUnitId: c.county.id,
    });
    expect(made.status).toBe(201);
    const a2 = made.json.user as { id: number; version: number };
    const me = (await admin.request("GET", "/api/users")).json.users.find(
      (u: { username: string }) => u.username === "admin",
    ) as { id: number; version: number; orgUnitId: number };
    // admin2 as it was loaded for a request that started before admin demoted it (the race)
    const staleAdmin2: Actor = {
      id: a2.id,
      username: "admin2",
      displayName: "第二管理员",
      role: "admin",
      orgUnitId: c.county.id,
      orgPath: c.county.path,
      scopePath: c.county.path,
      departmentIds: [],
      csrfToken: "",
    };
    // with two active admins one may demote the other
    const demoted = await admin.request("PATCH", `/api/users/${a2.id}`, { version: a2.version, role: "staff" });
    expect(demoted.status).toBe(200);
    // now admin is the last one: neither demoted nor disabled
    for (const change of [{ role: "school" as const }, { disabled: true }]) {
      const err = await updateUser(staleAdmin2, me.id, { version: me.version, ...change }, t.deps).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("LAST_ADMIN");
    }
    const after = (await admin.request("GET", "/api/users")).json.users.find(
      (u: { username: string }) => u.username === "admin",
    );
    expect(after).toMatchObject({ role: "admin", disabled: false, version: me.version });
    expect((await admin.request("GET", "/api/auth/me")).status).toBe(200);
    // a disabled admin does not count: make admin2 an admin again but disabled, still refused
    const a2now = (await admin.request("GET", "/api/users")).json.users.find(
      (u: { username: string }) => u.username === "admin2",
    ) as { version: number };
    expect(
      (await admin.request("PATCH", `/api/users/${a2.id}`, { version: a2now.version, role: "admin", disabled: true }))
        .status,
    ).toBe(200);
    const err = await updateUser(staleAdmin2, me.id, { version: me.version, role: "staff" }, t.deps).catch((e) => e);
    expect((err as AppError).code).toBe("LAST_ADMIN");
  });

  it("lets the admin build the org tree, with unique school codes", async () => {
    const admin = await t.as("admin");
    const school = await admin.request("POST", "/api/orgs", {
      parentId: c.township.id,
      type: "school",
      name: "东坡镇第二小学",
      code: "2142000099",
      schoolType: "小学",
      ownership: "public",
    });
    expect(school.status, school.body).toBe(201);
    expect(school.json.unit.path).toBe(`${c.township.path}${school.json.unit.id}/`);
    const again = await admin.request("POST", "/api/orgs", {
      parentId: c.township.id,
      type: "school",
      name: "重复",
      code: "2142000099",
    });
    expect(again.status).toBe(409);
    const tree = (await admin.request("GET", "/api/orgs")).json.units as { name: string }[];
    expect(tree.map((u) => u.name)).toContain("东坡镇第二小学");
  });

  it("ends the session at logout, even though the caller was just seen", async () => {
    const staff = await t.as("staff");
    expect((await staff.request("GET", "/api/auth/me")).status).toBe(200);
    expect((await staff.request("POST", "/api/auth/logout")).status).toBe(200);
    expect((await staff.request("GET", "/api/auth/me")).status).toBe(401);
  });
});
