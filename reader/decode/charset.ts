// Character-encoding detection for plain text and HTML bytes. Pure functions.
// Order of evidence: byte-order mark → valid UTF-8 → UTF-16 without BOM → binary check →
// legacy Chinese encodings (GB18030 vs Big5, scored by how common the decoded characters are).
import iconv from "iconv-lite";
import { createRequire } from "node:module";
import { COMMON_HAN } from "./common-han.ts";

export interface TextDecoding {
  text: string;
  /** Canonical name: utf-8, utf-16le, utf-16be, gb18030, big5, or what iconv-lite used. */
  encoding: string;
  /** False when the encoding was inferred from statistics rather than a BOM or strict validity. */
  certain: boolean;
  /** Why the encoding is uncertain (for the ENCODING_GUESSED warning), in Chinese. */
  note?: string;
}

const SAMPLE = 64 * 1024;

export function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", length: 2 };
  if (a === 0x84 && b === 0x31 && c === 0x95 && d === 0x33) return { encoding: "gb18030", length: 4 };
  return null;
}

/** True when bytes, after any BOM, hold nothing but ASCII whitespace (and NULs for UTF-16). */
export function isBlank(bytes: Uint8Array): boolean {
  const bom = sniffBom(bytes);
  const wide = bom?.encoding.startsWith("utf-16") ?? false;
  for (let i = bom?.length ?? 0; i < bytes.length; i++) {
    const x = bytes[i]!;
    if (x === 0x20 || (x >= 0x09 && x <= 0x0d) || (wide && x === 0)) continue;
    return false;
  }
  return true;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** Decodes with the WHATWG decoder where it knows the encoding (fast), else iconv-lite. */
export function decodeAs(bytes: Uint8Array, encoding: string): string {
  if (encoding === "utf-8" || encoding === "utf-16le" || encoding === "utf-16be") {
    return new TextDecoder(encoding).decode(bytes); // strips a leading BOM
  }
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/** Maps a declared or detected charset label to the name we decode with, or null if unsupported. */
export function canonicalEncoding(label: string): string | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (/^(utf-?8|unicode-1-1-utf-8)$/.test(l)) return "utf-8";
  if (/^(gb2312|gbk|x-gbk|cp936|ms936|windows-936|gb18030|euc-cn|csgb2312|chinese|iso-ir-58)$/.test(l))
    return "gb18030";
  if (/^(big5|big-5|cn-big5|x-x-big5|csbig5|cp950|big5-hkscs|big5hkscs)$/.test(l))
    return l.includes("hkscs") ? "big5hkscs" : "big5";
  if (/^(utf-?16le|utf-?16)$/.test(l)) return "utf-16le";
  if (/^utf-?16be$/.test(l)) return "utf-16be";
  if (/^(iso-8859-1|latin1|us-ascii|ascii|windows-1252|cp1252)$/.test(l)) return "windows-1252";
  return iconv.encodingExists(l) ? l : null;
}

// ---- scoring -------------------------------------------------------------------------------

interface Score {
  /** Mean per-character plausibility; higher is better. */
  mean: number;
  han: number;
  common: number;
  replaced: number;
}

function isHan(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    (cp >= 0xf900 && cp <= 0xfaff)
  );
}

/** How much a decoded text looks like Chinese (or at least like ordinary text). */
export function scoreText(text: string): Score {
  let total = 0;
  let n = 0;
  let han = 0;
  let common = 0;
  let replaced = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n++;
    if (cp === 0xfffd) {
      replaced++;
      total -= 4;
    } else if (COMMON_HAN.has(cp)) {
      han++;
      common++;
      total += 3;
    } else if (isHan(cp)) {
      han++;
      total += 0.25;
    } else if (cp === 0x09 || cp === 0x0a || cp === 0x0d || (cp >= 0x20 && cp < 0x7f)) {
      total += 1;
    } else if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0x2010 && cp <= 0x2027)) {
      total += 1.5; // CJK and full-width punctuation, dashes, quotes, ellipsis
    } else if (
      cp < 0x20 ||
      (cp >= 0x7f && cp < 0xa0) ||
      (cp >= 0xe000 && cp <= 0xf8ff) ||
      (cp >= 0xd800 && cp <= 0xdfff)
    ) {
      total -= 2; // controls, private use (unmapped legacy codes), lone surrogates
    } else if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xa000 && cp <= 0xa4cf)) {
      total -= 0.5; // Hangul and Yi: what GBK bytes turn into when read as UTF-16
    }
  }
  return { mean: n ? total / n : 0, han, common, replaced };
}

// ---- UTF-16 without BOM ----------------------------------------------------------------------

/** Detects BOM-less UTF-16 by the position of NUL bytes (ASCII-heavy text) or, failing that, by plausibility. */
export function detectUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.2 && evenZero <= oddZero * 0.1) return "utf-16le";
  if (evenZero > pairs * 0.2 && oddZero <= evenZero * 0.1) return "utf-16be";
  // Mostly-Chinese UTF-16 has few NULs; accept it when it decodes to common characters only.
  if (bytes.length % 2 !== 0) return null;
  const sample = bytes.subarray(0, n);
  for (const enc of ["utf-16le", "utf-16be"] as const) {
    const s = scoreText(decodeAs(sample, enc));
    if (s.han >= 8 && s.common >= s.han * 0.4 && s.mean >= 1.2 && s.replaced === 0) return enc;
  }
  return null;
}

