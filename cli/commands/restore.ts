// `luoshi restore FILE`: the reverse of `luoshi backup`. Embedded database: loads the dump into an empty
// DATA_DIR (a non-empty one is refused, or with --force moved aside to DATA_DIR.before-restore-<time>),
// closes it and opens it again to prove the data persisted. PostgreSQL: pg_restore --clean --if-exists in
// one transaction. Prints the row counts afterwards, to compare with the backup's.
import {
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { assertDataDirFree, describeDatabase, openConfiguredDatabase } from "../../server/main.ts";
import { rowCounts } from "../../server/modules/demo/index.ts";
import { EXIT, parseCommandArgs, usageError, type Io } from "../io.ts";
import { configFrom, countsText, failure, pgConnection, runPgTool } from "./database.ts";

export const RESTORE_USAGE = `luoshi restore FILE [--force]
  从 luoshi backup 生成的 FILE 恢复配置的数据库。须先停止服务。
  嵌入式数据库：DATA_DIR 须为空或不存在；加 --force 时把现有目录改名为 DATA_DIR.before-restore-<时间> 后再恢复。
  PostgreSQL：pg_restore --clean --if-exists（覆盖同名表，单个事务，失败则不做任何更改）。
  (restore the configured database from a backup; stop the server first)

      --force       嵌入式数据库：DATA_DIR 不为空时先移到一旁 (PGlite: move a non-empty DATA_DIR aside)
`;

function magic(file: string): "gzip" | "pgdump" | "other" {
  const fd = openSync(file, "r");
  const head = Buffer.alloc(5);
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.toString("latin1") === "PGDMP") return "pgdump";
  return "other";
}

const stamp = () => new Date().toISOString().replace(/[-:]/gu, "").replace("T", "-").slice(0, 15);

export async function restore(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(RESTORE_USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1) throw usageError("请指定一个备份文件 FILE", "give exactly one backup FILE");
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw failure(`备份文件 ${file} 不存在`, `${file} does not exist`, "FILE_NOT_FOUND");
  const config = configFrom(io);
  const kind = magic(file);

  if (config.DATABASE_URL) {
    if (kind !== "pgdump")
      throw failure(
        kind === "gzip"
          ? "这是嵌入式数据库（PGlite）的备份，不能恢复到 PostgreSQL"
          : "不是 luoshi backup 生成的 PostgreSQL 备份（pg_dump -Fc）",
        kind === "gzip"
          ? "this is a PGlite backup; it cannot be restored into PostgreSQL"
          : "not a pg_dump custom archive",
      );
    const { dbname, env } = pgConnection(config.DATABASE_URL);
    await runPgTool(
      "pg_restore",
      ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", dbname, file],
      env,
      io,
    );
  } else {
    if (kind !== "gzip")
      throw failure(
        kind === "pgdump"
          ? "这是 PostgreSQL 的备份（pg_dump），请设置 DATABASE_URL 后恢复到 PostgreSQL"
          : "不是 luoshi backup 生成的嵌入式数据库备份（.tar.gz）",
        kind === "pgdump"
          ? "this is a pg_dump archive; set DATABASE_URL to restore it into PostgreSQL"
          : "not a PGlite backup",
      );
    assertDataDirFree(config);
    const dir = resolve(config.DATA_DIR);
    let aside: string | null = null;
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      if (!values.force)
        throw failure(
          `数据目录 ${dir} 不为空，未恢复。请先把它移走，或加 --force（现有目录会被改名保留）`,
          `DATA_DIR ${dir} is not empty; move it away first or use --force (it is renamed, not deleted)`,
        );
      aside = `${dir}.before-restore-${stamp()}`;
      renameSync(dir, aside);
      io.stdout.write(`现有数据目录已移到 (moved aside) ${aside}\n`);
    }
    mkdirSync(dir, { recursive: true });
    try {
      const pglite = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([readFileSync(file)]) });
      await pglite.close();
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      if (aside) renameSync(aside, dir);
      throw failure(
        `备份文件无法载入，数据目录未改变：${err instanceof Error ? err.message : String(err)}`,
        "the backup could not be loaded; the data directory is unchanged",
      );
    }
  }

  // open it again, as the server will: the data must be there
  const database = await openConfiguredDatabase(config);
  let counts: Record<string, number>;
  try {
    counts = await rowCounts(database);
  } finally {
    await database.close();
  }
  io.stdout.write(
    `已恢复 (restored) ${describeDatabase(config)}\n  ← ${file}\n恢复后的行数 (row counts after restore):\n${countsText(counts)}` +
      `请启动服务并用一个账号登录核对 (start the server and log in to check)。\n`,
  );
  return EXIT.OK;
}
