// The source side of the review: the decoded document text with what the reader found marked on it —
// item titles, quantities (green = a target, grey = not a target), lead and co-units, deadlines, and
// the blocks the reader removed (struck through) or flagged. Each mark knows its item; the selected
// item is shaded by a style rule (no re-render), and `flash(key)` scrolls to an item and blinks it.
import { memo, useEffect, useImperativeHandle, useMemo, useRef, type Ref } from "react";
import type { ReviewItem, ReviewDraft, Span } from "./types.ts";

type MarkKind = "title" | "qty" | "qtyOff" | "owner" | "deadline" | "removed" | "warning";
interface Mark extends Span {
  kind: MarkKind;
  label?: string;
  /** Higher wins where marks overlap. */
  rank: number;
}

const RANK: Record<MarkKind, number> = { removed: 1, title: 2, owner: 3, deadline: 4, qtyOff: 5, qty: 6, warning: 7 };

export interface SourceViewHandle {
  flash(itemKey: string): void;
  scrollToOffset(offset: number): void;
}

const CSS = `
.lsv { font-size: 14px; line-height: 1.9; color: #262626; font-family: inherit; }
.lsv p { margin: 0 0 6px; white-space: pre-wrap; word-break: break-all; }
.lsv p.lsv-empty { height: 8px; }
.lsv [data-item] { cursor: pointer; border-radius: 2px; }
.lsv .m-title { font-weight: 600; color: #0958d9; background: #e6f4ff; }
.lsv .m-qty { background: #d9f7be; border-bottom: 2px solid #52c41a; padding: 0 1px; }
.lsv .m-qtyOff { background: #f0f0f0; color: #8c8c8c; text-decoration: line-through; }
.lsv .m-owner { border-bottom: 2px solid #1677ff; }
.lsv .m-deadline { border-bottom: 2px dashed #fa8c16; }
.lsv .m-removed { color: #bfbfbf; text-decoration: line-through; background: #fafafa; }
.lsv .m-warning { text-decoration: underline wavy #ff4d4f; }
@keyframes lsv-flash { 0% { background: #ffe58f; } 100% { background: transparent; } }
.lsv .lsv-flash { animation: lsv-flash 1.6s ease-out; }
`;

function titleSpan(source: string, item: ReviewItem): Span | null {
  if (!item.src) return null; // an item added in review has no source
  const slice = source.slice(item.src.start, item.src.end);
  const head = item.title.slice(0, Math.min(item.title.length, 12));
  const at = head ? slice.indexOf(head) : -1;
  if (at >= 0) {
    const full = slice.indexOf(item.title);
    const len = full === at ? item.title.length : head.length;
    return { start: item.src.start, end: item.src.start + at + len };
  }
  const lineEnd = slice.search(/[\n。；;]/u);
  const len = Math.min(lineEnd < 0 ? slice.length : lineEnd, item.title.length + 6);
  return len > 0 ? { start: item.src.start, end: item.src.start + len } : null;
}

