// Helpers for this module's tests: multipart uploads through a logged-in test client, sample documents.
import type { Client } from "../../../test/app.ts";

export async function upload(
  client: Client,
  url: string,
  fileName: string,
  content: string | Uint8Array,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  form.append("file", new Blob([new Uint8Array(bytes)]), fileName);
  return client.request("POST", url, form);
}

/** A short 工作要点 in the seeds' style, owners named after test/factories.ts departments. */
export const KEY_POINTS = `青山县教育局2025年工作要点

2025年，全县教育系统要以办好人民满意的教育为目标，扎实推进各项工作。

一、推进基础教育优质均衡发展
（一）扩大学前教育资源。新建幼儿园3所，学前三年毛入园率达到92%以上。由基础教育股牵头，计财股配合，2025年8月底前完成。
（二）推进义务教育均衡。1.加强薄弱学校改造，改造校舍5000平方米。2.落实控辍保学，义务教育巩固率保持在98%以上。由基础教育股牵头，2025年10月底前完成。
二、加强教师队伍建设
（一）开展教师培训。全年培训教师1200人次。由安全股牵头。
（二）深化县管校聘改革。年底前完成全县中小学教师岗位聘用。
三、其他工作
（一）做好校园安全工作。由安全股牵头，2025年12月底前完成。
`;

/** A three-year action plan with yearly sub-targets. */
export const ACTION_PLAN = `青山县学前教育三年行动计划（2025—2027年）

一、主要目标
（一）提高普及水平。到2025年学前三年毛入园率达到90%，2026年达到93%，2027年达到95%。由基础教育股牵头。
二、保障措施
（一）加大投入。每年安排专项经费500万元。由计财股牵头，基础教育股配合。
`;

/**
 * A plan built by hand through the API: two sections, five tasks.
 *   一 基础教育: A 课后服务, B 集团化办学, C 校舍改造
 *   二 安全管理: D 安全排查, E 防溺水
 */
export async function buildPlan(staff: Client, title = "2025年重点工作") {
  const plan = await staff.request("POST", "/api/plans", { title, docType: "key_points", years: [2025] });
  if (plan.status !== 201) throw new Error(`create plan: ${plan.status} ${plan.body}`);
  const planId = plan.json.planId as number;
  const add = async (body: Record<string, unknown>) => {
    const r = await staff.request("POST", `/api/plans/${planId}/tasks`, body);
    if (r.status !== 201) throw new Error(`add task: ${r.status} ${r.body}`);
    return r.json.taskId as number;
  };
  const s1 = await add({ kind: "section", title: "基础教育", num: "一" });
  const A = await add({ kind: "task", parentId: s1, title: "全面落实课后服务", num: "1" });
  const B = await add({ kind: "task", parentId: s1, title: "推进集团化办学", num: "2" });
  const C = await add({ kind: "task", parentId: s1, title: "实施校舍改造", num: "3" });
  const s2 = await add({ kind: "section", title: "安全管理", num: "二" });
  const D = await add({ kind: "task", parentId: s2, title: "开展安全隐患排查", num: "1" });
  const E = await add({ kind: "task", parentId: s2, title: "做好防溺水教育", num: "2" });
  return { planId, s1, s2, A, B, C, D, E };
}

export async function versionOf(client: Client, taskId: number): Promise<number> {
  return (await client.request("GET", `/api/tasks/${taskId}`)).json.version as number;
}
