// Property tests: whatever arrives, each stage ends in a result or a clean AppError, in bounded time.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../common/errors.ts";
import { readDocument } from "./index.ts";

async function readOrError(bytes: Uint8Array, name: string) {
  try {
    return await readDocument(bytes, name);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

const planish = fc.array(
  fc.oneof(
    fc.constantFrom(
      "一、",
      "(一)",
      "1.",
      "①",
      "一是",
      "第一篇",
      "。",
      ",",
      "、",
      " ",
      "\n",
      "?",
      "|",
      "发(fā)",
      "達到",
      "94.5%",
      "1500余个",
      "由2023年的",
      "—",
      "第六届",
      "牵头",
      "6月底前",
    ),
    fc.string({ maxLength: 6 }),
    fc.stringMatching(/^[\u4e00-\u9fa5]{1,6}$/u),
  ),
  { maxLength: 200 },
);

describe("reader properties", () => {
  it("any text ends in a draft or an AppError", async () => {
    await fc.assert(
      fc.asyncProperty(planish, async (parts) => {
        const r = await readOrError(Buffer.from(parts.join(""), "utf8"), "x.txt");
        if (!(r instanceof AppError)) {
          for (const d of r.documents) for (const q of d.quantities) expect(Number.isFinite(q.value)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("any bytes with any document extension end in a draft or an AppError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom("a.txt", "a.html", "a.docx", "a.doc"),
        async (bytes, name) => {
          await readOrError(bytes, name);
        },
      ),
      { numRuns: 150 },
    );
  });

  // Catastrophic regex backtracking turns these into minutes; linear code does each in well under a second.
  const MB = 1 << 20;
  const adversarial: Record<string, string> = {
    digits: "1".repeat(MB),
    "Chinese numerals": "一".repeat(MB / 3),
    "question marks in words": "学?".repeat(MB / 4),
    spaces: `一、${" ".repeat(MB)}二、`,
    "markers after spaces": " 一、".repeat(MB / 6),
    "open brackets": "(".repeat(MB),
    "unclosed gloss": "發(fā".repeat(MB / 8),
    "由 without a rise": "由".repeat(MB / 3),
    "breadcrumb arrows": "首页 > ".repeat(MB / 8),
    "percent runs": "9%".repeat(MB / 2),
  };
  it.each(Object.entries(adversarial))("a 1 MB line of %s finishes quickly", async (_, text) => {
    const t = performance.now();
    await readOrError(Buffer.from(text, "utf8"), "x.txt");
    expect(performance.now() - t).toBeLessThan(3000);
  });
});
