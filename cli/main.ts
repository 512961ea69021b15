// The `luoshi` command: parses the command word, hands the rest to cli/commands/<verb>-<noun>.ts,
// and turns errors into exit codes. Commands call the reader / use cases directly, not HTTP.
//
// Exit codes: 0 ok · 1 internal error · 2 some input could not be read · 64 bad usage (EX_USAGE).
import { readFileSync } from "node:fs";
import { AppError } from "../common/errors.ts";
import { importPlan, IMPORT_USAGE } from "./commands/import-plan.ts";
import { EXIT, errorLine, internalLine, usageError, type Command, type Io } from "./io.ts";

export { EXIT } from "./io.ts";

// The server commands load the whole server (Fastify, PGlite, every module): only when asked for, so
// `luoshi import` and `luoshi --help` start as fast as before.
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => importPlan,
  serve: async () => (await import("./commands/serve.ts")).serve,
  migrate: async () => (await import("./commands/migrate.ts")).migrate,
  "seed-demo": async () => (await import("./commands/seed-demo.ts")).seedDemoCommand,
  backup: async () => (await import("./commands/backup.ts")).backup,
  restore: async () => (await import("./commands/restore.ts")).restore,
  report: async () => (await import("./commands/report.ts")).report,
};

export const USAGE = `用法 (usage):
  luoshi import FILE|DIR... [选项]   读取教育工作要点、计划、总结，输出提纲和指标
                                    (read plan documents: outline and quantities)
  luoshi serve [--port N] [--no-demo] 启动服务；空的嵌入式数据库首次启动时创建演示县 (start the server)
  luoshi migrate                    执行数据库迁移 (apply database migrations)
  luoshi seed-demo                  在空数据库中创建演示县并打印账号 (create the demo county)
  luoshi backup FILE                备份数据库 (back up the database)
  luoshi restore FILE [--force]     从备份恢复数据库 (restore the database from a backup)
  luoshi report KIND --out FILE     生成进展通报、工作总结、指标汇总表、任务分解表 (bulletin|summary|indicators|plan)
  luoshi COMMAND --help             各命令的说明 (help for one command)
  luoshi --help                     显示帮助 (show this help)
  luoshi --version                  显示版本 (show the version)

${IMPORT_USAGE}`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "0.0.0";
}

function processIo(): Io {
  for (const stream of [process.stdout, process.stderr]) {
    // `luoshi import dir | head`: a closed pipe ends the output quietly, not with a stack trace
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    const [word, ...rest] = argv;
    if (word === undefined) {
      io.stderr.write(USAGE);
      return EXIT.USAGE;
    }
    if (word === "--help" || word === "-h" || word === "help") {
      io.stdout.write(USAGE);
      return EXIT.OK;
    }
    if (word === "--version" || word === "-V" || word === "version") {
      io.stdout.write(`luoshi ${version()}\n`);
      return EXIT.OK;
    }
    const load = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
    if (!load) {
      throw word.startsWith("-")
        ? usageError(`未知选项 ${word}`, `unknown option ${word}`)
        : usageError(`未知命令 ${word}`, `unknown command ${word}`);
    }
    return await (
      await load()
    )(rest, io);
  } catch (err) {
    if (err instanceof AppError && err.code === "CLI_USAGE") {
      io.stderr.write(errorLine(err) + "\n" + USAGE);
      return EXIT.USAGE;
    }
    if (err instanceof AppError) {
      io.stderr.write(errorLine(err));
      return EXIT.FAILED;
    }
    io.stderr.write(internalLine(err, io));
    return EXIT.INTERNAL;
  }
}
