// Time is an input: use cases take a Clock, so deadlines, reminders and escalation are tested by
// moving the clock, not by waiting.
export interface Clock {
  now(): Date;
}

/** The system clock, with an offset that tests (and only tests) may move. */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}

export const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a Date in China Standard Time (UTC+8), the bureau's calendar. */
export function cstDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whole days from date a to date b (YYYY-MM-DD strings), b - a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}
