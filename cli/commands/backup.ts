// `luoshi backup FILE`: the embedded database as a gzipped data-directory dump (PGlite
// dumpDataDir), or PostgreSQL as a pg_dump custom-format archive. Prints the row counts it saw, so a
// restore drill can compare them. Written to FILE.partial first, renamed when complete.
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertDataDirFree, describeDatabase, openConfiguredDatabase } from "../../server/main.ts";
import { rowCounts } from "../../server/modules/demo/index.ts";
import { EXIT, parseCommandArgs, usageError, type Io } from "../io.ts";
import { configFrom, countsText, failure, formatBytes, pgConnection, runPgTool } from "./database.ts";

export const BACKUP_USAGE = `luoshi backup FILE [--force]
  备份配置的数据库到 FILE：嵌入式数据库（PGlite）写出压缩的数据目录（.tar.gz），须先停止服务；
  PostgreSQL 调用 pg_dump -Fc（可在服务运行时备份）。
  (back up the configured database: PGlite data-dir dump, stop the server first; PostgreSQL: pg_dump -Fc)

      --force       覆盖已存在的 FILE (overwrite FILE if it exists)
`;

export async function backup(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(BACKUP_USAGE);
    return EXIT.OK;
  }
  if (positionals.length !== 1) throw usageError("请指定一个备份文件 FILE", "give exactly one backup FILE");
  const file = resolve(positionals[0]!);
  if (existsSync(file) && !values.force)
    throw failure(`备份文件 ${file} 已存在，未覆盖（可加 --force）`, `${file} exists; not overwritten (use --force)`);
  const config = configFrom(io);
  const partial = `${file}.partial`;

  if (!config.DATABASE_URL) {
    assertDataDirFree(config);
    if (!existsSync(join(resolve(config.DATA_DIR), "PG_VERSION")))
      throw failure(
        `数据目录 ${resolve(config.DATA_DIR)} 中没有数据库，无可备份`,
        "no database in DATA_DIR; nothing to back up",
        "FILE_NOT_FOUND",
      );
  }
  const database = await openConfiguredDatabase(config);
  let counts: Record<string, number>;
  try {
    counts = await rowCounts(database);
    if (database.pglite) {
      const dump = await database.pglite.dumpDataDir("gzip");
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    }
  } finally {
    await database.close();
  }
  if (config.DATABASE_URL) {
    const { dbname, env } = pgConnection(config.DATABASE_URL);
    try {
      await runPgTool("pg_dump", ["--format=custom", "--no-owner", "--file", partial, "--dbname", dbname], env, io);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
  }
  renameSync(partial, file);
  io.stdout.write(
    `已备份 (backed up) ${describeDatabase(config)}\n  → ${file}（${formatBytes(statSync(file).size)}）\n` +
      `备份时的行数 (row counts at backup):\n${countsText(counts)}`,
  );
  return EXIT.OK;
}