// ---- binary --------------------------------------------------------------------------------

/** True when the first 8 KB hold NULs or control bytes that no text file has. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const x = bytes[i]!;
    // allowed: \t \n \v \f \r, SUB (0x1a, DOS end of file), ESC (0x1b)
    if (x < 0x09 || (x > 0x0d && x < 0x1a) || (x > 0x1b && x < 0x20) || x === 0x7f) odd++;
  }
  return odd > 1 + n * 0.01;
}

// ---- legacy Chinese encodings ----------------------------------------------------------------

const GUESS_NAMES: Record<string, string> = { gb18030: "GB18030（GBK）", big5: "Big5", big5hkscs: "Big5-HKSCS" };

interface Chardet {
  detect(buffer: Buffer): { encoding: string | null; confidence: number };
}
let chardet: Chardet | null = null; // loaded on first use: most files never need it

function fromChardet(bytes: Uint8Array): { encoding: string; confidence: number } | null {
  try {
    chardet ??= createRequire(import.meta.url)("jschardet") as Chardet;
    const r = chardet.detect(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!r.encoding) return null;
    const enc = canonicalEncoding(r.encoding);
    return enc ? { encoding: enc, confidence: r.confidence } : null;
  } catch {
    return null;
  }
}

/**
 * Picks the legacy encoding for bytes that are neither UTF-8 nor UTF-16: GB18030 (a superset of
 * GBK/GB2312) and Big5 always compete; when neither clearly wins, jschardet's answer tips the
 * balance (or competes itself when it is confident of a third encoding).
 * The winner is the decoding whose characters are most plausible; ties go to GB18030.
 */
export function guessLegacy(bytes: Uint8Array): { encoding: string; margin: number } {
  const sample = bytes.subarray(0, SAMPLE);
  const rank = (candidates: Map<string, number>) => {
    const ranked = [...candidates]
      .map(([enc, bonus]) => ({ enc, score: scoreText(decodeAs(sample, enc)).mean + bonus }))
      .sort((a, b) => b.score - a.score);
    const [best, second] = ranked;
    return { encoding: best!.enc, score: best!.score, margin: second ? best!.score - second.score : Infinity };
  };
  const candidates = new Map<string, number>([
    ["gb18030", 0],
    ["big5", 0],
  ]);
  const first = rank(candidates);
  // A clear winner that reads as Chinese needs no second opinion (jschardet is slow on small files).
  if (first.score >= 1 && first.margin >= 0.3) return first;
  const chardet = fromChardet(sample);
  if (!chardet) return first;
  if (candidates.has(chardet.encoding)) candidates.set(chardet.encoding, 0.05 * chardet.confidence);
  else if (chardet.confidence >= 0.8 && chardet.encoding !== "utf-8") candidates.set(chardet.encoding, 0);
  else return first;
  return rank(candidates);
}

// ---- entry point ------------------------------------------------------------------------------

/**
 * Decodes text bytes. `declared` is a charset named by the container (HTML <meta>); it is used
 * unless a BOM says otherwise or it is plainly wrong (declared UTF-8 but invalid).
 * Throws nothing: binary detection is the caller's decision (see looksBinary).
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): TextDecoding {
  const bom = sniffBom(bytes);
  if (bom) return { text: decodeAs(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, certain: true };

  const declaredEnc = declared ? canonicalEncoding(declared) : null;
  const utf8 = isValidUtf8(bytes);
  if (declaredEnc && declaredEnc !== "utf-8") {
    // Pages declared as gb2312 or Latin-1 but saved as UTF-8 are common, and legacy-encoded
    // Chinese is practically never valid UTF-8: believe the bytes.
    if (utf8 && hasNonAscii(bytes) && !declaredEnc.startsWith("utf-")) {
      return {
        text: decodeAs(bytes, "utf-8"),
        encoding: "utf-8",
        certain: false,
        note: `网页声明编码为 ${declared}，但内容是 UTF-8，已按 UTF-8 读取`,
      };
    }
    return { text: decodeAs(bytes, declaredEnc), encoding: declaredEnc, certain: true };
  }
  if (utf8) return { text: decodeAs(bytes, "utf-8"), encoding: "utf-8", certain: true };

  const wide = detectUtf16(bytes);
  if (wide) {
    return {
      text: decodeAs(bytes, wide),
      encoding: wide,
      certain: false,
      note: `文件没有字节序标记，按 ${wide.toUpperCase()} 读取（推测）`,
    };
  }
  const { encoding, margin } = guessLegacy(bytes);
  const name = GUESS_NAMES[encoding] ?? encoding;
  const why = declaredEnc === "utf-8" ? `声明为 UTF-8 但内容不是有效的 UTF-8，` : "";
  const doubt = margin < 0.3 ? "，把握不大，请核对文字是否乱码" : "";
  return {
    text: decodeAs(bytes, encoding),
    encoding,
    certain: false,
    note: `${why}文件未声明编码，按 ${name} 读取（推测${doubt}）`,
  };
}
