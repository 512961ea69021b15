// `luoshi seed-demo`: writes the demo county (青川县) into the configured database, which must have no
// users yet, and prints the demo accounts' passwords once.
import { migrate } from "../../server/db/migrate.ts";
import { assertDataDirFree, describeDatabase, firstStartText, openConfiguredDatabase } from "../../server/main.ts";
import { hasUsers, seedDemo } from "../../server/modules/demo/index.ts";
import { MovableClock } from "../../server/platform/clock.ts";
import { EXIT, parseCommandArgs, type Io } from "../io.ts";
import { configFrom, failure } from "./database.ts";

export const SEED_DEMO_USAGE = `luoshi seed-demo
  在配置的数据库（须为空，没有任何用户）中创建演示县“青川县”：组织架构、各角色账号、演示计划及其进展，
  并打印账号密码（只显示一次）。
  (create the demo county in the configured, empty database and print the accounts once)
`;

export async function seedDemoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { help: { type: "boolean", short: "h" } });
  if (values.help) {
    io.stdout.write(SEED_DEMO_USAGE);
    return EXIT.OK;
  }
  const config = configFrom(io);
  assertDataDirFree(config);
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    if (await hasUsers(database))
      throw failure(
        `数据库中已有用户，未写入演示数据（演示数据只能写入空数据库；${describeDatabase(config)}）`,
        "the database already has users; nothing was written (the demo goes into an empty database only)",
      );
    const demo = await seedDemo({ database, config, clock: new MovableClock(), mailer: null });
    io.stdout.write(`${describeDatabase(config)}\n` + firstStartText({ kind: "demo", demo }));
  } finally {
    await database.close();
  }
  return EXIT.OK;
}
