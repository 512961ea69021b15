// Read-only: what "my work" (我的工作台) needs beyond the board rows: each open task's report cadence,
// the time of its last report and how many of its progress reports wait for review.
import { sql } from "drizzle-orm";
import { run, type Db } from "../../../platform/db.ts";
import { iso } from "../supervision.repo.ts";

export interface MyWorkExtraRow {
  id: number;
  cadence: "weekly" | "monthly" | "quarterly" | "adhoc";
  lastReportAt: string | null;
  createdAt: string | null;
  pendingReports: number;
}

export async function myWorkExtras(db: Db): Promise<Map<number, MyWorkExtraRow>> {
  const r = await run(
    db,
    sql`SELECT t.id, t.cadence, t.last_report_at AS "lastReportAt", t.created_at AS "createdAt",
      (SELECT count(*) FROM progress_reports r WHERE r.task_id = t.id AND r.review_state = 'pending')::int AS "pendingReports"
    FROM tasks t
    WHERE t.kind = 'task' AND t.state NOT IN ('draft', 'closed')`,
  );
  return new Map(
    r.rows.map((row) => {
      const x = row as unknown as MyWorkExtraRow;
      return [
        Number(x.id),
        {
          ...x,
          id: Number(x.id),
          pendingReports: Number(x.pendingReports),
          lastReportAt: iso(x.lastReportAt),
          createdAt: iso(x.createdAt),
        },
      ];
    }),
  );
}
