// The import journey through HTTP: upload → review draft → edit ops → commit → plan tree with targets;
// and the ways it refuses: stale version, closed draft, bad ops, oversized and unsupported files, scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewDraft, ReviewItem } from "../../../common/schemas/plans.ts";
import { testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { ACTION_PLAN, KEY_POINTS, upload } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client;
beforeAll(async () => {
  t = await testApp({ UPLOAD_MAX_MB: 1 });
  c = await seedCounty(t.deps);
  staff = await t.as("staff");
});
afterAll(() => t.close());

const items = (d: ReviewDraft) => d.documents[0]!.items;
const byTitle = (d: ReviewDraft, title: string) => items(d).find((i) => i.title === title) as ReviewItem;

interface Node {
  id: number;
  kind: string;
  title: string;
  num: string | null;
  marker: string | null;
  leadUnit: { id: number; name: string } | null;
  coUnits: { id: number; name: string }[];
  deadline: string | null;
  state: string;
  statusColor: string;
  progress: number;
  source: { start: number; end: number } | null;
  targets: { indicator: string; value: number; unit: string; year: number | null; source: unknown }[];
  children: Node[];
}

describe("import a plan document", () => {
  let draftId: number;
  let version: number;
  let draft: ReviewDraft;

  it("uploads a document and stores an editable draft with the source text, in the actor's bureau", async () => {
    const res = await upload(staff, "/api/imports", "2025年工作要点.txt", KEY_POINTS);
    expect(res.status).toBe(201);
    draftId = res.json.draftId;
    version = res.json.version;
    draft = res.json.draft;
    expect(res.json.orgUnitId).toBe(c.bureau.id);
    expect(res.json.status).toBe("open");
    expect(draft.documents[0]!.title).toBe("青山县教育局2025年工作要点");
    expect(items(draft).map((i) => i.title)).toEqual([
      "推进基础教育优质均衡发展",
      "扩大学前教育资源",
      "推进义务教育均衡",
      "加强教师队伍建设",
      "开展教师培训",
      "深化县管校聘改革",
      "其他工作",
      "做好校园安全工作",
    ]);
    const first = byTitle(draft, "扩大学前教育资源");
    expect(first.quantities.map((q) => [q.indicator, q.value, q.unit, q.isTarget])).toEqual([
      ["新建幼儿园", 3, "所", true],
      ["学前三年毛入园率", 92, "%", true],
    ]);
    expect(new Set(items(draft).map((i) => i.key)).size).toBe(8);

    const got = await staff.request("GET", `/api/imports/${draftId}`);
    expect(got.status).toBe(200);
    expect(got.json.source).toContain("一、推进基础教育优质均衡发展");
    const src = first.src!;
    expect(got.json.source.slice(src.start, src.end)).toContain("扩大学前教育资源");
  });

  it("applies edit ops all together and bumps the version", async () => {
    const split = byTitle(draft, "推进义务教育均衡");
    const res = await staff.request("PATCH", `/api/imports/${draftId}`, {
      version,
      ops: [
        { op: "rename", itemKey: byTitle(draft, "扩大学前教育资源").key, title: "扩大普惠性学前教育资源" },
        { op: "split", itemKey: split.key, at: split.text.indexOf("2.") },
        { op: "merge", itemKey: byTitle(draft, "深化县管校聘改革").key, intoKey: byTitle(draft, "开展教师培训").key },
        { op: "delete", itemKey: byTitle(draft, "其他工作").key },
        { op: "setQuantity", quantityKey: split.quantities.find((q) => q.value === 5000)!.key, isTarget: false },
        {
          op: "addQuantity",
          itemKey: byTitle(draft, "做好校园安全工作").key,
          indicator: "安全隐患整改率",
          value: 100,
          unit: "%",
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.version).toBe(version + 1);
    const d = res.json.draft as ReviewDraft;
    expect(items(d).map((i) => `${i.level}:${i.title}`)).toEqual([
      "1:推进基础教育优质均衡发展",
      "2:扩大普惠性学前教育资源",
      "2:推进义务教育均衡",
      "2:落实控辍保学,义务教育巩固率保持在98%以上",
      "1:加强教师队伍建设",
      "2:开展教师培训",
      "2:做好校园安全工作",
    ]);
    const tail = items(d)[3]!;
    expect(tail.num).toBe("2");
    expect(tail.quantities.map((q) => q.value)).toEqual([98]);
    expect(tail.deadlines.map((x) => x.date)).toEqual(["2025-10-31"]);
    expect(tail.owners.map((o) => o.unit)).toEqual(["基础教育股"]);
    expect(items(d)[2]!.quantities.map((q) => [q.value, q.isTarget])).toEqual([[5000, false]]);
    expect(items(d)[5]!.text).toContain("县管校聘");
    draft = d;
    version = res.json.version;
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const res = await staff.request("PATCH", `/api/imports/${draftId}`, {
      version: version - 1,
      ops: [{ op: "rename", itemKey: items(draft)[0]!.key, title: "不该生效" }],
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("STALE_VERSION");
    expect(res.json.error.message).toBe("数据已被他人修改，请刷新后重试");
  });

  it("applies none of a list when one op is bad", async () => {
    const res = await staff.request("PATCH", `/api/imports/${draftId}`, {
      version,
      ops: [
        { op: "rename", itemKey: items(draft)[0]!.key, title: "不该生效" },
        { op: "merge", itemKey: items(draft)[1]!.key, intoKey: items(draft)[1]!.key },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("DRAFT_OP_INVALID");
    const missing = await staff.request("PATCH", `/api/imports/${draftId}`, {
      version,
      ops: [{ op: "delete", itemKey: "i999" }],
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("DRAFT_ITEM_NOT_FOUND");
    const unknown = await staff.request("PATCH", `/api/imports/${draftId}`, {
      version,
      ops: [{ op: "rename", itemKey: items(draft)[0]!.key, title: "x", extra: 1 }],
    });
    expect(unknown.status).toBe(400);
    const got = await staff.request("GET", `/api/imports/${draftId}`);
    expect(got.json.version).toBe(version);
    expect(items(got.json.draft)[0]!.title).toBe("推进基础教育优质均衡发展");
  });

  it("lets observers read a draft but not edit it; hides it from another county", async () => {
    const observer = await t.as("observer");
    expect((await observer.request("GET", `/api/imports/${draftId}`)).status).toBe(200);
    const edit = await observer.request("PATCH", `/api/imports/${draftId}`, {
      version,
      ops: [{ op: "rename", itemKey: items(draft)[0]!.key, title: "x" }],
    });
    expect(edit.status).toBe(403);
    const outsider = await t.as("outsider");
    expect((await outsider.request("GET", `/api/imports/${draftId}`)).status).toBe(404);
    expect((await outsider.request("POST", `/api/imports/${draftId}/commit`, {})).status).toBe(404);
  });

  it("commits the draft into a plan with a task tree, owners, deadlines and targets", async () => {
    const res = await staff.request("POST", `/api/imports/${draftId}/commit`, {});
    expect(res.status).toBe(201);
    const planId = res.json.planId as number;
    const plan = await staff.request("GET", `/api/plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.json.plan).toMatchObject({
      title: "青山县教育局2025年工作要点",
      docType: "key_points",
      years: [2025],
      orgUnitId: c.bureau.id,
      issuer: "青山县教育局",
      sourceDraftId: draftId,
    });
    const tree = plan.json.tree as Node[];
    expect(tree.map((n) => [n.kind, n.num, n.title])).toEqual([
      ["section", "一", "推进基础教育优质均衡发展"],
      ["section", "二", "加强教师队伍建设"],
    ]);
    // the numbering as the document writes it is kept for the screens (the split-off item keeps the marker the
    // reviewer gave it; the moved one keeps its own)
    expect(tree.flatMap((n) => [n.marker, ...n.children.map((c) => c.marker)])).toEqual([
      "一、",
      "（一）",
      "（二）",
      "2.",
      "二、",
      "（一）",
      "（一）",
    ]);
    const [preschool, balance, dropout] = tree[0]!.children;
    expect(preschool).toMatchObject({
      kind: "task",
      title: "扩大普惠性学前教育资源",
      leadUnit: { id: c.dept.basic.id, name: "基础教育股" },
      coUnits: [{ id: c.dept.finance.id, name: "计财股" }],
      deadline: "2025-08-31",
      state: "draft",
      statusColor: "grey",
      progress: 0,
    });
    expect(preschool!.targets.map((x) => [x.indicator, x.value, x.unit, x.year])).toEqual([
      ["新建幼儿园", 3, "所", 2025],
      ["学前三年毛入园率", 92, "%", 2025],
    ]);
    expect(preschool!.targets[0]!.source).toMatchObject({ text: "新建幼儿园3所" });
    expect(balance!.targets).toEqual([]);
    expect(dropout).toMatchObject({ num: "2", deadline: "2025-10-31", leadUnit: { name: "基础教育股" } });
    expect(dropout!.targets.map((x) => x.value)).toEqual([98]);
    // the deleted section's task now hangs under the section before it
    const [training, safety] = tree[1]!.children;
    expect(training!.targets.map((x) => x.value)).toEqual([1200]);
    expect(safety).toMatchObject({ title: "做好校园安全工作", leadUnit: { name: "安全股" }, deadline: "2025-12-31" });
    expect(safety!.targets.map((x) => [x.indicator, x.value, x.unit])).toEqual([["安全隐患整改率", 100, "%"]]);

    const list = await staff.request("GET", `/api/tasks?planId=${planId}`);
    expect(list.json.total).toBe(5);
    const audit = await staff.request("GET", `/api/imports/${draftId}`);
    expect(audit.json).toMatchObject({ status: "committed", planId });
  });

  it("refuses edits, a second commit and discard of a committed draft", async () => {
    const edit = await staff.request("PATCH", `/api/imports/${draftId}`, {
      version: version + 1,
      ops: [{ op: "rename", itemKey: items(draft)[0]!.key, title: "x" }],
    });
    expect(edit.status).toBe(409);
    expect(edit.json.error.code).toBe("DRAFT_CLOSED");
    expect((await staff.request("POST", `/api/imports/${draftId}/commit`, {})).json.error.code).toBe("DRAFT_CLOSED");
    expect((await staff.request("DELETE", `/api/imports/${draftId}`)).json.error.code).toBe("DRAFT_CLOSED");
  });

  it("keeps a multi-year plan's yearly sub-targets as separate rows", async () => {
    const res = await upload(staff, "/api/imports", "三年行动计划.txt", ACTION_PLAN);
    expect(res.status).toBe(201);
    const commit = await staff.request("POST", `/api/imports/${res.json.draftId}/commit`, {});
    expect(commit.status).toBe(201);
    const plan = await staff.request("GET", `/api/plans/${commit.json.planId}`);
    expect(plan.json.plan.years).toEqual([2025, 2026, 2027]);
    expect(plan.json.plan.docType).toBe("action_plan");
    const goal = (plan.json.tree as Node[])[0]!.children[0]!;
    expect(goal.targets.map((x) => [x.value, x.unit, x.year])).toEqual([
      [90, "%", 2025],
      [93, "%", 2026],
      [95, "%", 2027],
    ]);
    const invest = (plan.json.tree as Node[])[1]!.children[0]!;
    expect(invest).toMatchObject({ leadUnit: { name: "计财股" }, coUnits: [{ name: "基础教育股" }] });
  });

  it("discards a draft, after which it is closed", async () => {
    const res = await upload(staff, "/api/imports", "plan.txt", KEY_POINTS);
    const id = res.json.draftId as number;
    expect((await staff.request("DELETE", `/api/imports/${id}`)).status).toBe(200);
    const edit = await staff.request("PATCH", `/api/imports/${id}`, {
      version: 2,
      ops: [{ op: "delete", itemKey: "i1" }],
    });
    expect(edit.json.error.code).toBe("DRAFT_CLOSED");
    const open = await staff.request("GET", "/api/imports");
    expect((open.json.drafts as { id: number }[]).some((d) => d.id === id)).toBe(false);
  });
});

describe("import refuses bad input", () => {
  it("refuses an upload over UPLOAD_MAX_MB with 413", async () => {
    const big = "一、".padEnd(600_000, "测");
    const res = await upload(staff, "/api/imports", "big.txt", big);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("passes the reader's errors through: unsupported 415, empty 422", async () => {
    const exe = await upload(staff, "/api/imports", "要点.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n");
    expect(exe.status).toBe(415);
    expect(exe.json.error.code).toBe("FILE_UNSUPPORTED");
    const empty = await upload(staff, "/api/imports", "empty.txt", "   ");
    expect(empty.status).toBe(422);
    expect(empty.json.error.code).toBe("FILE_EMPTY");
  });

  it("refuses a non-multipart request and a missing file", async () => {
    const json = await staff.request("POST", "/api/imports", { file: "x" });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append("orgUnitId", String(c.bureau.id));
    const none = await staff.request("POST", "/api/imports", form);
    expect(none.status).toBe(400);
    expect(none.json.error.code).toBe("VALIDATION");
    const extra = await upload(staff, "/api/imports", "p.txt", KEY_POINTS, { owner: "me" });
    expect(extra.status).toBe(400);
    expect(extra.json.error.code).toBe("VALIDATION");
  });

  it("refuses imports by those who do not edit the unit's plans", async () => {
    const school = await t.as("school");
    expect((await upload(school, "/api/imports", "p.txt", KEY_POINTS)).status).toBe(403);
    const observer = await t.as("observer");
    const res = await upload(observer, "/api/imports", "p.txt", KEY_POINTS, { orgUnitId: String(c.bureau.id) });
    expect(res.status).toBe(403);
    const outsider = await t.as("outsider");
    const other = await upload(outsider, "/api/imports", "p.txt", KEY_POINTS, { orgUnitId: String(c.bureau.id) });
    expect(other.status).toBe(404);
    const admin = await t.as("admin");
    expect((await upload(admin, "/api/imports", "p.txt", KEY_POINTS)).status).toBe(400);
    expect((await upload(admin, "/api/imports", "p.txt", KEY_POINTS, { orgUnitId: String(c.bureau.id) })).status).toBe(
      201,
    );
  });
});
