// `luoshi serve [--port N] [--host H] [--no-demo]`: starts the server (server/main.ts) and runs until
// SIGINT/SIGTERM. `npm start` is `luoshi serve`.
import { startServer } from "../../server/main.ts";
import { EXIT, parseCommandArgs, usageError, type Io } from "../io.ts";
import { configFrom, failure } from "./database.ts";

export const SERVE_USAGE = `luoshi serve [选项 options]
  启动服务：首次启动空的嵌入式数据库时创建演示县并打印账号密码；设置 DATABASE_URL 时使用 PostgreSQL。
  (start the server; an empty embedded database gets the demo county, PostgreSQL when DATABASE_URL is set)

      --port N      监听端口，默认 PORT 或 3000 (port; default PORT or 3000)
      --host HOST   监听地址，默认 HOST 或 127.0.0.1 (address; default HOST or 127.0.0.1)
      --no-demo     空数据库只创建首个管理员（ADMIN_USERNAME / ADMIN_PASSWORD），不创建演示数据
                    (an empty database gets only the first administrator)
  其他设置见 docs/operations.md (all settings: docs/operations.md)
`;

export async function serve(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    port: { type: "string" },
    host: { type: "string" },
    "no-demo": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(SERVE_USAGE);
    return EXIT.OK;
  }
  if (positionals.length) throw usageError(`多余的参数 ${positionals[0]}`, `unexpected argument ${positionals[0]}`);
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/u.test(values.port) || port > 65535)
      throw usageError("--port 应为 0–65535 的整数", "--port must be 0–65535");
    overrides.PORT = port;
  }
  if (values.host !== undefined) overrides.HOST = values.host;
  configFrom(io); // a bad setting fails here with its name, before anything starts
  let server;
  try {
    server = await startServer({ env: io.env, overrides, demo: !values["no-demo"], out: io.stdout });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE" || e.code === "EACCES")
      throw failure(
        `端口无法使用（${e.code}），请用 --port 或 PORT 换一个端口`,
        `cannot listen (${e.code}); choose another port with --port or PORT`,
      );
    throw err;
  }
  // runs until the signal handler closes the server and exits the process
  await new Promise<void>((resolveClosed) => server.app.server.once("close", () => resolveClosed()));
  return EXIT.OK;
}
