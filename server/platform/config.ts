// Settings from the environment, parsed once with zod. Every knob the server has lives here.
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const ZConfig = z.object({
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** PostgreSQL connection string; when absent the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Create the demo county on an empty embedded database. */
  DEMO: bool.default(true),
  /** First administrator for a production start (no demo). */
  ADMIN_USERNAME: z.string().min(3).default("admin"),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  SESSION_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Login attempts allowed per client address per minute, whatever the account. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),
  UPLOAD_MAX_MB: z.coerce.number().positive().default(50),
  EVIDENCE_MAX_MB: z.coerce.number().positive().default(20),
  /** Supervision: a task turns yellow this many days before its deadline or a milestone. */
  DUE_SOON_DAYS: z.coerce.number().int().nonnegative().default(7),
  /** Supervision: days overdue before escalation to the deputy leader, then to the bureau leader. */
  ESCALATE_DEPUTY_DAYS: z.coerce.number().int().nonnegative().default(0),
  ESCALATE_LEADER_DAYS: z.coerce.number().int().nonnegative().default(7),
  /** Supervision: progress behind the time elapsed by more than this many points is yellow. */
  BEHIND_POINTS: z.coerce.number().nonnegative().default(20),
  /** Minutes between supervision sweeps of the in-process scheduler (0 = off). */
  SWEEP_MINUTES: z.coerce.number().nonnegative().default(15),
  /** Test-only: allow moving the server clock through POST /api/test/clock. Never in production. */
  TEST_CLOCK: bool.default(false),
  SMTP_URL: z.string().optional(),
  /** Reports: the body font of generated Word documents (仿宋_GB2312 where installed; docs/reports.md). */
  REPORT_BODY_FONT: z.string().min(1).default("FangSong"),
  /** The built web app the server serves (default: web/dist of this package; `npm run build:web`). */
  WEB_DIR: z.string().optional(),
});

export type Config = z.infer<typeof ZConfig>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const parsed = ZConfig.safeParse(Object.fromEntries(Object.entries(env).filter(([k]) => k in ZConfig.shape)));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`配置错误 (invalid settings): ${issues}`);
  }
  return { ...parsed.data, ...overrides };
}
