// The database: embedded PGlite (data in a directory) by default, PostgreSQL when a URL is given.
// Both speak the same SQL; modules use Drizzle on top (`Db`), migrations use `exec`.
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A Drizzle handle inside a transaction: the same query API as Db. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** Run one or more SQL statements without parameters (migrations, maintenance). */
  exec(sql: string): Promise<void>;
  /** Run one parameterised statement and return its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** The embedded engine, for dump/restore. */
  pglite?: PGlite;
}

export interface OpenOptions {
  url?: string | undefined;
  /** Directory of the embedded database; omitted = in memory. */
  dataDir?: string | undefined;
  /** A PGlite data-dir dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    // numeric and bigint as JS numbers; dates (no time) as 'YYYY-MM-DD' strings
    pool.on("error", () => undefined);
    const db = drizzleNodePg(pool) as unknown as Db;
    return {
      kind: "postgres",
      db,
      exec: async (sql) => void (await pool.query(sql)),
      query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
      close: () => pool.end(),
    };
  }
  const pglite = await PGlite.create({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const db = drizzlePglite(pglite) as unknown as Db;
  return {
    kind: "pglite",
    db,
    pglite,
    exec: async (sql) => void (await pglite.exec(sql)),
    query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
    close: () => pglite.close(),
  };
}

// PostgreSQL's date type comes back as a JS Date by default in node-postgres; keep it a plain string.
pg.types.setTypeParser(1082, (v: string) => v);
// bigint (count(*), bigserial) as number: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));
// numeric as number
pg.types.setTypeParser(1700, (v: string) => Number(v));

/** Run a Drizzle `sql` query on either driver and get its rows. */
export async function run(db: Db | Tx, query: SQL): Promise<{ rows: Record<string, unknown>[] }> {
  return (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
}
