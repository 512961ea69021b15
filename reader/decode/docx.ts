// Word containers: .docx (zip, read by mammoth after a zip-bomb guard) and .doc (OLE, word-extractor).
// The guard parses the zip central directory itself and inflates every entry against a budget,
// so neither the declared sizes nor the real ones can exceed maxInflatedBytes.
import { inflateRawSync } from "node:zlib";
import { createRequire } from "node:module";
import { numberedParagraphs } from "./numbering.ts";
import { AppError } from "../../common/errors.ts";
import { checkOle } from "./ole.ts";

export interface WordText {
  text: string;
  meta: Record<string, string>;
}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const MB = 1024 * 1024;
const MAX_RATIO = 1000;
const MAX_ENTRIES = 20_000;

function corrupt(reason: string): AppError {
  return new AppError("DOCX_CORRUPT", { reason });
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads the central directory. Throws DOCX_CORRUPT when it is missing or inconsistent. */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const dv = view(bytes);
  const len = bytes.length;
  if (len < 22) throw corrupt("too short for a zip");
  let eocd = -1;
  for (let p = len - 22; p >= Math.max(0, len - 22 - 0xffff); p--) {
    if (dv.getUint32(p, true) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw corrupt("no end of central directory");
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: the locator sits just before the classic record
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== 0x07064b50) throw corrupt("zip64 locator missing");
    const z = Number(dv.getBigUint64(loc + 8, true));
    if (z < 0 || z + 56 > len || dv.getUint32(z, true) !== 0x06064b50) throw corrupt("zip64 record missing");
    count = Number(dv.getBigUint64(z + 32, true));
    cdSize = Number(dv.getBigUint64(z + 40, true));
    cdOffset = Number(dv.getBigUint64(z + 48, true));
  }
  if (count > MAX_ENTRIES) throw new AppError("DOCX_TOO_LARGE_INFLATED", { reason: "too many entries", count });
  if (cdOffset + cdSize > len) throw corrupt("central directory out of range");

  const names = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > len || dv.getUint32(p, true) !== 0x02014b50) throw corrupt("bad central directory entry");
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let localOffset = dv.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > len) throw corrupt("central directory entry out of range");
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // zip64 extended information: the 64-bit values of the fields that read 0xffffffff, in order
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = dv.getUint16(x, true);
      const sz = dv.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        const take = () => {
          if (q + 8 > x + 4 + sz || q + 8 > len) throw corrupt("bad zip64 extra field");
          const v = Number(dv.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      x += 4 + sz;
    }
    entries.push({ name, method, flags, compressedSize, size, localOffset });
    p = end;
  }
  return entries;
}

function tooLarge(details: Record<string, unknown>): AppError {
  return new AppError("DOCX_TOO_LARGE_INFLATED", details);
}

function absurd(size: number, compressed: number): boolean {
  return size > MB && size > Math.max(compressed, 1) * MAX_RATIO;
}

const isXmlPart = (name: string) => /\.(xml|rels)$/i.test(name) || name === "[Content_Types].xml";

/**
 * Checks the zip against the inflation budget: first the declared sizes, then the real ones by
 * inflating each entry with a hard output cap. Returns the inflated XML parts we need ourselves.
 */
export function guardZip(
  bytes: Uint8Array,
  entries: ZipEntry[],
  maxInflated: number,
  keep: ReadonlySet<string>,
): Map<string, Buffer> {
  let declared = 0;
  for (const e of entries) {
    declared += e.size;
    if (absurd(e.size, e.compressedSize)) throw tooLarge({ entry: e.name, size: e.size, compressed: e.compressedSize });
  }
  if (declared > maxInflated) throw tooLarge({ declared, limit: maxInflated });

  const dv = view(bytes);
  const kept = new Map<string, Buffer>();
  let inflated = 0;
  for (const e of entries) {
    if (e.name.endsWith("/")) continue; // directory
    if (e.flags & 1) throw new AppError("DOCX_ENCRYPTED", { entry: e.name });
    const at = e.localOffset;
    if (at + 30 > bytes.length || dv.getUint32(at, true) !== 0x04034b50)
      throw corrupt(`bad local header for ${e.name}`);
    const start = at + 30 + dv.getUint16(at + 26, true) + dv.getUint16(at + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) throw corrupt(`entry ${e.name} out of range`);
    const data = bytes.subarray(start, end);
    let out: Buffer | null = null;
    let size: number;
    if (e.method === 0) {
      size = data.length;
      if (keep.has(e.name)) out = Buffer.from(data);
    } else if (e.method === 8) {
      const remaining = maxInflated - inflated;
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, remaining) });
      } catch (err) {
        if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
          throw tooLarge({ entry: e.name, limit: maxInflated });
        if (isXmlPart(e.name)) throw corrupt(`cannot inflate ${e.name}`);
        out = null; // a damaged image does not stop us reading the text
      }
      size = out ? out.length : e.size;
    } else {
      if (isXmlPart(e.name)) throw corrupt(`unsupported compression method ${e.method} for ${e.name}`);
      size = e.size;
    }
    inflated += size;
    if (inflated > maxInflated) throw tooLarge({ inflated, limit: maxInflated });
    if (absurd(size, e.compressedSize)) throw tooLarge({ entry: e.name, size, compressed: e.compressedSize });
    if (out && keep.has(e.name)) kept.set(e.name, out);
  }
  return kept;
}

