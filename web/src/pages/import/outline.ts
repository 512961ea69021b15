// The flat, levelled item list of a draft document as a tree, and the edit ops that move items in it.
// Pure functions (no React), so the rules are easy to read and to test.
import type { ReviewItem } from "./types.ts";

export interface OutlineNode {
  key: string;
  index: number;
  item: ReviewItem;
  children: OutlineNode[];
}

/** The item's numbering as the document writes it ("（一）", "一、", "1."), else the bare numeral; "" if none. */
export function numberLabel(item: Pick<ReviewItem, "num" | "marker">): string {
  return item.marker?.trim() || item.num;
}

/** Nests items by level: each item's parent is the nearest earlier item of a lower level. */
export function buildOutline(items: ReviewItem[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  items.forEach((item, index) => {
    const node: OutlineNode = { key: item.key, index, item, children: [] };
    while (stack.length && stack[stack.length - 1]!.item.level >= item.level) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  });
  return roots;
}

/** End (exclusive) of the item at i together with the deeper items that follow it. */
export function subtreeEnd(items: ReviewItem[], i: number): number {
  const level = items[i]!.level;
  let j = i + 1;
  while (j < items.length && items[j]!.level > level) j++;
  return j;
}

export type MoveOp = { op: "move"; itemKey: string; toIndex: number; level: number; withChildren: true };

/** Move an item (with its children) before its previous sibling; null at the top. */
export function moveUp(items: ReviewItem[], i: number): MoveOp | null {
  const level = items[i]!.level;
  for (let j = i - 1; j >= 0; j--) {
    const l = items[j]!.level;
    if (l < level) return null;
    if (l === level) return { op: "move", itemKey: items[i]!.key, toIndex: j, level, withChildren: true };
  }
  return null;
}

/** Move an item (with its children) after its next sibling (and that sibling's children). */
export function moveDown(items: ReviewItem[], i: number): MoveOp | null {
  const level = items[i]!.level;
  const end = subtreeEnd(items, i);
  if (end >= items.length || items[end]!.level !== level) return null;
  const nextEnd = subtreeEnd(items, end);
  return { op: "move", itemKey: items[i]!.key, toIndex: i + (nextEnd - end), level, withChildren: true };
}

/** One level up (outdent), children along. */
export function outdent(items: ReviewItem[], i: number): MoveOp | null {
  const level = items[i]!.level;
  if (level <= 1) return null;
  return { op: "move", itemKey: items[i]!.key, toIndex: i, level: level - 1, withChildren: true };
}

/** One level down (indent) under the previous item, children along. */
export function indent(items: ReviewItem[], i: number): MoveOp | null {
  const level = items[i]!.level;
  if (i === 0 || items[i - 1]!.level < level || level >= 9) return null;
  return { op: "move", itemKey: items[i]!.key, toIndex: i, level: level + 1, withChildren: true };
}

/** Every node key (to expand the whole tree). */
export function allKeys(nodes: OutlineNode[]): string[] {
  const out: string[] = [];
  const walk = (ns: OutlineNode[]) => {
    for (const n of ns) {
      if (n.children.length) out.push(n.key);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}
