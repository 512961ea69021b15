// `luoshi migrate`: applies the SQL migrations to the configured database (the server also does this
// on every start; this is for deployments that migrate as a separate step).
import { migrate as applyMigrations } from "../../server/db/migrate.ts";
import { assertDataDirFree, describeDatabase, openConfiguredDatabase } from "../../server/main.ts";
import { EXIT, parseCommandArgs, type Io } from "../io.ts";
import { configFrom } from "./database.ts";

export const MIGRATE_USAGE = `luoshi migrate
  对配置的数据库执行数据库迁移（服务启动时也会自动执行）。
  (apply the SQL migrations to the configured database; the server also does this on start)
`;

export async function migrate(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { help: { type: "boolean", short: "h" } });
  if (values.help) {
    io.stdout.write(MIGRATE_USAGE);
    return EXIT.OK;
  }
  const config = configFrom(io);
  assertDataDirFree(config);
  const database = await openConfiguredDatabase(config);
  try {
    const applied = await applyMigrations(database);
    io.stdout.write(
      `${describeDatabase(config)}\n` +
        (applied.length ? `已执行迁移 (applied): ${applied.join(", ")}\n` : "数据库已是最新 (already up to date)\n"),
    );
  } finally {
    await database.close();
  }
  return EXIT.OK;
}
