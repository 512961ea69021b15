// Guard for OLE compound files (.doc) before word-extractor reads them.
// word-extractor follows sector chains without cycle checks and sizes arrays from header fields, so
// a damaged or hostile file can loop until V8 aborts the whole process (not a catchable error).
// This walks the same structures it will walk — header, master/sector allocation tables, the
// directory tree and the streams it opens — and rejects anything cyclic, out of range or absurd.
// Pure and bounded by the file size.
import { AppError } from "../../common/errors.ts";

export interface OleSummary {
  /** Word's FIB says the document is password-protected. */
  encrypted: boolean;
  /** Names of the streams found in the root storage. */
  streams: string[];
}

interface DirEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  secId: number;
  size: number;
}

const FREE = -1;
const STREAMS_READ = ["WordDocument", "0Table", "1Table"];

function bad(reason: string): AppError {
  return new AppError("DOC_CORRUPT", { reason });
}

export function checkOle(bytes: Uint8Array): OleSummary {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 512) throw bad("shorter than an OLE header");
  const secShift = dv.getInt16(30, true);
  const shortShift = dv.getInt16(32, true);
  if (secShift !== 9 && secShift !== 12) throw bad(`sector shift ${secShift}`);
  if (shortShift !== 6) throw bad(`mini sector shift ${shortShift}`);
  const secSize = 1 << secShift;
  const shortSize = 1 << shortShift;
  const satSize = dv.getInt32(44, true);
  const dirSecId = dv.getInt32(48, true);
  const shortMax = dv.getInt32(56, true);
  const ssatSecId = dv.getInt32(60, true);
  const ssatSize = dv.getInt32(64, true);
  const msatSecId = dv.getInt32(68, true);
  const msatSize = dv.getInt32(72, true);
  if (shortMax !== 4096) throw bad(`mini stream cutoff ${shortMax}`);

  const sectors = Math.ceil((bytes.length - 512) / secSize);
  const offsetOf = (id: number) => 512 + id * secSize;
  const int32At = (off: number) => (off + 4 <= bytes.length ? dv.getInt32(off, true) : 0);
  if (satSize < 1 || satSize > Math.ceil(sectors / (secSize / 4)) * 2 + 1)
    throw bad(`allocation table of ${satSize} sectors`);
  if (msatSize < 0 || msatSize > sectors) throw bad(`master table of ${msatSize} sectors`);
  if (ssatSize < 0 || ssatSize > sectors) throw bad(`short allocation table of ${ssatSize} sectors`);

  // master allocation table: 109 entries in the header, then a chain of DIFAT sectors
  const msat: number[] = [];
  for (let i = 0; i < 109 && msat.length < satSize; i++) msat.push(dv.getInt32(76 + i * 4, true));
  if (satSize > 109) {
    if (msatSize === 0) throw bad("master allocation table missing");
    const seen = new Set<number>();
    let id = msatSecId;
    for (let k = 0; k < msatSize; k++) {
      if (id < 0 || id >= sectors || seen.has(id)) throw bad("master allocation chain broken");
      seen.add(id);
      const base = offsetOf(id);
      for (let s = 0; s < secSize - 4 && msat.length < satSize; s += 4) msat.push(int32At(base + s));
      id = int32At(base + secSize - 4);
    }
  }
  if (msat.length !== satSize) throw bad("master allocation table short");

  const sat = new Int32Array((satSize * secSize) / 4);
  msat.forEach((id, k) => {
    if (id < 0 || id >= sectors) throw bad(`allocation table sector ${id} out of range`);
    for (let s = 0; s < secSize / 4; s++) sat[k * (secSize / 4) + s] = int32At(offsetOf(id) + s * 4);
  });

  /** The chain word-extractor will compute (it stops at any id ≤ -1 or past the table), checked. */
  const chain = (start: number, table: Int32Array, bound: number, what: string): number[] => {
    const ids: number[] = [];
    const seen = new Set<number>();
    let id = start;
    while (id > FREE) {
      if (id >= bound || id >= table.length || seen.has(id)) throw bad(`${what} chain broken at ${id}`);
      seen.add(id);
      ids.push(id);
      id = table[id]!;
    }
    return ids;
  };

  const ssatIds = chain(ssatSecId, sat, sectors, "short allocation table");
  if (ssatIds.length !== ssatSize) throw bad("short allocation table size mismatch");
  const ssat = new Int32Array((ssatIds.length * secSize) / 4);
  ssatIds.forEach((id, k) => {
    for (let s = 0; s < secSize / 4; s++) ssat[k * (secSize / 4) + s] = int32At(offsetOf(id) + s * 4);
  });

  const dirIds = chain(dirSecId, sat, sectors, "directory");
  if (dirIds.length === 0) throw bad("no directory");
  const entries: DirEntry[] = [];
  for (const id of dirIds) {
    for (let e = 0; e < secSize; e += 128) {
      const o = offsetOf(id) + e;
      if (o + 128 > bytes.length) {
        entries.push({ name: "", type: 0, left: FREE, right: FREE, child: FREE, secId: -2, size: 0 });
        continue;
      }
      const nameLen = Math.max(Math.min(dv.getInt16(o + 64, true), 64) - 2, 0);
      entries.push({
        name: Buffer.from(bytes.buffer, bytes.byteOffset + o, nameLen).toString("utf16le"),
        type: dv.getInt8(o + 66),
        left: dv.getInt32(o + 68, true),
        right: dv.getInt32(o + 72, true),
        child: dv.getInt32(o + 76, true),
        secId: dv.getInt32(o + 116, true),
        size: dv.getInt32(o + 120, true),
      });
    }
  }
  const root = entries.find((e) => e.type === 5);
  if (!root) throw bad("no root entry");

  // The tree walk word-extractor does recursively: every id other than -1 is followed.
  const visited = new Set<DirEntry>([root]);
  const rootStreams = new Map<string, DirEntry>();
  const storages: DirEntry[] = [root];
  while (storages.length) {
    const storage = storages.pop()!;
    if (storage.child <= FREE) continue;
    const todo = [storage.child];
    while (todo.length) {
      const id = todo.pop()!;
      const e = entries[id];
      if (id < 0 || !e || visited.has(e)) throw bad("directory tree broken");
      visited.add(e);
      if (e.type === 1) storages.push(e);
      if (e.type === 2 && storage === root) rootStreams.set(e.name, e);
      if (e.left !== FREE) todo.push(e.left);
      if (e.right !== FREE) todo.push(e.right);
    }
  }

  const miniIds = chain(root.secId, sat, sectors, "mini stream");
  const miniSectors = Math.floor((miniIds.length * secSize) / shortSize);
  let encrypted = false;
  for (const name of STREAMS_READ) {
    const e = rootStreams.get(name);
    if (!e) continue;
    if (e.size < 0) throw bad(`stream ${name} has a negative size`);
    const short = e.size < shortMax;
    const ids = short
      ? chain(e.secId, ssat, miniSectors, `stream ${name}`)
      : chain(e.secId, sat, sectors, `stream ${name}`);
    if (ids.length * (short ? shortSize : secSize) < Math.min(e.size, short ? shortSize : secSize))
      throw bad(`stream ${name} truncated`);
    if (name === "WordDocument" && ids.length > 0) {
      // FIB: wIdent at 0, flags at 0x0A; bit 8 (0x0100) is fEncrypted
      const mini = ids[0]! * shortSize;
      const first = short
        ? miniIds[Math.floor(mini / secSize)] === undefined
          ? -1
          : offsetOf(miniIds[Math.floor(mini / secSize)]!) + (mini % secSize)
        : offsetOf(ids[0]!);
      if (first >= 0 && first + 12 <= bytes.length && dv.getUint16(first, true) === 0xa5ec) {
        encrypted = (dv.getUint16(first + 0x0a, true) & 0x0100) !== 0;
      }
    }
  }
  if (!rootStreams.has("WordDocument")) throw bad("no WordDocument stream");
  return { encrypted, streams: [...rootStreams.keys()] };
}
