// The `luoshi` command as a user runs it: real processes through bin/luoshi.mjs, files in os.tmpdir().
// Output assertions depend only on shapes (documents array present), not on what the reader extracts.
import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encryptedDocxLike, zipBomb } from "../test/helpers/zip.ts";
import { main, USAGE } from "./main.ts";
import { parseSize, renderOutline, warningSummary, renderJson, parseImportArgs } from "./commands/import-plan.ts";
import type { Io } from "./io.ts";
import type { PlanDraft } from "../reader/types.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/luoshi.mjs");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function luoshi(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 << 20, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === "number" ? code : -1, stdout, stderr });
      },
    );
  });
}

const PLAN_A = `清溪县教育局2025年工作要点
一、加强党的建设
（一）落实全面从严治党责任。全年开展廉政教育活动4次。
二、发展学前教育
（二）扩大普惠资源。新建公办幼儿园2所，新增学位360个，学前三年毛入园率达到92%。
`;
const PLAN_B = `清溪县教育局2025年教师工作计划
一、加强师德师风建设
二、提升教师专业能力
1.开展全员培训。组织教师培训1200人次。
`;
const PLAN_C = `清溪县2024年教育工作总结
一、主要成绩
1.新建校舍面积8000平方米，完成投资2600万元。
`;

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "luoshi-cli-"));
  writeFileSync(file("plan.txt"), PLAN_A);
  writeFileSync(file("empty.txt"), "");
  writeFileSync(file("binary.txt"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  writeFileSync(file("corrupt.docx"), Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(2048, 0x5a)]));
  writeFileSync(file("secret.docx"), encryptedDocxLike());
  writeFileSync(file("bomb.docx"), zipBomb(5 * 1024 * 1024));
  writeFileSync(file("big.txt"), PLAN_A.repeat(40));
  mkdirSync(file("folder/sub"), { recursive: true });
  writeFileSync(file("folder/a.txt"), PLAN_A);
  writeFileSync(file("folder/b.txt"), PLAN_B);
  writeFileSync(file("folder/sub/c.txt"), PLAN_C);
  writeFileSync(file("folder/notes.md"), "不读取这个文件");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectOneFailure(r: Run, name: string, zh: string, code: string) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`luoshi: ${file(name)}: `);
  expect(lines[0]).toContain(zh);
  expect(lines[0]).toContain(`[${code}]`);
  expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
  expect(r.stdout).toBe("");
}

describe.concurrent("luoshi import: files that cannot be read exit 2 with one line", () => {
  it("empty file", async () => {
    expectOneFailure(await luoshi(["import", file("empty.txt")]), "empty.txt", "文件为空", "FILE_EMPTY");
  });

  it("binary file", async () => {
    expectOneFailure(await luoshi(["import", file("binary.txt")]), "binary.txt", "不是文本文档", "FILE_NOT_TEXT");
  });

  it("corrupt .docx", async () => {
    expectOneFailure(await luoshi(["import", file("corrupt.docx")]), "corrupt.docx", "已损坏", "DOCX_CORRUPT");
  });

  it("encrypted .docx", async () => {
    expectOneFailure(await luoshi(["import", file("secret.docx")]), "secret.docx", "已加密", "DOCX_ENCRYPTED");
  });

  it("zip bomb, with --max-inflated", async () => {
    const r = await luoshi(["import", "--max-inflated", "1MB", file("bomb.docx")]);
    expectOneFailure(r, "bomb.docx", "解压后过大", "DOCX_TOO_LARGE_INFLATED");
  });

  it("zip bomb under the default limits (absurd ratio)", async () => {
    expectOneFailure(await luoshi(["import", file("bomb.docx")]), "bomb.docx", "压缩炸弹", "DOCX_TOO_LARGE_INFLATED");
  });

  it("oversize with --max-size 1KB, naming the limit", async () => {
    const r = await luoshi(["import", "--max-size", "1KB", file("big.txt")]);
    expectOneFailure(r, "big.txt", "文件超过大小限制", "FILE_TOO_LARGE");
    expect(r.stderr).toContain("上限 1 KB");
  });

  it("missing file", async () => {
    expectOneFailure(await luoshi(["import", file("nope.txt")]), "nope.txt", "文件不存在", "FILE_NOT_FOUND");
  });

  it("with --format gold-json too: nothing on stdout, the failure on stderr", async () => {
    expectOneFailure(
      await luoshi(["import", "-f", "gold-json", file("empty.txt")]),
      "empty.txt",
      "文件为空",
      "FILE_EMPTY",
    );
  });
});

