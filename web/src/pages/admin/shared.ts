// Types and helpers the two admin pages share: the org units from /api/orgs as a tree.
export interface Unit {
  id: number;
  parentId: number | null;
  type: string;
  name: string;
  code: string | null;
  path: string;
  schoolType: string | null;
  ownership: string | null;
}

export interface UnitNode {
  key: number;
  value: number;
  title: string;
  unit: Unit;
  children: UnitNode[];
}

/** Builds the forest of units (children in the server's order). */
export function unitTree(units: Unit[], label: (u: Unit) => string = (u) => u.name): UnitNode[] {
  const nodes = new Map<number, UnitNode>();
  for (const u of units) nodes.set(u.id, { key: u.id, value: u.id, title: label(u), unit: u, children: [] });
  const roots: UnitNode[] = [];
  for (const u of units) {
    const n = nodes.get(u.id)!;
    const parent = u.parentId !== null ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}
