// Stage 1 of the reader: bytes + file name → Decoded (text, blocks with offsets, container metadata).
// Pure: no file system. Bad input ends in an AppError with a code, never another exception.
//
// Format is decided by content first (zip → docx, OLE → doc or encrypted docx, markup → html),
// then by extension; text encodings are detected in reader/decode/charset.ts.
import { AppError } from "../common/errors.ts";
import type { Block, Decoded, ReadOptions, ReaderWarning, SourceFormat } from "./types.ts";
import { decodeText, isBlank, looksBinary, detectUtf16, sniffBom, decodeAs } from "./decode/charset.ts";
import { declaredCharset, extractHtml, looksLikeHtml } from "./decode/html.ts";
import { isEncryptedOoxml, isOle, readDoc, readDocx } from "./decode/docx.ts";

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_INFLATED_BYTES = 200 * 1024 * 1024;

type Sniffed = SourceFormat | "encrypted" | { unsupported: string };

const startsWith = (bytes: Uint8Array, sig: number[] | string) => {
  const s = typeof sig === "string" ? [...sig].map((c) => c.charCodeAt(0)) : sig;
  return s.every((b, i) => bytes[i] === b);
};

/** Formats we recognise but do not read, by magic number. */
function otherBinary(bytes: Uint8Array): string | null {
  if (startsWith(bytes, "%PDF-")) return "pdf";
  if (startsWith(bytes, "{\\rtf")) return "rtf";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, "GIF8")) return "gif";
  if (startsWith(bytes, [0x1f, 0x8b])) return "gzip";
  if (startsWith(bytes, "Rar!")) return "rar";
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return "7z";
  return null;
}

function extension(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : "";
}

/** The start of the file as text, for markup sniffing (UTF-16 aware). */
function head(bytes: Uint8Array): string {
  const slice = bytes.subarray(0, 2048);
  const bom = sniffBom(slice);
  // markup is ASCII, so UTF-16 markup without a BOM has NULs; skip the detector otherwise
  const wide = bom?.encoding.startsWith("utf-16") ? bom.encoding : slice.includes(0) ? detectUtf16(slice) : null;
  return wide
    ? decodeAs(slice, wide)
    : Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString("latin1");
}

function sniff(bytes: Uint8Array, fileName: string): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return "docx";
  if (isOle(bytes)) return isEncryptedOoxml(bytes) ? "encrypted" : "doc";
  if (looksLikeHtml(head(bytes))) return "html";
  const other = otherBinary(bytes); // a PDF or RTF saved as .doc is common on bureau sites
  if (other) return { unsupported: other };
  const ext = extension(fileName);
  if (ext === "docx" || ext === "docm" || ext === "dotx") return "docx";
  if (ext === "doc" || ext === "dot" || ext === "wps") return "doc";
  if (ext === "html" || ext === "htm" || ext === "xhtml" || ext === "shtml") return "html";
  return "txt";
}

/** Line ends → "\n"; form feeds, vertical tabs and Unicode separators count as line ends; NULs go. */
function normalise(text: string): string {
  return text
    .replace(/^\ufeff/, "")
    .replace(/\r\n?|[\v\f\u2028\u2029\u0085]/g, "\n")
    .replace(/\0/g, "");
}

/** One block per line, empty lines included; text === source.slice(start, end). */
export function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    blocks.push({ text: text.slice(start, end), start, end });
    if (nl < 0) break;
    start = nl + 1;
  }
  return blocks;
}

const READABLE = /[\p{L}\p{N}]/u;

function guessed(note: string | undefined): ReaderWarning[] {
  return note ? [{ code: "ENCODING_GUESSED", message: note }] : [];
}

export async function decode(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<Decoded> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes)
    throw new AppError("FILE_TOO_LARGE", { file: fileName, size: bytes.length, limit: maxBytes });
  if (bytes.length === 0 || isBlank(bytes)) throw new AppError("FILE_EMPTY", { file: fileName });

  const format = sniff(bytes, fileName);
  if (format === "encrypted") throw new AppError("DOCX_ENCRYPTED", { file: fileName });
  if (typeof format === "object")
    throw new AppError("FILE_UNSUPPORTED", { file: fileName, detected: format.unsupported });

  let text: string;
  let encoding: string;
  let meta: Record<string, string> = {};
  let warnings: ReaderWarning[] = [];

  if (format === "docx") {
    if (!startsWith(bytes, [0x50, 0x4b])) throw new AppError("DOCX_CORRUPT", { file: fileName, reason: "not a zip" });
    ({ text, meta } = await readDocx(bytes, opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES));
    encoding = "docx";
  } else if (format === "doc") {
    if (!isOle(bytes)) throw new AppError("DOC_CORRUPT", { file: fileName, reason: "not an OLE compound file" });
    ({ text, meta } = await readDoc(bytes));
    encoding = "doc";
  } else {
    const bom = sniffBom(bytes);
    const declared = format === "html" ? declaredCharset(bytes) : null;
    if (!bom && !declared && looksBinary(bytes) && !detectUtf16(bytes))
      throw new AppError("FILE_NOT_TEXT", { file: fileName });
    const d = decodeText(bytes, declared);
    encoding = d.encoding;
    warnings = guessed(d.note);
    if (format === "html") {
      const html = extractHtml(normalise(d.text));
      text = html.text;
      meta = html.meta;
    } else {
      text = d.text;
      if (!/[^\s\u00a0\u3000\ufeff\0]/.test(text)) throw new AppError("FILE_EMPTY", { file: fileName });
    }
  }

  text = normalise(text);
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  text = text.slice(0, end);
  if (!READABLE.test(text)) throw new AppError("NO_TEXT", { file: fileName, format });
  return { format, encoding, text, blocks: toBlocks(text), meta, warnings };
}
