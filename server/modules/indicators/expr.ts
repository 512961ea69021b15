// A small, safe arithmetic language over data element codes, for indicator numerators/denominators and
// validation rules. No eval: a tokenizer and a recursive-descent parser build a tree; `evalExpr` walks it.
//
//   expr   := term (('+' | '-') term)*
//   term   := factor (('*' | '/') factor)*
//   factor := number | '-' factor | '(' expr ')' | ref
//   ref    := CODE ( '[' opt (',' opt)* ']' )?
//   opt    := 'cat=' value ('|' value)* | 'cat=' int '..' int | 'filter=' name | 'offset=' int
//
// `CODE` is a data element code ([A-Za-z_][A-Za-z0-9_]*). Without `cat` a ref is the element's total
// (the sum of its categories); `cat=` picks categories (a list, or an integer range such as 15..17 for
// ages); `filter=` counts only values entered by units matching a unit filter (e.g. kg_puhui);
// `offset=-8` reads the element from 8 years before the requested year. `{name}` placeholders are
// replaced by parameters before parsing (e.g. the age band of 高中阶段毛入学率).

export class ExprError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

export interface Ref {
  code: string;
  /** Category options to sum; null = the element's total (all categories). */
  categories: string[] | null;
  /** Unit filter code; null = every unit. */
  filter: string | null;
  /** Years relative to the requested year (0 = the same year). */
  offset: number;
}

export type Expr =
  | { k: "num"; v: number }
  | { k: "ref"; ref: Ref }
  | { k: "neg"; e: Expr }
  | { k: "bin"; op: "+" | "-" | "*" | "/"; l: Expr; r: Expr };

type Tok =
  | { t: "num"; v: number; p: number }
  | { t: "id"; v: string; p: number }
  | { t: "op"; v: string; p: number }
  | { t: "opts"; v: string; p: number };

const MAX_LENGTH = 2000;

function tokenize(src: string): Tok[] {
  if (src.length > MAX_LENGTH) throw new ExprError(`表达式过长（最多 ${MAX_LENGTH} 个字符）`, 0);
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d+)?)/u.exec(src.slice(i));
    if (num) {
      toks.push({ t: "num", v: Number(num[1]), p: i });
      i += num[1]!.length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/u.exec(src.slice(i));
    if (id) {
      toks.push({ t: "id", v: id[0], p: i });
      i += id[0].length;
      continue;
    }
    if (c === "[") {
      const end = src.indexOf("]", i);
      if (end < 0) throw new ExprError("缺少 ]", i);
      toks.push({ t: "opts", v: src.slice(i + 1, end), p: i });
      i = end + 1;
      continue;
    }
    if ("+-*/()".includes(c)) {
      toks.push({ t: "op", v: c, p: i });
      i++;
      continue;
    }
    throw new ExprError(`无法识别的字符「${c}」`, i);
  }
  return toks;
}

function parseOpts(code: string, text: string, at: number): Ref {
  const ref: Ref = { code, categories: null, filter: null, offset: 0 };
  for (const part of text.split(",")) {
    const m = /^\s*(cat|filter|offset)\s*=\s*(.+?)\s*$/u.exec(part);
    if (!m) throw new ExprError(`无法识别的选项「${part.trim()}」`, at);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === "cat") {
      const range = /^(\d+)\s*\.\.\s*(\d+)$/u.exec(value);
      if (range) {
        const [a, b] = [Number(range[1]), Number(range[2])];
        if (b < a || b - a > 100) throw new ExprError(`分类范围无效「${value}」`, at);
        ref.categories = Array.from({ length: b - a + 1 }, (_, k) => String(a + k));
      } else
        ref.categories = value
          .split("|")
          .map((s) => s.trim())
          .filter(Boolean);
      if (!ref.categories.length) throw new ExprError("分类为空", at);
    } else if (key === "filter") {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/u.test(value)) throw new ExprError(`筛选条件无效「${value}」`, at);
      ref.filter = value;
    } else {
      if (!/^-?\d{1,2}$/u.test(value)) throw new ExprError(`年份偏移无效「${value}」`, at);
      ref.offset = Number(value);
    }
  }
  return ref;
}