function xmlText(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/<[^>]*>/g, "")
    .replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, r: string) => {
      const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
      if (named[r.toLowerCase()]) return named[r.toLowerCase()]!;
      const cp = r[1] === "x" || r[1] === "X" ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "";
    })
    .trim();
}

/** title, creator, created from docProps/core.xml. */
export function coreProperties(xml: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [key, tag] of [
    ["title", "dc:title"],
    ["creator", "dc:creator"],
    ["created", "dcterms:created"],
  ] as const) {
    const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml);
    const v = m ? xmlText(m[1]!) : "";
    if (v) meta[key] = v;
  }
  return meta;
}

/** Other office formats that arrive as zips: named so the user hears "unsupported", not "corrupt". */
function otherOffice(names: Set<string>): string | null {
  if (names.has("xl/workbook.xml")) return "xlsx";
  if (names.has("ppt/presentation.xml")) return "pptx";
  if (names.has("content.xml") && names.has("mimetype")) return "odf";
  return null;
}

export async function readDocx(bytes: Uint8Array, maxInflated: number): Promise<WordText> {
  const entries = listZip(bytes);
  const names = new Set(entries.map((e) => e.name));
  const other = otherOffice(names);
  if (other) throw new AppError("FILE_UNSUPPORTED", { detected: other });
  if (!names.has("word/document.xml") && !names.has("_rels/.rels")) throw corrupt("no word/document.xml");
  const parts = guardZip(
    bytes,
    entries,
    maxInflated,
    new Set(["docProps/core.xml", "word/document.xml", "word/numbering.xml", "word/styles.xml"]),
  );
  const core = parts.get("docProps/core.xml");
  const meta = core ? coreProperties(core.toString("utf8")) : {};
  let text: string;
  try {
    const { default: mammoth } = await import("mammoth"); // loaded on first use: 50 ms of start-up
    const result = await mammoth.extractRawText({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    text = result.value;
  } catch (err) {
    throw corrupt(err instanceof Error ? err.message.split("\n")[0]! : String(err));
  }
  // Headings numbered by Word itself carry no "一、" in the text: rebuild the labels.
  const numbering = parts.get("word/numbering.xml");
  const document = parts.get("word/document.xml");
  if (numbering && document) {
    const paras = numberedParagraphs(
      document.toString("utf8"),
      numbering.toString("utf8"),
      parts.get("word/styles.xml")?.toString("utf8") ?? null,
    );
    if (paras) text = paras.join("\n\n");
  }
  return { text, meta };
}

// ---- .doc -------------------------------------------------------------------------------------

interface WordExtractorDocument {
  getBody(): string;
}
interface WordExtractorClass {
  new (): { extract(source: Buffer): Promise<WordExtractorDocument> };
}
let WordExtractor: WordExtractorClass | null = null; // loaded on first use

export async function readDoc(bytes: Uint8Array): Promise<WordText> {
  const ole = checkOle(bytes); // word-extractor can hang or abort the process on a damaged file
  if (ole.encrypted) throw new AppError("DOCX_ENCRYPTED", { format: "doc" });
  try {
    WordExtractor ??= createRequire(import.meta.url)("word-extractor") as WordExtractorClass;
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { text: doc.getBody(), meta: {} };
  } catch (err) {
    throw new AppError("DOC_CORRUPT", { reason: err instanceof Error ? err.message.split("\n")[0] : String(err) });
  }
}

// ---- OLE --------------------------------------------------------------------------------------

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOle(bytes: Uint8Array): boolean {
  return OLE_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * An encrypted .docx is an OLE container holding "EncryptionInfo" and "EncryptedPackage" streams.
 * Directory entry names are UTF-16LE, so searching their encoding finds them without parsing the FAT.
 */
export function isEncryptedOoxml(bytes: Uint8Array): boolean {
  const needle = Buffer.from("EncryptedPackage", "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}
