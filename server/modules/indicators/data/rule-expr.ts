// Validation-rule sides use the shared expression language (../expr.ts) over one unit and one period:
// element codes, optionally with [cat=…], numbers, + - * / and parentheses; no unit filters or year offsets.
import { AppError } from "../../../../common/errors.ts";
import { ExprError, exprRefs, parseExpr, type Expr } from "../expr.ts";

export function parseRuleExpr(src: string): Expr {
  let e: Expr;
  try {
    e = parseExpr(src);
  } catch (err) {
    if (err instanceof ExprError) throw new AppError("EXPR_INVALID", { expr: src, at: err.position, message: err.message });
    throw err;
  }
  const bad = exprRefs(e).find((r) => r.filter !== null || r.offset !== 0);
  if (bad) throw new AppError("EXPR_INVALID", { expr: src, message: `校验规则不支持 filter/offset：${bad.code}` });
  return e;
}