describe.concurrent("luoshi import: output", () => {
  it("gold-json for one file is exactly one JSON object with {file, documents:[…]}", async () => {
    const r = await luoshi(["import", "--format", "gold-json", file("plan.txt")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const gold = JSON.parse(r.stdout) as { file: string; documents: unknown[] };
    expect(gold.file).toBe("plan.txt");
    expect(Array.isArray(gold.documents)).toBe(true);
    expect(Object.keys(gold).sort()).toEqual(["documents", "file"]);
  });

  it("a folder of 3 files: recursion, a line per file on a non-TTY stderr, a summary line, exit 0", async () => {
    const r = await luoshi(["import", file("folder")]);
    expect(r.code).toBe(0);
    const err = r.stderr.trim().split("\n");
    expect(err).toHaveLength(4);
    expect(err[0]).toMatch(/^luoshi: \[1\/3\] .*a\.txt: \d+ 个文档/);
    expect(err[3]).toMatch(/^已读取 3 个文件（\d+ 个文档、\d+ 个条目、\d+ 个指标），失败 0 个 \/ read 3 files/);
    expect(r.stdout).toContain("a.txt（txt，utf-8）");
    expect(r.stdout).toContain("c.txt（txt，utf-8）");
    expect(r.stdout).not.toContain("notes.md");
  });

  it("gold-json for a folder is JSON Lines, one object per file", async () => {
    const r = await luoshi(["import", "-f", "gold-json", file("folder")]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    const parsed = lines.map((l) => JSON.parse(l) as { file: string; documents: unknown[] });
    expect(parsed.map((p) => p.file)).toEqual(["a.txt", "b.txt", "c.txt"]);
    for (const p of parsed) expect(Array.isArray(p.documents)).toBe(true);
  });

  it("a good and a bad file: output for the good one, exit 2, summary counts the failure", async () => {
    const r = await luoshi(["import", "-f", "json", file("plan.txt"), file("empty.txt")]);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const draft = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(draft.file).toBe("plan.txt");
    expect(Array.isArray(draft.documents)).toBe(true);
    expect(r.stderr).toContain("[FILE_EMPTY]");
    expect(r.stderr).toMatch(/已读取 1 个文件（.*），失败 1 个/);
  });

  it("json omits the source unless --with-source", async () => {
    const plain = JSON.parse((await luoshi(["import", "-f", "json", file("plan.txt")])).stdout) as Record<
      string,
      unknown
    >;
    expect(plain).not.toHaveProperty("source");
    expect(plain).toMatchObject({ file: "plan.txt", format: "txt", encoding: "utf-8" });
    const full = JSON.parse(
      (await luoshi(["import", "-f", "json", "--with-source", file("plan.txt")])).stdout,
    ) as Record<string, unknown>;
    expect(full.source).toBe(PLAN_A.replace(/\n$/, ""));
  });

  it("--out writes the output to a file and nothing to stdout", async () => {
    const out = file("out.json");
    const r = await luoshi(["import", "-f", "gold-json", "-o", out, file("plan.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8"))).toHaveProperty("documents");
  });

  it("text is the default format and starts with the file line", async () => {
    const r = await luoshi(["import", file("plan.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^plan\.txt（txt，utf-8）：\d+ 个文档/);
    expect(r.stdout).not.toContain("\x1b["); // not a TTY, NO_COLOR
  });
});

describe.concurrent("luoshi: usage", () => {
  it("--help and import --help exit 0 on stdout", async () => {
    const top = await luoshi(["--help"]);
    expect([top.code, top.stderr]).toEqual([0, ""]);
    expect(top.stdout).toContain("luoshi import FILE|DIR...");
    const sub = await luoshi(["import", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--max-size");
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = await luoshi(["--version"]);
    expect([r.code, r.stdout]).toEqual([0, `luoshi ${pkg.version}\n`]);
  });

  it("unknown command, unknown option, bad values: exit 64 with usage", async () => {
    for (const args of [
      ["frobnicate"],
      ["import", "--bogus", "x.txt"],
      ["import", "-f", "xml", "x.txt"],
      ["import", "--max-size", "lots", "x.txt"],
      ["import"],
      [],
    ]) {
      const r = await luoshi(args);
      expect(r.code, args.join(" ")).toBe(64);
      expect(r.stderr).toContain("用法 (usage)");
      expect(r.stdout).toBe("");
    }
    const r = await luoshi(["import", "--bogus", "x.txt"]);
    expect(r.stderr.split("\n")[0]).toBe("luoshi: 未知选项 --bogus (unknown option --bogus) [CLI_USAGE]");
  });
});

// ---- in-process: the pieces that need no process ------------------------------------------------

function memoryIo(env: Record<string, string> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  };
}

describe("main (in process)", () => {
  it("an unexpected error is one line, exit 1; the stack only with LUOSHI_DEBUG=1", async () => {
    vi.resetModules();
    vi.doMock("../reader/index.ts", () => ({
      readDocument: () => Promise.reject(new TypeError("boom\nsecond line")),
      toGold: () => ({}),
    }));
    const { main: mocked } = await import("./main.ts");
    const io = memoryIo();
    expect(await mocked(["import", file("plan.txt")], io)).toBe(1);
    expect(io.err.join("")).toBe(
      `luoshi: ${file("plan.txt")}: 程序内部错误 (internal error: TypeError: boom) [INTERNAL]\n`,
    );
    const debug = memoryIo({ LUOSHI_DEBUG: "1" });
    expect(await mocked(["import", file("plan.txt")], debug)).toBe(1);
    expect(debug.err.join("")).toMatch(/TypeError: boom[\s\S]*\n\s+at /);
    vi.doUnmock("../reader/index.ts");
    vi.resetModules();
  });

  it("usage goes to stderr with exit 64 when no command is given", async () => {
    const io = memoryIo();
    expect(await main([], io)).toBe(64);
    expect(io.err.join("")).toBe(USAGE);
  });
});

describe("options", () => {
  it("parseSize reads sizes with units, 1KB = 1024 B", () => {
    expect(parseSize("50MB")).toBe(50 * 1024 * 1024);
    expect(parseSize("1kb")).toBe(1024);
    expect(parseSize("1.5 MB")).toBe(1.5 * 1024 * 1024);
    expect(parseSize("2048")).toBe(2048);
    for (const bad of ["", "MB", "-1KB", "1XB", "0"]) expect(parseSize(bad)).toBeNull();
  });

  it("parseImportArgs applies defaults and validates", () => {
    expect(parseImportArgs(["a.txt"])).toMatchObject({
      format: "text",
      maxSize: 50 * 1024 * 1024,
      maxInflated: 200 * 1024 * 1024,
      withSource: false,
      paths: ["a.txt"],
    });
    expect(parseImportArgs(["--max-size=2MB", "-f", "json", "a", "b"])).toMatchObject({
      maxSize: 2 << 20,
      format: "json",
      paths: ["a", "b"],
    });
    expect(() => parseImportArgs(["--format", "pdf"])).toThrow(/CLI_USAGE/);
  });
});

// ---- rendering, on a hand-made draft (independent of the reader's stages) ----------------------------

const SOURCE = "页面导航\n一、发展学前教育\n新建幼儿园3所，入园率达到92%。\n一、发展学前教育\n广告";
const DRAFT: PlanDraft = {
  file: "demo.txt",
  format: "txt",
  encoding: "gb18030",
  source: SOURCE,
  documents: [
    {
      title: "清溪县2025年教育工作要点",
      issuer: "清溪县教育局",
      region: "清溪县",
      level: "county",
      docType: "key_points",
      years: [2025],
      docNumber: null,
      date: null,
      src: { start: 5, end: 33 },
      items: [
        {
          level: 1,
          num: "一",
          marker: "一、",
          title: "发展学前教育",
          text: "发展学前教育",
          src: { start: 5, end: 13 },
          titleSrc: { start: 7, end: 13 },
          parent: null,
          owners: [{ unit: "基础教育股", role: "lead", src: { start: 0, end: 0 } }],
          deadlines: [],
        },
      ],
      quantities: [
        {
          item: 0,
          text: "新建幼儿园3所",
          indicator: "新建幼儿园",
          value: 3,
          unit: "所",
          qualifier: null,
          year: 2025,
          kind: "target",
          deadline: null,
          src: { start: 14, end: 21 },
        },
        {
          item: 0,
          text: "入园率达到92%",
          indicator: "入园率",
          value: 92,
          unit: "%",
          qualifier: null,
          year: 2024,
          kind: "actual",
          deadline: null,
          src: { start: 22, end: 30 },
        },
      ],
    },
  ],
  removed: [
    { kind: "furniture", text: "页面导航", start: 0, end: 4 },
    { kind: "duplicate", text: "一、发展学前教育", start: 33, end: 41 },
    { kind: "spam", text: "广告", start: 42, end: 44 },
  ],
  warnings: [
    { code: "ENCODING_GUESSED", message: "文件未声明编码，按 GB18030（GBK） 读取（推测）" },
    { code: "FURNITURE_REMOVED", message: "已删除页面杂项 1 行" },
    { code: "MOJIBAKE", message: "此处文字为乱码" },
    { code: "MOJIBAKE", message: "此处文字为乱码" },
  ],
};

describe("renderOutline", () => {
  it("prints the document line, items indented with marker, quantities with targets starred", () => {
    const text = renderOutline(DRAFT, { color: false });
    expect(text).toContain(
      "《清溪县2025年教育工作要点》  工作要点 · 2025年 · 发布：清溪县教育局 · 地区：清溪县（县级）",
    );
    expect(text).toContain("  一、发展学前教育  〔责任：基础教育股（牵头）〕");
    expect(text).toContain("      ★ 新建幼儿园：3所  2025年 · 目标");
    expect(text).toContain("      · 入园率：92%  2024年 · 完成");
    expect(text).not.toContain("\x1b[");
  });

  it("highlights targets with ANSI colour on a terminal instead of the star", () => {
    const text = renderOutline(DRAFT, { color: true });
    expect(text).toContain("\x1b[1;33m");
    expect(text).not.toContain("★");
  });

  it("summarises removals and warnings in one line", () => {
    expect(warningSummary(DRAFT)).toBe(
      "已删除页面杂项 1 行、广告 1 行、重复内容 1 段；乱码 2 处；文件未声明编码，按 GB18030（GBK） 读取（推测）",
    );
  });
});

describe("renderJson", () => {
  it("drops the source by default and never leaks typed arrays", () => {
    const withTyped = { ...DRAFT, extra: new Int32Array([1, 2]) } as unknown as PlanDraft;
    const json = JSON.parse(renderJson(withTyped, { withSource: false, pretty: false })) as Record<string, unknown>;
    expect(json).not.toHaveProperty("source");
    expect(json.extra).toEqual([1, 2]);
    expect(JSON.parse(renderJson(DRAFT, { withSource: true, pretty: true }))).toHaveProperty("source", SOURCE);
  });
});
