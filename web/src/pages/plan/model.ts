// The plan board's data work, kept out of the components: walking the task tree, the filters, the
// top-level section (领域) of each task. Pure functions over the /plans/:id tree.
import type { StatusColor } from "../../components/status.tsx";
import type { TreeNode } from "../plans/types.ts";

export interface Filters {
  /** 股室: the department leads the task or works on it as a co-unit. */
  dept?: number;
  /** 牵头单位 (any unit: department, township, school). */
  lead?: number;
  color?: StatusColor;
  /** A section (篇章/领域): tasks anywhere below it. */
  section?: number;
  deputy?: number;
  state?: string;
  /** Deadline range, YYYY-MM-DD inclusive. */
  from?: string;
  to?: string;
  q?: string;
}

export function activeFilterCount(f: Filters): number {
  return Object.values(f).filter((v) => v !== undefined && v !== null && v !== "").length;
}

export interface FlatTask extends Omit<TreeNode, "children"> {
  /** The top-level section above it (领域), if any. */
  domain: { id: number; title: string; num: string | null; marker?: string | null } | null;
  /** Ids of every section above it. */
  ancestors: number[];
}

export function walk(tree: TreeNode[]): { tasks: FlatTask[]; sections: TreeNode[] } {
  const tasks: FlatTask[] = [];
  const sections: TreeNode[] = [];
  const visit = (n: TreeNode, ancestors: TreeNode[]) => {
    if (n.kind === "section") sections.push(n);
    else {
      const top = ancestors.find((a) => a.kind === "section") ?? null;
      const { children: _c, ...rest } = n;
      tasks.push({
        ...rest,
        domain: top ? { id: top.id, title: top.title, num: top.num, marker: top.marker ?? null } : null,
        ancestors: ancestors.map((a) => a.id),
      });
    }
    for (const c of n.children) visit(c, [...ancestors, n]);
  };
  for (const n of tree) visit(n, []);
  return { tasks, sections };
}

export function matches(t: FlatTask, f: Filters): boolean {
  if (f.dept !== undefined && t.leadUnit?.id !== f.dept && !t.coUnits.some((c) => c.id === f.dept)) return false;
  if (f.lead !== undefined && t.leadUnit?.id !== f.lead) return false;
  if (f.color && t.statusColor !== f.color) return false;
  if (f.section !== undefined && !t.ancestors.includes(f.section)) return false;
  if (f.deputy !== undefined && t.deputyUserId !== f.deputy) return false;
  if (f.state && t.state !== f.state) return false;
  if (f.from && (!t.deadline || t.deadline < f.from)) return false;
  if (f.to && (!t.deadline || t.deadline > f.to)) return false;
  if (f.q) {
    const q = f.q.trim().toLowerCase();
    const hay = [t.title, t.body ?? "", t.num ?? "", t.leadUnit?.name ?? "", ...t.coUnits.map((c) => c.name ?? "")]
      .join(" ")
      .toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

/** The tree with only the tasks that pass (and the sections that still hold some). */
export function filterTree(tree: TreeNode[], keep: Set<number>, filtering: boolean): TreeNode[] {
  const prune = (nodes: TreeNode[]): TreeNode[] =>
    nodes.flatMap((n) => {
      if (n.kind === "task") return keep.has(n.id) ? [{ ...n, children: prune(n.children) }] : [];
      const children = prune(n.children);
      return children.length || !filtering ? [{ ...n, children }] : [];
    });
  return prune(tree);
}

/** antd's tree table wants `children` absent (not []) on leaves. */
export type TableNode = Omit<TreeNode, "children"> & { children?: TableNode[] };
export function forTable(nodes: TreeNode[]): TableNode[] {
  return nodes.map(({ children, ...n }) => (children.length ? { ...n, children: forTable(children) } : n));
}

export function sectionIds(nodes: TreeNode[]): number[] {
  return nodes.flatMap((n) => (n.kind === "section" ? [n.id, ...sectionIds(n.children)] : sectionIds(n.children)));
}
