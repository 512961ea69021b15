// `luoshi report bulletin|summary|indicators|plan`: the documents of the reports module, written to a
// file by the same use cases the server's routes call, as a named user (default the administrator).
// Opens the configured database (PGlite in DATA_DIR, or DATABASE_URL) like `luoshi backup`.
import { createWriteStream, existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import { finished } from "node:stream/promises";
import type { z } from "zod";
import { ZBulletinInput, ZIndicatorWorkbookQuery, ZReportFormat, ZSummaryQuery } from "../../common/schemas/reports.ts";
import { migrate } from "../../server/db/migrate.ts";
import { assertDataDirFree, openConfiguredDatabase } from "../../server/main.ts";
import { MovableClock } from "../../server/platform/clock.ts";
import type { Deps } from "../../server/platform/deps.ts";
import { actorOf, getUserByUsername } from "../../server/modules/orgs/index.ts";
import {
  indicatorWorkbook,
  issueBulletin,
  bulletinDocument,
  planDocument,
  previewBulletin,
  summaryDocument,
} from "../../server/modules/reports/index.ts";
import { EXIT, parseCommandArgs, usageError, type Io } from "../io.ts";
import { configFrom, failure, formatBytes } from "./database.ts";

export const REPORT_USAGE = `luoshi report bulletin|summary|indicators|plan [选项] --out FILE
  生成文档 (generate a document):
    bulletin     进展情况通报 .docx（--issue 编号印发并保存快照，否则为预览）
    summary      年度工作总结草稿 .docx（--year 年度）
    indicators   指标汇总表 .xlsx（--unit 根单位 --level 向下级数 --years 年份 --codes 指标代码）
    plan         任务分解表 .docx 或 .xlsx（--format）

      --plan ID         计划编号 (plan id; bulletin, summary, plan; indicators: targets from this plan)
      --out FILE        输出文件 (output file)
      --format F        docx | xlsx（plan；默认按 --out 的扩展名）
      --issue           bulletin：编号印发，保存快照用于下期比较 (issue a numbered bulletin)
      --from DATE       bulletin：统计期间起 YYYY-MM-DD
      --to DATE         bulletin：统计期间止 YYYY-MM-DD（默认今天）
      --year N          summary：总结年度
      --unit ID         indicators：根单位（默认本县）
      --level N         indicators：向下级数（默认 2）
      --years LIST      indicators：年份，如 2024,2025
      --codes LIST      indicators：指标代码，如 KG_GER,HS_GER
      --user NAME       以该账号的权限生成（默认 ADMIN_USERNAME，即 admin）
      --force           覆盖已存在的 FILE (overwrite FILE)
`;

const KINDS = ["bulletin", "summary", "indicators", "plan"] as const;

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ");
    throw usageError(`选项有误：${msg}`, `invalid option: ${msg}`);
  }
  return r.data;
}

const positiveId = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${flag} 须为正整数`, `${flag} must be a positive integer`);
  return n;
};

export async function report(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    plan: { type: "string" },
    out: { type: "string", short: "o" },
    format: { type: "string" },
    issue: { type: "boolean" },
    from: { type: "string" },
    to: { type: "string" },
    year: { type: "string" },
    unit: { type: "string" },
    level: { type: "string" },
    years: { type: "string" },
    codes: { type: "string" },
    user: { type: "string" },
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(REPORT_USAGE);
    return EXIT.OK;
  }
  const kind = positionals[0] as (typeof KINDS)[number] | undefined;
  if (positionals.length !== 1 || !kind || !KINDS.includes(kind))
    throw usageError("请指定 bulletin、summary、indicators 或 plan", "give one of bulletin, summary, indicators, plan");
  if (!values.out) throw usageError("请用 --out 指定输出文件", "give the output file with --out");
  const planId = positiveId(values.plan, "--plan");
  if (kind !== "indicators" && planId === undefined)
    throw usageError("请用 --plan 指定计划编号", "give the plan with --plan");
  const file = resolve(values.out);
  if (existsSync(file) && !values.force)
    throw failure(`文件 ${file} 已存在，未覆盖（可加 --force）`, `${file} exists; not overwritten (use --force)`);

  // options through the same schemas as the HTTP routes
  const format = parse(ZReportFormat, values.format ?? (extname(file).toLowerCase() === ".xlsx" ? "xlsx" : "docx"));
  const bulletinInput = parse(ZBulletinInput, {
    ...(values.from ? { periodFrom: values.from } : {}),
    ...(values.to ? { periodTo: values.to } : {}),
  });
  const summaryQuery = parse(ZSummaryQuery, values.year ? { year: values.year } : {});
  const workbookQuery =
    kind === "indicators"
      ? parse(ZIndicatorWorkbookQuery, {
          ...(values.unit ? { unitId: values.unit } : {}),
          ...(values.level ? { level: values.level } : {}),
          ...(values.years ? { years: values.years } : {}),
          ...(values.codes ? { codes: values.codes } : {}),
          ...(planId !== undefined ? { planId } : {}),
        })
      : null;

  const config = configFrom(io);
  assertDataDirFree(config);
  const database = await openConfiguredDatabase(config);
  const partial = `${file}.partial`;
  try {
    await migrate(database);
    const deps: Deps = { database, config, clock: new MovableClock(), mailer: null };
    const username = values.user ?? config.ADMIN_USERNAME;
    const user = await getUserByUsername(database.db, username);
    if (!user || user.disabled)
      throw failure(
        `找不到账号 ${username}（可用 --user 指定）`,
        `no active account ${username} (use --user)`,
        "FILE_NOT_FOUND",
      );
    const actor = await actorOf(user, "", database);
    let note = "";
    if (kind === "indicators") {
      const w = await indicatorWorkbook(actor, workbookQuery!, deps);
      const out = createWriteStream(partial);
      const { rows } = await w.write(out);
      await finished(out);
      note = `，${rows} 行 (rows)`;
    } else {
      let doc;
      if (kind === "bulletin" && values.issue) {
        const issued = await issueBulletin(actor, planId!, bulletinInput, deps);
        doc = await bulletinDocument(actor, issued.bulletinId, deps);
        note = `，第 ${issued.number} 期 (number ${issued.number})`;
      } else if (kind === "bulletin") doc = await previewBulletin(actor, planId!, bulletinInput, deps);
      else if (kind === "summary") doc = await summaryDocument(actor, planId!, summaryQuery, deps);
      else doc = await planDocument(actor, planId!, format, deps);
      writeFileSync(partial, doc.bytes);
    }
    renameSync(partial, file);
    io.stdout.write(`已生成 (written) ${file}（${formatBytes(statSync(file).size)}${note}）\n`);
    return EXIT.OK;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await database.close();
  }
}
