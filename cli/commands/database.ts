// What the database commands (serve, migrate, seed-demo, backup, restore) share: option parsing,
// settings, PostgreSQL client tools, and the row counts a backup and a restore print.
import { spawn } from "node:child_process";
import { AppError } from "../../common/errors.ts";
import { loadConfig, type Config } from "../../server/platform/config.ts";
import { COUNTED_TABLES } from "../../server/modules/demo/index.ts";
import type { Io } from "../io.ts";

/** Settings from the environment; a bad setting is a failure with the setting named, not a stack trace. */
export function configFrom(io: Io, overrides: Partial<Config> = {}): Config {
  try {
    return loadConfig(io.env, overrides);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new AppError("VALIDATION", { zh: message, en: "invalid settings (see docs/operations.md)" });
  }
}

export function failure(zh: string, en: string, code: "CONFLICT" | "FILE_NOT_FOUND" | "INTERNAL" = "CONFLICT") {
  return new AppError(code, { zh, en });
}

/** A connection string without its password, and the password for PGPASSWORD (kept off the command line). */
export function pgConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

/** Runs a PostgreSQL client tool (pg_dump, pg_restore); its error output is passed through. */
export function runPgTool(tool: string, args: string[], env: NodeJS.ProcessEnv, io: Io): Promise<void> {
  return new Promise((resolveRun, reject) => {
    let stderr = "";
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "ENOENT"
          ? failure(
              `找不到 ${tool}，请安装 PostgreSQL 客户端工具（Debian: apt-get install postgresql-client）`,
              `${tool} not found; install the PostgreSQL client tools`,
              "FILE_NOT_FOUND",
            )
          : err,
      ),
    );
    child.on("close", (code) => {
      if (code === 0) return resolveRun();
      io.stderr.write(stderr);
      reject(failure(`${tool} 执行失败（退出码 ${code}）`, `${tool} failed with exit status ${code}`));
    });
  });
}

const TABLE_NAMES: Record<(typeof COUNTED_TABLES)[number], string> = {
  org_units: "单位",
  users: "用户",
  plans: "计划",
  tasks: "任务与章节",
  targets: "目标指标",
  progress_reports: "进展报告",
  evidence_files: "佐证材料",
  supervision_orders: "督办单",
  notifications: "通知",
  collection_rounds: "采集轮次",
  data_values: "统计数据",
  target_links: "目标与指标关联",
  report_bulletins: "已印发通报",
  audit_events: "审计记录",
};

export function countsText(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .map(([t, n]) => `  ${TABLE_NAMES[t as keyof typeof TABLE_NAMES] ?? t} ${t}: ${n}`)
      .join("\n") + "\n"
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
