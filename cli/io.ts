// What every command shares: the streams it writes to, exit codes, and how failures are printed.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { AppError } from "../common/errors.ts";

export const EXIT = { OK: 0, INTERNAL: 1, FAILED: 2, USAGE: 64 } as const;

/** Where a command writes. Tests and other callers can pass their own. */
export interface Out {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}
export interface Io {
  stdout: Out;
  stderr: Out;
  env: Record<string, string | undefined>;
}

export type Command = (args: string[], io: Io) => Promise<number>;

/** A usage error: printed with the usage text, exit 64. */
export function usageError(zh: string, en: string): AppError {
  return new AppError("CLI_USAGE", { zh, en });
}

/** "luoshi: [FILE: ]zh (en) [CODE]" — the one line every failure prints. */
export function errorLine(err: AppError, file?: string): string {
  const d = err.details as { zh?: unknown; en?: unknown };
  const zh = typeof d.zh === "string" ? d.zh : err.zh;
  const en = typeof d.en === "string" ? d.en : err.en;
  return `luoshi: ${file === undefined ? "" : `${file}: `}${zh} (${en}) [${err.code}]\n`;
}

/** One line for an unexpected error; the stack only with LUOSHI_DEBUG=1. */
export function internalLine(err: unknown, io: Io, file?: string): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const first = message.split("\n")[0]!.slice(0, 300);
  const line = errorLine(new AppError("INTERNAL", { en: `internal error: ${first}` }), file);
  const stack = io.env.LUOSHI_DEBUG === "1" && err instanceof Error && err.stack ? `${err.stack}\n` : "";
  return line + stack;
}

/** parseArgs with our usage errors (exit 64) instead of Node's. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const { code, message } = err as { code?: string; message?: string };
    const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(message ?? "")?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw usageError(`未知选项 ${flag}`, `unknown option ${flag}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw usageError(`选项 ${flag} 的值有误或缺少值`, `option ${flag} needs a valid value`);
    throw usageError("命令行参数有误", String(message ?? err).split("\n")[0]!);
  }
}
