// `luoshi import FILE|DIR...`: reads plan documents with the reader and prints an outline, the
// PlanDraft as JSON, or the gold-annotation JSON the scorer compares. Translates, doesn't decide:
// parsing options and files is here; reading documents is reader/index.ts.
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { AppError } from "../../common/errors.ts";
import { readDocument, toGold } from "../../reader/index.ts";
import type { DraftDocument, PlanDraft } from "../../reader/types.ts";
import { EXIT, errorLine, internalLine, parseCommandArgs, usageError, type Io, type Out } from "../io.ts";

export const IMPORT_USAGE = `luoshi import FILE|DIR... [选项 options]
  读取 .txt .html .htm .docx .doc 文件；文件夹会递归读取。
  (reads .txt .html .htm .docx .doc files; folders are read recursively)

  -f, --format text|json|gold-json   输出格式，默认 text：提纲和指标 (output format; default text: outline)
      --max-size SIZE                单个文件大小上限，默认 50MB (largest input file)
      --max-inflated SIZE            .docx 解压后大小上限，默认 200MB (largest inflated .docx)
  -o, --out FILE                     输出写入文件 (write the output to FILE instead of stdout)
      --with-source                  json 输出包含解码后的原文 (include the decoded source in json)
  -h, --help                         显示帮助 (show this help)

  SIZE: 数字加单位 B、KB、MB、GB（1KB = 1024B）(a number with B, KB, MB or GB)
  多个文件时 json/gold-json 每行一个 JSON 对象 (several files: JSON Lines)。
  退出码 exit status: 0 成功 ok · 2 有文件读取失败 some file failed · 64 用法错误 usage · 1 内部错误 internal
`;

