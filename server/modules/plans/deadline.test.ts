import { describe, expect, it } from "vitest";
import { parseDeadline } from "./deadline.ts";

describe("parseDeadline", () => {
  const ok = (v: string | number | Date | null, date: string | null, year = 2025) =>
    expect(parseDeadline(v, year)).toEqual({ ok: true, date });

  it("reads the ways ledgers write deadlines", () => {
    ok("2025年6月底前", "2025-06-30");
    ok("6月30日前", "2025-06-30");
    ok("2025-06-30", "2025-06-30");
    ok("2025/6/30", "2025-06-30");
    ok("2025.06", "2025-06-30");
    ok("年底前", "2025-12-31");
    ok("年底前", "2026-12-31", 2026);
    ok("2026年底前", "2026-12-31");
    ok("2025年", "2025-12-31");
    ok("9月份", "2025-09-30");
    ok("十二月底", "2025-12-31");
    ok("2月", "2025-02-28");
    ok("2024年2月底", "2024-02-29");
    ok("三季度末", "2025-09-30");
    ok("上半年", "2025-06-30");
    ok("10月中旬", "2025-10-20");
    ok("2025年6月底前完成初稿，9月底前全面完成", "2025-09-30");
    ok("２０２５年６月３０日", "2025-06-30");
    ok(new Date(Date.UTC(2025, 5, 30)), "2025-06-30");
    ok(45838, "2025-06-30");
  });

  it("treats empty and ongoing as no deadline", () => {
    ok(null, null);
    ok("", null);
    ok("长期坚持", null);
    ok("持续推进", null);
  });

  it("refuses what it cannot read", () => {
    for (const bad of ["尽快", "2025年13月", "2月30日", "下周", "6/31", "abc"])
      expect(parseDeadline(bad, 2025)).toEqual({ ok: false });
    expect(parseDeadline(12, 2025)).toEqual({ ok: false });
  });
});
