// Indicator tiles of the dashboard (issue 5): the county's key indicators (毛入园率, 普惠覆盖率, 公办占比,
// 巩固率, 高中阶段毛入学率, 本科以上教师占比) for the latest year with data, the change on the year before,
// and — when a plan's target is linked to the indicator — the target and 达标/未达标. Live: the values come
// from GET /api/indicators/values (aggregated as the schools enter data).
import { useMemo } from "react";
import { Card, Col, Row, Space, Tag, Tooltip, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { fmt, useLocale, useMessages } from "../app/i18n.tsx";
import type { RegistryUnit, Round } from "../pages/data/types.ts";
import {
  formatNumber,
  formatValue,
  indicatorName,
  KEY_INDICATORS,
  lowerIsBetter,
  type IndicatorTable,
  type TargetLink,
} from "../pages/indicators/model.ts";
import { useApi } from "./use-api.ts";

const M = {
  zh: {
    title: "{unit}主要教育指标（{year}年）",
    more: "指标监测 →",
    target: "目标 {v}",
    met: "达标",
    unmet: "未达标",
    noTarget: "未关联目标",
    vs: "较上年 {d}{unit}",
    points: "个百分点",
    num: "分子 {n} / 分母 {d}",
  },
  en: {
    title: "{unit}: key indicators ({year})",
    more: "Indicators →",
    target: "target {v}",
    met: "Met",
    unmet: "Not met",
    noTarget: "no linked target",
    vs: "{d}{unit} on last year",
    points: " pts",
    num: "numerator {n} / denominator {d}",
  },
};

interface PlanLinkView {
  targetId: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  link: TargetLink | null;
}

export function IndicatorTiles({ planId }: { planId?: number }) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const reg = useApi<{ units: RegistryUnit[] }>("/registry");
  const rounds = useApi<{ rounds: Round[] }>("/rounds");
  const plans = useApi<{ plans: { id: number }[] }>(planId ? null : "/plans");
  const county = useMemo(() => {
    const us = reg.data?.units ?? [];
    return us.find((u) => u.type === "county") ?? us.find((u) => u.type === "city" || u.type === "province");
  }, [reg.data]);
  const years = useMemo(() => {
    const ys = [...new Set((rounds.data?.rounds ?? []).map((r) => Number(r.period.slice(0, 4))))].sort((a, b) => a - b);
    return ys.slice(-2);
  }, [rounds.data]);
  const table = useApi<IndicatorTable>(
    county && years.length ? "/indicators/values" : null,
    county && years.length
      ? { root: county.id, depth: 0, years: years.join(","), codes: KEY_INDICATORS.join(",") }
      : undefined,
  );
  const linkPlan = planId ?? plans.data?.plans[0]?.id;
  const links = useApi<{ targets: PlanLinkView[] }>(linkPlan ? `/plans/${linkPlan}/indicator-links` : null);
  const targets = useMemo(() => {
    const out = new Map<string, PlanLinkView>();
    for (const t of links.data?.targets ?? [])
      if (t.link?.status === "confirmed" && t.link.indicatorCode && !out.has(t.link.indicatorCode))
        out.set(t.link.indicatorCode, t);
    return out;
  }, [links.data]);

  const t = table.data;
  const root = t?.units.find((u) => u.depth === 0);
  const year = years[years.length - 1];
  if (!t || !root || year === undefined) return <Row gutter={[16, 16]} data-testid="indicator-tiles" />;
  return (
    <Card
      size="small"
      data-testid="indicator-tiles"
      title={fmt(m.title, { unit: root.name, year })}
      extra={<Link to="/indicators">{m.more}</Link>}
      styles={{ body: { padding: 12 } }}
    >
      <Row gutter={[12, 12]}>
        {t.indicators.map((ind) => {
          const v = root.values[ind.code]?.[String(year)];
          const prev = years.length > 1 ? (root.values[ind.code]?.[String(years[0])]?.value ?? null) : null;
          const value = v?.value ?? null;
          const delta = value !== null && prev !== null ? value - prev : null;
          const target = targets.get(ind.code);
          // 生师比 and 差异系数: lower is better, so a fall is the good news and a target is a ceiling
          const lower = lowerIsBetter(ind);
          const met = target && value !== null ? (lower ? value <= target.value : value >= target.value) : null;
          const good = delta !== null && (lower ? delta <= 0 : delta >= 0);
          const deltaUnit = ind.unit === "%" ? m.points : ind.unit === ":1" ? "" : ind.unit;
          return (
            <Col key={ind.code} flex="1 1 0" style={{ minWidth: 150 }}>
              <Card
                size="small"
                style={{ height: "100%" }}
                styles={{ body: { padding: "10px 12px" } }}
                data-testid={`tile-${ind.code}`}
              >
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {indicatorName(ind, locale)}
                </Typography.Text>
                <Tooltip
                  title={
                    v && v.numerator !== null
                      ? fmt(m.num, { n: formatNumber(v.numerator), d: formatNumber(v.denominator) })
                      : undefined
                  }
                >
                  <div style={{ fontSize: 22, fontWeight: 600, lineHeight: "32px" }}>{formatValue(value, ind)}</div>
                </Tooltip>
                <Space size={4} wrap style={{ fontSize: 12 }}>
                  {delta !== null ? (
                    <Typography.Text type={good ? "success" : "danger"} style={{ fontSize: 12 }}>
                      {delta >= 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />}{" "}
                      {fmt(m.vs, { d: formatNumber(Math.round(Math.abs(delta) * 100) / 100), unit: deltaUnit })}
                    </Typography.Text>
                  ) : null}
                  {target ? (
                    <>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {fmt(m.target, { v: `${target.value}${target.unit}` })}
                      </Typography.Text>
                      {met !== null ? <Tag color={met ? "success" : "error"}>{met ? m.met : m.unmet}</Tag> : null}
                    </>
                  ) : null}
                </Space>
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
