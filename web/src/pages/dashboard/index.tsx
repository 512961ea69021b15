// 数据看板 (/dashboard): KPI cards, then status and completion by domain (a plan's top-level sections) and
// by lead unit (stacked bars), the overdue trend (line) and target achievement (achieved ÷ target per
// quantified target, with the target marked at 100 %). One request: GET /api/supervision/dashboard.
import { useMemo, useState } from "react";
import { Card, Col, Empty, Row, Select, Space, Statistic, Tooltip, Typography } from "antd";
import { useNavigate } from "react-router";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { Chart, type ChartOption } from "../../components/charts/chart.tsx";
import { IndicatorTiles } from "../../components/indicator-tiles.tsx";
import { PageState } from "../../components/page-state.tsx";
import { COLOR_HEX, numbered } from "../../components/status.tsx";
import { useApi } from "../../components/use-api.ts";
import type { Dashboard, DashboardCounts, PlanSummary } from "../plans/types.ts";

const messages = {
  zh: {
    title: "数据看板",
    allPlans: "全部计划",
    today: "数据截至 {date}",
    tasks: "任务总数",
    dispatched: "已交办",
    closed: "已办结",
    completion: "平均完成率",
    red: "红灯",
    yellow: "黄灯",
    overdue: "逾期未办结",
    onTime: "按期办结率",
    targets: "量化目标达标",
    targetsSub: "已填报 {reported} 项",
    notDue: "暂无到期",
    bySection: "按篇章（领域）完成情况",
    sectionPlans: "篇章前标注所属计划：",
    byDept: "按牵头单位完成情况（红黄灯最多的前 10 个）",
    trend: "逾期趋势",
    targetChart: "量化目标达成情况",
    sGreen: "绿灯",
    sYellow: "黄灯",
    sRed: "红灯",
    sClosed: "已办结",
    sDraft: "未交办",
    sCompletion: "完成率",
    tOverdue: "逾期未办结",
    tOpen: "在办",
    tClosed: "累计办结",
    rate: "达成率",
    targetLine: "目标（100%）",
    lMet: "达标",
    lNotMet: "未达标",
    lNone: "未填报",
    closedSub: "占已交办 {p}%",
    achievedOf: "已达成 {a}{u} / 目标 {v}{u}",
    notReported: "未填报",
    noTasks: "还没有可统计的任务。导入工作要点并交办任务后，这里会显示全年进展。",
    noData: "暂无数据",
    noTargets: "没有量化目标",
    noTrend: "还没有已交办的任务",
  },
  en: {
    title: "Dashboard",
    allPlans: "All plans",
    today: "As of {date}",
    tasks: "Tasks",
    dispatched: "Dispatched",
    closed: "Closed",
    completion: "Avg. completion",
    red: "Red",
    yellow: "Yellow",
    overdue: "Overdue",
    onTime: "On-time rate",
    targets: "Targets met",
    targetsSub: "{reported} reported",
    notDue: "none due",
    bySection: "By section (domain)",
    sectionPlans: "Sections are prefixed with their plan: ",
    byDept: "By lead unit (top 10 by red/yellow)",
    trend: "Overdue trend",
    targetChart: "Target achievement",
    sGreen: "Green",
    sYellow: "Yellow",
    sRed: "Red",
    sClosed: "Closed",
    sDraft: "Not dispatched",
    sCompletion: "Completion",
    tOverdue: "Overdue",
    tOpen: "Open",
    tClosed: "Closed (total)",
    rate: "Achieved",
    targetLine: "Target (100%)",
    lMet: "Met",
    lNotMet: "Not met",
    lNone: "Not reported",
    closedSub: "{p}% of dispatched",
    achievedOf: "achieved {a}{u} of {v}{u}",
    notReported: "not reported",
    noTasks: "Nothing to show yet. Import a plan and dispatch its tasks to see the year here.",
    noData: "No data",
    noTargets: "No quantified targets",
    noTrend: "No dispatched task yet",
  },
};

type M = (typeof messages)["zh"];
const CLOSED = "#1677ff";
const DRAFT = "#d9d9d9";

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * A short name for a plan, to tell the sections of several plans apart: the title without the issuing body
 * the bracketed years and "工作" ("东坡县教育局2025年教育工作要点" → "2025年教育要点"), at most 12 characters.
 */