/** Replace `{name}` placeholders with parameter values (numbers or plain words only). */
export function substitute(src: string, params: Record<string, string | number> = {}): string {
  return src.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/gu, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new ExprError(`缺少参数「${name}」`, src.indexOf(`{${name}}`));
    const s = String(v);
    if (!/^[\w\u4e00-\u9fff.-]+$/u.test(s)) throw new ExprError(`参数「${name}」的值无效`, 0);
    return s;
  });
}

export function parseExpr(src: string, params?: Record<string, string | number>): Expr {
  const toks = tokenize(substitute(src, params));
  let i = 0;
  const peek = () => toks[i];
  const fail = (msg: string): never => {
    throw new ExprError(msg, peek()?.p ?? src.length);
  };
  const expr = (): Expr => {
    let l = term();
    for (let t = peek(); t?.t === "op" && (t.v === "+" || t.v === "-"); t = peek()) {
      i++;
      l = { k: "bin", op: t.v, l, r: term() };
    }
    return l;
  };
  const term = (): Expr => {
    let l = factor();
    for (let t = peek(); t?.t === "op" && (t.v === "*" || t.v === "/"); t = peek()) {
      i++;
      l = { k: "bin", op: t.v, l, r: factor() };
    }
    return l;
  };
  const factor = (): Expr => {
    const t = peek();
    if (!t) return fail("表达式不完整");
    i++;
    if (t.t === "num") return { k: "num", v: t.v };
    if (t.t === "op" && t.v === "-") return { k: "neg", e: factor() };
    if (t.t === "op" && t.v === "(") {
      const e = expr();
      const close = peek();
      if (close?.t !== "op" || close.v !== ")") fail("缺少 )");
      i++;
      return e;
    }
    if (t.t === "id") {
      const next = peek();
      if (next?.t === "opts") {
        i++;
        return { k: "ref", ref: parseOpts(t.v, next.v, next.p) };
      }
      return { k: "ref", ref: { code: t.v, categories: null, filter: null, offset: 0 } };
    }
    return fail(`此处不应出现「${t.v}」`);
  };
  if (!toks.length) throw new ExprError("表达式为空", 0);
  const e = expr();
  if (i < toks.length) fail(`多余的「${String(toks[i]!.v)}」`);
  return e;
}

/** Every element reference in the expression, in order of appearance. */
export function exprRefs(e: Expr, out: Ref[] = []): Ref[] {
  if (e.k === "ref") out.push(e.ref);
  else if (e.k === "neg") exprRefs(e.e, out);
  else if (e.k === "bin") {
    exprRefs(e.l, out);
    exprRefs(e.r, out);
  }
  return out;
}

/** A stable key for a reference (for lookups). */
export function refKey(r: Ref): string {
  return `${r.code}|${r.categories?.join("|") ?? "*"}|${r.filter ?? ""}|${r.offset}`;
}

/**
 * Evaluate with the values of references (`null` = no data). In a sum or difference a missing part
 * counts as 0 unless every part is missing (a county without 中职 still has a 高中阶段 enrolment); in a
 * product or quotient a missing operand makes the result null. Division by zero → null.
 */
export function evalExpr(e: Expr, value: (r: Ref) => number | null): number | null {
  switch (e.k) {
    case "num":
      return e.v;
    case "ref":
      return value(e.ref);
    case "neg": {
      const v = evalExpr(e.e, value);
      return v === null ? null : -v;
    }
    case "bin": {
      const l = evalExpr(e.l, value);
      const r = evalExpr(e.r, value);
      if (e.op === "+" || e.op === "-") {
        if (l === null && r === null) return null;
        return e.op === "+" ? (l ?? 0) + (r ?? 0) : (l ?? 0) - (r ?? 0);
      }
      if (l === null || r === null) return null;
      if (e.op === "*") return l * r;
      return r === 0 ? null : l / r;
    }
  }
}
