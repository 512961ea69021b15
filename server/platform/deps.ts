// What use cases get besides their input: the database, settings, the clock and the notifier.
import type { Config } from "./config.ts";
import type { MovableClock } from "./clock.ts";
import type { Database } from "./db.ts";

/** Sends a notification outside the app (email); in-app notifications are rows in the database. */
export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
}

export interface Deps {
  database: Database;
  config: Config;
  clock: MovableClock;
  mailer: Mailer | null;
}

declare module "fastify" {
  interface FastifyInstance {
    deps: Deps;
  }
}