function planShortName(title: string): string {
  const bare = title
    .replace(/^.*?(?:教育和体育局|教育体育局|教体局|教育局|人民政府|办公室)/u, "")
    .replace(/[（(][^（）()]*[）)]$/u, "")
    .replace(/工作/gu, "")
    .trim();
  return truncate(bare || title, 12);
}

/** Plan id → short name, unique among the plans given (a clash gets the plan id). */
function planShortNames(plans: { planId: number; planTitle: string }[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const p of plans) if (!out.has(p.planId)) out.set(p.planId, planShortName(p.planTitle));
  const counts = new Map<string, number>();
  for (const s of out.values()) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const [id, s] of out) if ((counts.get(s) ?? 0) > 1) out.set(id, `${s}#${id}`);
  return out;
}

function stackedOption(rows: (DashboardCounts & { label: string })[], t: M, labelWidth = 150): ChartOption {
  const list = [...rows].reverse(); // first row on top
  const series = (
    [
      ["red", t.sRed, COLOR_HEX.red],
      ["yellow", t.sYellow, COLOR_HEX.yellow],
      ["green", t.sGreen, COLOR_HEX.green],
      ["closed", t.sClosed, CLOSED],
      ["draft", t.sDraft, DRAFT],
    ] as const
  ).map(([key, name, color]) => ({
    type: "bar" as const,
    name,
    stack: "n",
    barMaxWidth: 18,
    itemStyle: { color },
    emphasis: { focus: "series" as const },
    data: list.map((r) => r[key]),
  }));
  return {
    grid: { left: 8, right: 56, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, itemWidth: 12, itemHeight: 10, data: series.map((x) => x.name) },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      // the whole label (the tooltip shows it); the axis cuts it to its width
      data: list.map((r) => r.label),
      axisLabel: { width: labelWidth, overflow: "truncate" },
    },
    series: [
      ...series,
      {
        // completion as a label at the end of each bar
        type: "bar",
        name: t.sCompletion,
        stack: "n",
        data: list.map(() => 0),
        label: {
          show: true,
          position: "right",
          formatter: (p) => `${list[(p as { dataIndex: number }).dataIndex]?.completion ?? 0}%`,
          color: "#595959",
        },
        itemStyle: { color: "transparent" },
        tooltip: { show: false },
      },
    ],
  };
}