const EXTENSIONS = new Set([".txt", ".html", ".htm", ".docx", ".doc"]);
const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** "50MB", "1.5 mb", "1024" → bytes. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return null;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ["GB", 1024 ** 3],
    ["MB", 1024 ** 2],
    ["KB", 1024],
  ] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} B`;
}

const ZSize = (name: string) =>
  z.string().transform((s, ctx) => {
    const bytes = parseSize(s);
    if (bytes === null) {
      ctx.addIssue({ code: "custom", message: `${name} ${s}` });
      return z.NEVER;
    }
    return bytes;
  });

export const ZImportOptions = z.object({
  format: z.enum(["text", "json", "gold-json"]).default("text"),
  maxSize: ZSize("--max-size").default(50 * 1024 ** 2),
  maxInflated: ZSize("--max-inflated").default(200 * 1024 ** 2),
  out: z.string().min(1).optional(),
  withSource: z.boolean().default(false),
  help: z.boolean().default(false),
  paths: z.array(z.string().min(1)),
});
export type ImportOptions = z.infer<typeof ZImportOptions>;

export function parseImportArgs(args: string[]): ImportOptions {
  const parsed = parseCommandArgs(args, {
    format: { type: "string", short: "f" },
    "max-size": { type: "string" },
    "max-inflated": { type: "string" },
    out: { type: "string", short: "o" },
    "with-source": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  const v = parsed.values;
  const result = ZImportOptions.safeParse({
    format: v.format,
    maxSize: v["max-size"],
    maxInflated: v["max-inflated"],
    out: v.out,
    withSource: v["with-source"],
    help: v.help,
    paths: parsed.positionals,
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = String(issue.path[0] ?? "");
    if (field === "format")
      throw usageError(`--format 只能是 text、json 或 gold-json`, `--format must be text, json or gold-json`);
    if (field === "maxSize" || field === "maxInflated") {
      const flag = field === "maxSize" ? "--max-size" : "--max-inflated";
      throw usageError(`${flag} 的值无效，应为如 50MB、1KB 的大小`, `invalid ${flag}; use a size like 50MB or 1KB`);
    }
    throw usageError(`选项无效：${field}`, `invalid option: ${field} (${issue.message})`);
  }
  return result.data;
}

// ---- files ---------------------------------------------------------------------------------

interface Job {
  path: string;
  error?: AppError;
}

function walk(dir: string, jobs: Job[], depth: number): void {
  if (depth > 32) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    jobs.push({ path: dir, error: new AppError("FILE_NOT_FOUND", { path: dir }) });
    return;
  }
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // a dangling link inside a folder is not something the user asked for
    }
    if (st.isDirectory()) walk(path, jobs, depth + 1);
    else if (st.isFile() && EXTENSIONS.has(name.slice(name.lastIndexOf(".")).toLowerCase())) jobs.push({ path });
  }
}

/** Files named on the command line are read whatever their extension; folders contribute known extensions. */
export function collectJobs(paths: string[]): { jobs: Job[]; batch: boolean } {
  const jobs: Job[] = [];
  let batch = paths.length > 1;
  for (const path of paths) {
    let st;
    try {
      st = statSync(path);
    } catch {
      jobs.push({ path, error: new AppError("FILE_NOT_FOUND", { path }) });
      continue;
    }
    if (st.isDirectory()) {
      batch = true;
      walk(path, jobs, 0);
    } else jobs.push({ path });
  }
  return { jobs, batch };
}

function readBytes(path: string, maxBytes: number): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new AppError("FILE_NOT_FOUND", { path });
  }
  // refuse before reading: a 5 GB file must not be loaded to be told it is too large
  if (size > maxBytes) throw new AppError("FILE_TOO_LARGE", { size, limit: maxBytes });
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    throw new AppError("FILE_NOT_FOUND", { path });
  }
}

/** Size limits are worth showing: add them to the message. */
function withLimit(err: AppError): AppError {
  const limit = err.details.limit;
  if (typeof limit !== "number" || (err.code !== "FILE_TOO_LARGE" && err.code !== "DOCX_TOO_LARGE_INFLATED"))
    return err;
  return new AppError(err.code, {
    ...err.details,
    zh: `${err.zh}（上限 ${formatSize(limit)}）`,
    en: `${err.en} (limit ${formatSize(limit)})`,
  });
}

// ---- rendering -------------------------------------------------------------------------------

const LEVEL: Record<string, string> = { province: "省级", city: "市级", county: "县级" };
const DOC_TYPE: Record<string, string> = {
  key_points: "工作要点",
  work_plan: "工作计划",
  summary: "工作总结",
  action_plan: "行动计划",
  notice: "通知",
};
const KIND: Record<string, string> = { target: "目标", actual: "完成", change: "变化", baseline: "基数" };

interface Style {
  color: boolean;
}
const ansi = (code: string, s: string, style: Style) => (style.color ? `\x1b[${code}m${s}\x1b[0m` : s);

function documentLine(doc: DraftDocument, style: Style): string {
  const facts = [
    doc.docType ? (DOC_TYPE[doc.docType] ?? doc.docType) : null,
    doc.years.length ? `${doc.years.join("、")}年` : null,
    doc.issuer ? `发布：${doc.issuer}` : null,
    doc.region
      ? `地区：${doc.region}${doc.level ? `（${LEVEL[doc.level]}）` : ""}`
      : doc.level
        ? LEVEL[doc.level]
        : null,
    doc.docNumber ? `文号：${doc.docNumber}` : null,
    doc.date ? `日期：${doc.date}` : null,
  ].filter(Boolean);
  const title = ansi("1", doc.title ? `《${doc.title}》` : "（无标题）", style);
  return facts.length ? `${title}  ${facts.join(" · ")}` : title;
}

function quantityLine(q: DraftDocument["quantities"][number], indent: string, style: Style): string {
  const value = `${q.value}${q.unit}${q.qualifier ? `（${q.qualifier}）` : ""}`;
  const facts = [q.year === null ? null : `${q.year}年`, KIND[q.kind] ?? q.kind, q.deadline]
    .filter(Boolean)
    .join(" · ");
  const body = `${q.indicator || "（未识别指标）"}：${value}  ${facts}`;
  if (q.kind !== "target") return `${indent}· ${body}`;
  return style.color ? `${indent}${ansi("1;33", `▸ ${body}`, style)}` : `${indent}★ ${body}`;
}

/** Removed furniture/spam/duplicates and the other warnings, in one short line. */
export function warningSummary(draft: PlanDraft): string {
  const parts: string[] = [];
  const furniture = draft.removed.filter((r) => r.kind === "furniture").length;
  const spam = draft.removed.filter((r) => r.kind === "spam").length;
  const dups = draft.removed.filter((r) => r.kind === "duplicate").sort((a, b) => a.start - b.start);
  // consecutive duplicate lines (with nothing but blanks between them) are one passage
  let passages = 0;
  dups.forEach((d, i) => {
    const prev = dups[i - 1];
    if (!prev || draft.source.slice(prev.end, d.start).trim() !== "") passages++;
  });
  const removed = [
    furniture && `页面杂项 ${furniture} 行`,
    spam && `广告 ${spam} 行`,
    passages && `重复内容 ${passages} 段`,
  ].filter(Boolean);
  if (removed.length) parts.push(`已删除${removed.join("、")}`);
  const mojibake = draft.warnings.filter((w) => w.code === "MOJIBAKE").length;
  if (mojibake) parts.push(`乱码 ${mojibake} 处`);
  const seen = new Set<string>();
  for (const w of draft.warnings) {
    if (["FURNITURE_REMOVED", "SPAM_REMOVED", "DUPLICATE_REMOVED", "MOJIBAKE"].includes(w.code) || seen.has(w.message))
      continue;
    seen.add(w.message);
    parts.push(w.message);
  }
  return parts.join("；");
}

export function renderOutline(draft: PlanDraft, style: Style): string {
  const lines: string[] = [];
  const items = draft.documents.reduce((n, d) => n + d.items.length, 0);
  const quantities = draft.documents.reduce((n, d) => n + d.quantities.length, 0);
  lines.push(
    ansi(
      "2",
      `${draft.file}（${draft.format}，${draft.encoding}）：${draft.documents.length} 个文档、${items} 个条目、${quantities} 个指标`,
      style,
    ),
  );
  for (const doc of draft.documents) {
    lines.push("", documentLine(doc, style));
    const byItem = new Map<number | null, DraftDocument["quantities"]>();
    for (const q of doc.quantities) byItem.set(q.item, [...(byItem.get(q.item) ?? []), q]);
    for (const q of byItem.get(null) ?? []) lines.push(quantityLine(q, "  ", style));
    doc.items.forEach((item, i) => {
      const indent = "  ".repeat(Math.max(1, item.level));
      const extras = [
        item.owners.length
          ? `责任：${item.owners.map((o) => (o.role === "lead" ? `${o.unit}（牵头）` : o.unit)).join("、")}`
          : "",
        item.deadlines.length ? `时限：${item.deadlines.map((d) => d.text).join("、")}` : "",
      ].filter(Boolean);
      lines.push(
        `${indent}${item.marker}${item.title}${extras.length ? ansi("2", `  〔${extras.join("；")}〕`, style) : ""}`,
      );
      for (const q of byItem.get(i) ?? []) lines.push(quantityLine(q, `${indent}    `, style));
    });
  }
  const warnings = warningSummary(draft);
  if (warnings) lines.push("", ansi("2", `提示：${warnings}`, style));
  return lines.join("\n") + "\n";
}

/** JSON without typed arrays, Maps, Sets or bigints leaking in (the types promise none; guard anyway). */
function safeJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (ArrayBuffer.isView(v)) return v instanceof DataView ? null : Array.from(v as unknown as ArrayLike<number>);
      if (v instanceof Map) return Object.fromEntries(v);
      if (v instanceof Set) return [...v];
      if (typeof v === "bigint") return v.toString();
      return v;
    },
    pretty ? 2 : undefined,
  );
}

export function renderJson(draft: PlanDraft, opts: { withSource: boolean; pretty: boolean }): string {
  const { source, ...rest } = draft;
  return safeJson(opts.withSource ? { ...rest, source } : rest, opts.pretty) + "\n";
}

// ---- progress ----------------------------------------------------------------------------------

function progress(stderr: Out, total: number) {
  const tty = !!stderr.isTTY;
  const width = Math.max(10, Math.min(30, (stderr.columns ?? 80) - 50));
  let shown = false;
  const clear = () => {
    if (tty && shown) stderr.write("\r\x1b[K");
    shown = false;
  };
  return {
    /** Before a file: redraw the bar (TTY only). */
    start(done: number, path: string) {
      if (!tty) return;
      const filled = Math.round((done / total) * width);
      stderr.write(`\r\x1b[K[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} ${basename(path)}`);
      shown = true;
    },
    /** After a file read: one line per file when stderr is not a TTY. */
    done(n: number, path: string, draft: PlanDraft) {
      if (tty) return;
      const items = draft.documents.reduce((k, d) => k + d.items.length, 0);
      const qs = draft.documents.reduce((k, d) => k + d.quantities.length, 0);
      stderr.write(
        `luoshi: [${n}/${total}] ${path}: ${draft.documents.length} 个文档、${items} 个条目、${qs} 个指标\n`,
      );
    },
    /** Print a line (failure) without tearing the bar. */
    line(text: string) {
      clear();
      stderr.write(text);
    },
    finish: clear,
  };
}

// ---- the command -------------------------------------------------------------------------------

function fileOut(path: string): Out & { close(): void } {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch {
    throw new AppError("FILE_NOT_FOUND", {
      path,
      zh: `无法写入输出文件 ${path}`,
      en: `cannot write the output file ${path}`,
    });
  }
  return { write: (s: string) => writeSync(fd, s), close: () => closeSync(fd) };
}

export async function importPlan(args: string[], io: Io): Promise<number> {
  const opts = parseImportArgs(args);
  if (opts.help) {
    io.stdout.write(IMPORT_USAGE);
    return EXIT.OK;
  }
  if (opts.paths.length === 0) throw usageError("缺少要读取的文件或文件夹", "no FILE or DIR given");

  const { jobs, batch } = collectJobs(opts.paths);
  const file = opts.out ? fileOut(opts.out) : null;
  const out: Out = file ?? io.stdout;
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0";
  const style: Style = { color: !file && (forced || (!!io.stdout.isTTY && !io.env.NO_COLOR)) };
  const bar = progress(io.stderr, jobs.length);
  const showProgress = batch && jobs.length > 1;
  const totals = { files: 0, documents: 0, items: 0, quantities: 0, failed: 0, internal: 0 };

  try {
    for (const [i, job] of jobs.entries()) {
      if (showProgress) bar.start(i, job.path);
      let draft: PlanDraft;
      try {
        if (job.error) throw job.error;
        const bytes = readBytes(job.path, opts.maxSize);
        draft = await readDocument(bytes, basename(job.path), {
          maxBytes: opts.maxSize,
          maxInflatedBytes: opts.maxInflated,
        });
      } catch (err) {
        totals.failed++;
        if (err instanceof AppError) bar.line(errorLine(withLimit(err), job.path));
        else {
          totals.internal++;
          bar.line(internalLine(err, io, job.path));
        }
        continue;
      }
      totals.files++;
      totals.documents += draft.documents.length;
      totals.items += draft.documents.reduce((n, d) => n + d.items.length, 0);
      totals.quantities += draft.documents.reduce((n, d) => n + d.quantities.length, 0);
      if (showProgress) bar.done(i + 1, job.path, draft);

      bar.finish();
      if (opts.format === "text") {
        out.write((batch && i > 0 ? "\n" : "") + renderOutline(draft, style));
      } else if (opts.format === "json") {
        out.write(renderJson(draft, { withSource: opts.withSource, pretty: !batch }));
      } else {
        out.write(safeJson(toGold(draft), !batch) + "\n");
      }
    }
  } finally {
    bar.finish();
    file?.close();
  }

  if (batch) {
    const t = totals;
    io.stderr.write(
      `已读取 ${t.files} 个文件（${t.documents} 个文档、${t.items} 个条目、${t.quantities} 个指标），失败 ${t.failed} 个` +
        ` / read ${t.files} files (${t.documents} documents, ${t.items} items, ${t.quantities} quantities), ${t.failed} failed\n`,
    );
  }
  if (totals.internal) return EXIT.INTERNAL;
  return totals.failed ? EXIT.FAILED : EXIT.OK;
}
