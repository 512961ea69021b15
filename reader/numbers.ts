// Chinese and Arabic numerals → numbers. Pure helpers for the extract stage.

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "三" → 3, "十二" → 12, "一百二十" → 120, "两千" → 2000, "三万" → 30000; null when not a numeral. */
export function chineseToNumber(s: string): number | null {
  if (!s || !/^[零〇一二两三四五六七八九十百千万亿]+$/u.test(s)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
    } else if (ch in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[ch]!;
      digit = null;
    } else if (ch === "万" || ch === "亿") {
      section += digit ?? 0;
      total = (total + section) * (ch === "万" ? 1e4 : 1e8);
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/** "1,200.5" → 1200.5 */
export function arabicToNumber(s: string): number {
  return Number(s.replace(/,/gu, ""));
}