export default function DashboardPage() {
  const t = useMessages(messages);
  const navigate = useNavigate();
  const [planId, setPlanId] = useState<number | undefined>();
  const plans = useApi<{ plans: PlanSummary[] }>("/plans");
  const { data, error, loading, reload } = useApi<Dashboard>("/supervision/dashboard", planId ? { planId } : undefined);

  // under 全部计划 the sections of several plans share the chart: each carries its plan's short name
  const sectionPlans = useMemo(() => {
    const names = planShortNames(data?.bySection ?? []);
    return names.size > 1 ? names : null;
  }, [data]);
  const sectionOption = useMemo(
    () =>
      data
        ? stackedOption(
            data.bySection.map((s) => ({
              ...s,
              label: sectionPlans
                ? `${sectionPlans.get(s.planId) ?? ""}·${numbered(s.num, s.title, s.marker)}`
                : numbered(s.num, s.title, s.marker),
            })),
            t,
            sectionPlans ? 210 : 150,
          )
        : null,
    [data, t, sectionPlans],
  );
  const deptOption = useMemo(
    () =>
      data
        ? stackedOption(
            data.byDepartment.slice(0, 10).map((d) => ({ ...d, label: d.name })),
            t,
          )
        : null,
    [data, t],
  );
  const trendOption = useMemo<ChartOption | null>(() => {
    if (!data?.trend.length) return null;
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", boundaryGap: false, data: data.trend.map((p) => p.date.slice(5)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        {
          type: "line",
          name: t.tOverdue,
          data: data.trend.map((p) => p.overdue),
          itemStyle: { color: COLOR_HEX.red },
          areaStyle: { color: `${COLOR_HEX.red}22` },
          smooth: true,
        },
        {
          type: "line",
          name: t.tOpen,
          data: data.trend.map((p) => p.open),
          itemStyle: { color: COLOR_HEX.yellow },
          smooth: true,
        },
        {
          type: "line",
          name: t.tClosed,
          data: data.trend.map((p) => p.closed),
          itemStyle: { color: CLOSED },
          smooth: true,
        },
      ],
    };
  }, [data, t]);
  const targetOption = useMemo<ChartOption | null>(() => {
    if (!data?.targets.length) return null;
    const list = [...data.targets].reverse();
    const many = list.length > 12;
    return {
      grid: { left: 8, right: many ? 40 : 24, top: 8, bottom: 8, containLabel: true },
      legend: { show: false },
      tooltip: {
        trigger: "item",
        formatter: (p) => {
          const x = list[(p as { dataIndex: number }).dataIndex];
          if (!x) return "";
          const line =
            x.achieved === null ? t.notReported : fmt(t.achievedOf, { a: x.achieved, v: x.value, u: x.unit });
          return `${numbered(x.taskNum, x.taskTitle, x.taskMarker)}<br/>${x.indicator}：${line}${x.rate !== null ? `（${x.rate}%）` : ""}`;
        },
      },
      xAxis: {
        type: "value",
        max: (v) => Math.max(120, Math.ceil(v.max / 10) * 10),
        axisLabel: { formatter: "{value}%" },
      },
      yAxis: {
        type: "category",
        data: list.map((x) => truncate(`${x.indicator}（${x.value}${x.unit}）`, 18)),
        axisLabel: { width: 170, overflow: "truncate" },
      },
      ...(many
        ? {
            dataZoom: [
              {
                type: "slider",
                showDataShadow: false,
                yAxisIndex: 0,
                right: 4,
                width: 14,
                startValue: list.length - 12,
                endValue: list.length - 1,
              },
              { type: "inside", yAxisIndex: 0 },
            ],
          }
        : {}),
      series: [
        {
          type: "bar",
          name: t.rate,
          barMaxWidth: 14,
          itemStyle: { color: COLOR_HEX.green },
          data: list.map((x) => ({
            value: x.rate ?? 0,
            itemStyle: { color: x.met ? COLOR_HEX.green : x.achieved === null ? DRAFT : COLOR_HEX.yellow },
          })),
          label: {
            show: true,
            position: "right",
            formatter: (p) =>
              list[(p as { dataIndex: number }).dataIndex]?.rate === null
                ? "—"
                : `${String((p as { value: number }).value)}%`,
            fontSize: 11,
          },
        },
        {
          type: "scatter",
          name: t.targetLine,
          symbol: "rect",
          symbolSize: [3, 16],
          itemStyle: { color: "#262626" },
          data: list.map(() => 100),
          z: 5,
        },
      ],
    };
  }, [data, t]);

  const k = data?.kpi;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card styles={{ body: { padding: "12px 24px" } }}>
        <Row align="middle" justify="space-between">
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t.title}
            </Typography.Title>
            {data ? <Typography.Text type="secondary">{fmt(t.today, { date: data.today })}</Typography.Text> : null}
          </Col>
          <Col>
            <Select
              style={{ width: 280 }}
              value={planId ?? 0}
              onChange={(v) => setPlanId(v || undefined)}
              loading={plans.loading}
              options={[
                { value: 0, label: t.allPlans },
                ...(plans.data?.plans ?? []).map((p) => ({ value: p.id, label: p.title })),
              ]}
              data-testid="dashboard-plan"
            />
          </Col>
        </Row>
      </Card>
      <PageState
        loading={loading && !data}
        error={error}
        onRetry={reload}
        empty={!!data && data.kpi.tasks === 0}
        emptyText={t.noTasks}
      >
        {data && k ? (
          <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="dashboard">
            <Row gutter={[16, 16]} data-testid="kpi">
              {[
                { title: t.tasks, value: k.tasks, sub: `${t.dispatched} ${k.dispatched}` },
                {
                  title: t.closed,
                  value: k.closed,
                  sub: k.dispatched
                    ? fmt(t.closedSub, { p: Math.round((k.closed / k.dispatched) * 1000) / 10 })
                    : undefined,
                },
                { title: t.completion, value: k.completion, suffix: "%" },
                { title: t.red, value: k.red, color: COLOR_HEX.red, sub: `${t.yellow} ${k.yellow}` },
                { title: t.overdue, value: k.overdue, color: k.overdue ? COLOR_HEX.red : undefined },
                {
                  title: t.onTime,
                  value: k.onTimeRate ?? "—",
                  suffix: k.onTimeRate === null ? undefined : "%",
                  sub: k.onTimeRate === null ? t.notDue : undefined,
                  tip: data.rules.onTime,
                },
                {
                  title: t.targets,
                  value: k.targetsMet,
                  suffix: `/ ${k.targets}`,
                  sub: fmt(t.targetsSub, { met: k.targetsMet, total: k.targets, reported: k.targetsReported }),
                  tip: data.rules.targets,
                },
              ].map((c) => (
                <Col key={c.title} flex="1 1 0" style={{ minWidth: 130 }}>
                  <Card size="small" style={{ height: "100%" }} styles={{ body: { padding: "12px 16px" } }}>
                    <Tooltip title={c.tip}>
                      <Statistic
                        title={c.title}
                        value={c.value}
                        suffix={c.suffix}
                        styles={c.color ? { content: { color: c.color } } : undefined}
                      />
                    </Tooltip>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.sub ?? "\u00a0"}
                    </Typography.Text>
                  </Card>
                </Col>
              ))}
            </Row>

            {/* ── Indicator tiles (指标监测, issue 5) ── */}
            <IndicatorTiles planId={planId} />

            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card title={t.bySection} size="small" extra={<RuleTip text={data.rules.rollup} />}>
                  {data.bySection.length && sectionOption ? (
                    <>
                      <Chart
                        option={sectionOption}
                        height={Math.min(380, Math.max(240, data.bySection.length * 34 + 60))}
                        testId="chart-sections"
                        onItemClick={(e) => {
                          const row = [...data.bySection].reverse()[e.dataIndex ?? -1];
                          if (row) navigate(`/plans/${row.planId}`);
                        }}
                      />
                      {sectionPlans ? (
                        <Typography.Paragraph
                          type="secondary"
                          style={{ fontSize: 12, margin: "4px 0 0" }}
                          data-testid="section-plans"
                        >
                          {t.sectionPlans}
                          {[...sectionPlans].map(([id, short], i) => (
                            <span key={id} data-plan={id}>
                              {i ? "；" : ""}
                              {short}＝{data.bySection.find((x) => x.planId === id)?.planTitle}
                            </span>
                          ))}
                        </Typography.Paragraph>
                      ) : null}
                    </>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noData} />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t.byDept} size="small" extra={<RuleTip text={data.rules.rollup} />}>
                  {data.byDepartment.length && deptOption ? (
                    <Chart
                      option={deptOption}
                      height={Math.min(380, Math.max(240, Math.min(10, data.byDepartment.length) * 30 + 60))}
                      testId="chart-departments"
                    />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noData} />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t.trend} size="small" extra={<RuleTip text={data.rules.trend} />}>
                  {trendOption ? (
                    <Chart option={trendOption} height={300} testId="chart-trend" />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noTrend} />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t.targetChart} size="small" extra={<RuleTip text={data.rules.targets} />}>
                  {targetOption ? (
                    <>
                      <TargetLegend t={t} />
                      <Chart
                        option={targetOption}
                        height={Math.max(300, Math.min(12, data.targets.length) * 28 + 60)}
                        testId="chart-targets"
                      />
                    </>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noTargets} />
                  )}
                </Card>
              </Col>
            </Row>
          </Space>
        ) : null}
      </PageState>
    </Space>
  );
}

/** The target chart's key: bar colours by result (达标 / 未达标 / 未填报) and the 100% mark. */
function TargetLegend({ t }: { t: M }) {
  const dot = (c: string) => (
    <span
      style={{ display: "inline-block", width: 12, height: 10, borderRadius: 2, background: c, marginInlineEnd: 4 }}
    />
  );
  return (
    <Space size={16} style={{ width: "100%", justifyContent: "center", fontSize: 12 }} data-testid="target-legend">
      <span>
        {dot(COLOR_HEX.green)}
        {t.lMet}
      </span>
      <span>
        {dot(COLOR_HEX.yellow)}
        {t.lNotMet}
      </span>
      <span>
        {dot(DRAFT)}
        {t.lNone}
      </span>
      <span>
        <span
          style={{
            display: "inline-block",
            width: 3,
            height: 12,
            background: "#262626",
            marginInlineEnd: 6,
            verticalAlign: -2,
          }}
        />
        {t.targetLine}
      </span>
    </Space>
  );
}

function RuleTip({ text }: { text: string }) {
  return (
    <Tooltip title={text}>
      <Typography.Text type="secondary" style={{ cursor: "help" }}>
        ⓘ
      </Typography.Text>
    </Tooltip>
  );
}
