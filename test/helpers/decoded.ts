// Build a Decoded value from plain lines, for stage tests that start after decode.
import type { Decoded } from "../../reader/types.ts";

export function decodedOf(text: string): Decoded {
  const blocks: Decoded["blocks"] = [];
  let start = 0;
  for (const line of text.split("\n")) {
    blocks.push({ text: line, start, end: start + line.length });
    start += line.length + 1;
  }
  return { format: "txt", encoding: "utf-8", text, blocks, meta: {}, warnings: [] };
}