function SourceViewInner(props: {
  source: string;
  draft: ReviewDraft;
  documentIndex: number;
  selected: string | null;
  onSelect: (itemKey: string) => void;
  ref?: Ref<SourceViewHandle>;
}) {
  const { source, draft, documentIndex, onSelect } = props;
  const box = useRef<HTMLDivElement>(null);
  const styleRef = useRef<HTMLStyleElement>(null);

  const { paragraphs, itemAt } = useMemo(() => {
    const items = draft.documents[documentIndex]?.items ?? [];
    const marks: Mark[] = [];
    for (const it of items) {
      const t = titleSpan(source, it);
      if (t) marks.push({ ...t, kind: "title", rank: RANK.title });
      for (const q of it.quantities)
        if (q.src)
          marks.push({
            ...q.src,
            kind: q.isTarget ? "qty" : "qtyOff",
            rank: q.isTarget ? RANK.qty : RANK.qtyOff,
            label: `${q.indicator}：${q.qualifier ? `${q.value}${q.unit}${q.qualifier}` : `${q.value}${q.unit}`}${q.isTarget ? "（目标）" : "（不作为目标）"}`,
          });
      for (const o of it.owners)
        if (o.src)
          marks.push({ ...o.src, kind: "owner", rank: RANK.owner, label: o.role === "lead" ? "牵头单位" : "配合单位" });
      for (const d of it.deadlines)
        if (d.src)
          marks.push({ ...d.src, kind: "deadline", rank: RANK.deadline, label: d.date ? `时限 ${d.date}` : "时限" });
    }
    for (const r of draft.removed)
      marks.push({
        start: r.start,
        end: r.end,
        kind: "removed",
        rank: RANK.removed,
        label: REMOVED_LABEL[r.kind] ?? r.kind,
      });
    for (const w of draft.warnings)
      if (w.span) marks.push({ ...w.span, kind: "warning", rank: RANK.warning, label: w.message });
    // item ranges, for "which item is this character in"
    const ranges = items
      .flatMap((it) => (it.src ? [{ start: it.src.start, end: it.src.end, key: it.key }] : []))
      .sort((a, b) => a.start - b.start);
    const itemAt = (pos: number): string | undefined => {
      let lo = 0;
      let hi = ranges.length - 1;
      let best: string | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = ranges[mid]!;
        if (r.start <= pos) {
          if (pos < r.end) best = r.key;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best;
    };
    marks.sort((a, b) => a.start - b.start);
    // paragraphs
    const paragraphs: {
      start: number;
      end: number;
      segs: { start: number; end: number; mark?: Mark; item?: string }[];
    }[] = [];
    let pos = 0;
    let mi = 0;
    const open: Mark[] = [];
    for (const line of source.split("\n")) {
      const start = pos;
      const end = pos + line.length;
      pos = end + 1;
      while (mi < marks.length && marks[mi]!.start < end) open.push(marks[mi++]!);
      const here = open.filter((m) => m.end > start && m.start < end);
      const cuts = new Set<number>([start, end]);
      for (const m of here) {
        cuts.add(Math.max(start, m.start));
        cuts.add(Math.min(end, m.end));
      }
      const points = [...cuts].sort((a, b) => a - b);
      const segs: { start: number; end: number; mark?: Mark; item?: string }[] = [];
      for (let k = 0; k + 1 < points.length; k++) {
        const a = points[k]!;
        const b = points[k + 1]!;
        if (a >= b) continue;
        let top: Mark | undefined;
        for (const m of here) if (m.start <= a && m.end >= b && (!top || m.rank > top.rank)) top = m;
        segs.push({ start: a, end: b, mark: top, item: itemAt(a) });
      }
      paragraphs.push({ start, end, segs });
      // drop marks that ended
      for (let k = open.length - 1; k >= 0; k--) if (open[k]!.end <= end) open.splice(k, 1);
    }
    return { paragraphs, itemAt };
  }, [source, draft, documentIndex]);

  useImperativeHandle(
    props.ref,
    () => ({
      flash(itemKey: string) {
        const els = box.current?.querySelectorAll<HTMLElement>(`[data-item="${itemKey}"]`);
        if (!els?.length) return;
        els[0]!.scrollIntoView({ block: "center" }); // instant: a smooth scroll is cut short by the tree scrolling too
        els.forEach((el) => {
          el.classList.remove("lsv-flash");
          void el.offsetWidth; // restart the animation
          el.classList.add("lsv-flash");
        });
      },
      scrollToOffset(offset: number) {
        const key = itemAt(offset);
        const el =
          (key && box.current?.querySelector<HTMLElement>(`[data-item="${key}"]`)) ||
          box.current?.querySelector<HTMLElement>(
            `[data-start="${paragraphs.find((p) => p.end >= offset)?.start ?? 0}"]`,
          );
        el?.scrollIntoView({ block: "center", behavior: "smooth" });
      },
    }),
    [itemAt, paragraphs],
  );

  // shade the selected item's text with a style rule: no re-render of the (long) source
  useEffect(() => {
    if (styleRef.current)
      styleRef.current.textContent = props.selected
        ? `.lsv [data-item="${props.selected}"]:not([data-mark="qty"]):not([data-mark="qtyOff"]) { background-color: #fff1b8; }`
        : "";
  }, [props.selected]);

  const body = useMemo(
    () =>
      paragraphs.map((p) =>
        p.start === p.end ? (
          <p key={p.start} className="lsv-empty" data-start={p.start} />
        ) : (
          <p key={p.start} data-start={p.start}>
            {p.segs.map((s) => {
              const text = source.slice(s.start, s.end);
              const cls = s.mark ? `m-${s.mark.kind}` : undefined;
              return (
                <span key={s.start} className={cls} data-item={s.item} data-mark={s.mark?.kind} title={s.mark?.label}>
                  {text}
                </span>
              );
            })}
          </p>
        ),
      ),
    [paragraphs, source],
  );

  return (
    <div
      ref={box}
      className="lsv"
      data-testid="source-view"
      onClick={(e) => {
        const key = (e.target as HTMLElement).closest<HTMLElement>("[data-item]")?.dataset.item;
        if (key) onSelect(key);
      }}
    >
      <style>{CSS}</style>
      <style ref={styleRef} />
      {body}
    </div>
  );
}

const REMOVED_LABEL: Record<string, string> = {
  furniture: "已删除：网页框架/页眉页脚",
  spam: "已删除：广告等无关内容",
  duplicate: "已删除：重复段落",
  blank: "已删除：空白",
};

export const SourceView = memo(SourceViewInner);
