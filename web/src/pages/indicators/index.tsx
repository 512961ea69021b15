// 指标监测 (/indicators): the explorer. Pick indicators (the built-in catalogue, definitions in a drawer),
// a root unit, how many levels below it and the years; a table unit × indicator × year (numerator and
// denominator on hover), a bar chart per unit and a line over the years for one indicator, the threshold
// templates of 督导评估 (学前双普, 优质均衡) with 达标/未达标, and the workbook export. Custom indicators
// (自定义指标, custom.tsx) appear in the picker like the built-ins; county staff define them in a drawer.
// Server: GET /api/indicators/catalogue, /values, /evaluation (server/modules/indicators/calc/explorer.ts).
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Input,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import {
  BookOutlined,
  CheckCircleFilled,
  FunctionOutlined,
  CloseCircleFilled,
  QuestionCircleOutlined,
} from "@ant-design/icons";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { Chart, type ChartOption } from "../../components/charts/chart.tsx";
import { PageState } from "../../components/page-state.tsx";
import { WorkbookButton } from "../../components/report-buttons.tsx";
import { useApi } from "../../components/use-api.ts";
import type { RegistryUnit, Round } from "../data/types.ts";
import {
  formatNumber,
  formatValue,
  formulaText,
  indicatorName,
  KEY_INDICATORS,
  type Catalogue,
  type CatalogueEntry,
  type Evaluation,
  type IndicatorMeta,
  type IndicatorTable,
  type TableUnit,
} from "./model.ts";

const M = {
  zh: {
    title: "指标监测",
    subtitle: "由学校上报数据实时汇总：各级均为 Σ分子 / Σ分母，不是学校比率的平均",
    indicators: "指标",
    root: "统计单位",
    depth: "层级",
    d0: "仅本级",
    d1: "本级及下一级",
    d2: "本级及下两级",
    years: "年份",
    catalogue: "指标说明",
    custom: "自定义指标",
    customTag: "自定义",
    unit: "单位",
    numerator: "分子",
    denominator: "分母",
    formula: "计算公式",
    definition: "定义",
    source: "依据",
    factor: "系数",
    chartOf: "图表指标",
    bars: "{name}：各单位（{year}年）",
    line: "{name}：{unit}历年变化",
    templates: "督导评估达标情况",
    template: "评估标准",
    met: "达标",
    unmet: "未达标",
    noData: "无数据",
    allMet: "全部达标",
    notAll: "未全部达标",
    incomplete: "数据不全",
    empty: "没有数据：请先完成数据采集",
    pick: "请至少选择一个指标",
    search: "搜索指标",
    schools: "参与计算的学校 {n} 所，加权均值 {mean}，标准差 {sd}",
    valueOf: "{num} / {den}",
  },
  en: {
    title: "Indicators",
    subtitle: "Live from the schools' data: every level is Σnumerator / Σdenominator, never an average of rates",
    indicators: "Indicators",
    root: "Unit",
    depth: "Levels",
    d0: "This unit",
    d1: "+ one level below",
    d2: "+ two levels below",
    years: "Years",
    catalogue: "Definitions",
    custom: "Custom indicators",
    customTag: "Custom",
    unit: "Unit",
    numerator: "Numerator",
    denominator: "Denominator",
    formula: "Formula",
    definition: "Definition",
    source: "Source",
    factor: "Factor",
    chartOf: "Chart",
    bars: "{name}: by unit ({year})",
    line: "{name}: {unit} over the years",
    templates: "Assessment thresholds",
    template: "Standard",
    met: "Met",
    unmet: "Not met",
    noData: "No data",
    allMet: "All met",
    notAll: "Not all met",
    incomplete: "Incomplete data",
    empty: "No data: complete a collection round first",
    pick: "Pick at least one indicator",
    search: "Search indicators",
    schools: "{n} schools, weighted mean {mean}, s.d. {sd}",
    valueOf: "{num} / {den}",
  },
};

// the custom-indicator drawer (and the form's zod schema) loads when it is first opened
const CustomIndicatorsDrawer = lazy(() => import("./custom.tsx").then((x) => ({ default: x.CustomIndicatorsDrawer })));

const CONTAINER = new Set(["province", "city", "county", "township", "center"]);
/** Who defines custom indicators (the server's requireCountyWriter: county staff and the admin). */
const INDICATOR_EDITORS = new Set(["admin", "staff"]);

function yearsFromRounds(rounds: Round[] | undefined): number[] {
  const ys = [...new Set((rounds ?? []).map((r) => Number(r.period.slice(0, 4))))].sort((a, b) => a - b);
  if (ys.length) return ys.slice(-3);
  const y = new Date().getFullYear();
  return [y - 2, y - 1, y];
}

export default function IndicatorsPage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const cat = useApi<Catalogue>("/indicators/catalogue");
  const reg = useApi<{ units: RegistryUnit[] }>("/registry");
  const rounds = useApi<{ rounds: Round[] }>("/rounds");
  const [codes, setCodes] = useState<string[]>(KEY_INDICATORS.slice(0, 4));
  const [rootId, setRootId] = useState<number | undefined>();
  const [depth, setDepth] = useState(2);
  const [years, setYears] = useState<number[] | null>(null);
  const [focus, setFocus] = useState<string | undefined>();
  const [docsOpen, setDocsOpen] = useState(false);
  const [customOpen, setCustomOpen] = useState(false);
  const { user } = useSession();

  const roots = useMemo(() => (reg.data?.units ?? []).filter((u) => CONTAINER.has(u.type)), [reg.data]);
  useEffect(() => {
    if (rootId === undefined && roots.length) setRootId((roots.find((u) => u.type === "county") ?? roots[0])!.id);
  }, [roots, rootId]);
  useEffect(() => {
    if (years === null && rounds.data) setYears(yearsFromRounds(rounds.data.rounds));
  }, [rounds.data, years]);
  const yearOptions = useMemo(() => {
    const base = yearsFromRounds(rounds.data?.rounds);
    const last = Math.max(...base, new Date().getFullYear());
    return Array.from({ length: 8 }, (_, i) => last - 7 + i);
  }, [rounds.data]);

  const byCode = useMemo(() => new Map((cat.data?.indicators ?? []).map((d) => [d.code, d])), [cat.data]);
  // a deleted custom indicator leaves the selection (and is not asked for meanwhile)
  const live = cat.data ? codes.filter((c) => byCode.has(c)) : codes;
  useEffect(() => {
    if (live.length !== codes.length) setCodes(live);
  }, [live, codes]);
  const ready = rootId !== undefined && years !== null && years.length > 0 && live.length > 0;
  const table = useApi<IndicatorTable>(
    ready ? "/indicators/values" : null,
    ready ? { root: rootId, depth, years: years.join(","), codes: live.join(",") } : undefined,
  );
  const focusCode = focus && codes.includes(focus) ? focus : codes[0];
  const focusMeta = table.data?.indicators.find((i) => i.code === focusCode);
  const lastYear = years?.length ? Math.max(...years) : undefined;

  const columns = useMemo<ColumnsType<TableUnit>>(() => {
    const t = table.data;
    if (!t) return [];
    return [
      {
        title: m.root,
        dataIndex: "name",
        fixed: "left",
        width: 190,
        render: (v: string, u) => (
          <span style={{ paddingLeft: u.depth * 14, fontWeight: u.depth === 0 ? 600 : undefined }}>{v}</span>
        ),
      },
      ...t.indicators.map((ind) => ({
        title: (
          <Tooltip title={byCode.get(ind.code)?.definition}>
            <span>
              {indicatorName(ind, locale)}
              {ind.unit && ind.unit !== ":1" ? `（${ind.unit}）` : ""}
            </span>
          </Tooltip>
        ),
        key: ind.code,
        children: t.years.map((y) => ({
          title: String(y),
          key: `${ind.code}-${y}`,
          width: 96,
          align: "right" as const,
          render: (_: unknown, u: TableUnit) => (
            <Cell meta={ind} v={u.values[ind.code]?.[String(y)]} testId={`v-${u.id}-${ind.code}-${y}`} />
          ),
        })),
      })),
    ];
  }, [table.data, byCode, m, locale]);

  const barOption = useMemo<ChartOption | null>(() => {
    const t = table.data;
    if (!t || !focusMeta || lastYear === undefined) return null;
    // the first level below the root with figures (a bureau that only passes its county through is skipped)
    const code = focusMeta.code;
    const has = (u: TableUnit) => t.years.some((y) => u.values[code]?.[String(y)]?.value != null);
    const below = t.units.filter((u) => u.depth > 0 && u.type !== "bureau" && has(u));
    const level = below.length ? Math.min(...below.map((u) => u.depth)) : 0;
    const units = below.length ? below.filter((u) => u.depth === level) : t.units.filter((u) => u.depth === 0);
    return {
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      xAxis: {
        type: "category",
        data: units.map((u) => u.name),
        axisLabel: { interval: 0, rotate: units.length > 6 ? 30 : 0, width: 90, overflow: "truncate" },
      },
      yAxis: { type: "value", name: focusMeta.unit === ":1" ? "" : focusMeta.unit },
      series: t.years.map((y) => ({
        type: "bar" as const,
        name: String(y),
        barMaxWidth: 22,
        data: units.map((u) => u.values[focusMeta.code]?.[String(y)]?.value ?? null),
      })),
    };
  }, [table.data, focusMeta, lastYear]);
  const lineOption = useMemo<ChartOption | null>(() => {
    const t = table.data;
    if (!t || !focusMeta) return null;
    const root = t.units.find((u) => u.depth === 0);
    if (!root) return null;
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: t.years.map(String), boundaryGap: false },
      yAxis: { type: "value", scale: true },
      series: [
        {
          type: "line",
          name: root.name,
          data: t.years.map((y) => root.values[focusMeta.code]?.[String(y)]?.value ?? null),
          label: { show: true, formatter: (p) => formatValue((p as { value: number }).value, focusMeta) },
          smooth: false,
          connectNulls: true,
        },
      ],
    };
  }, [table.data, focusMeta]);

  const rootName = roots.find((u) => u.id === rootId)?.name ?? "";
  const hasData = !!table.data?.units.some((u) =>
    Object.values(u.values).some((byYear) => Object.values(byYear).some((v) => v.value !== null)),
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card styles={{ body: { padding: "12px 24px" } }}>
        <Row align="middle" justify="space-between" gutter={16}>
          <Col>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {m.title}
            </Typography.Title>
            <Typography.Text type="secondary">{m.subtitle}</Typography.Text>
          </Col>
          <Col>
            <Space>
              <Button icon={<BookOutlined />} onClick={() => setDocsOpen(true)}>
                {m.catalogue}
              </Button>
              <Button icon={<FunctionOutlined />} onClick={() => setCustomOpen(true)} data-testid="custom-indicators">
                {m.custom}
              </Button>
              <WorkbookButton unitId={rootId} level={depth} years={years ?? []} codes={codes} />
            </Space>
          </Col>
        </Row>
        <Row gutter={[12, 8]} style={{ marginTop: 12 }} align="middle">
          <Col flex="1 1 420px">
            <Select
              mode="multiple"
              style={{ width: "100%" }}
              value={codes}
              onChange={setCodes}
              placeholder={m.indicators}
              maxTagCount="responsive"
              loading={cat.loading}
              showSearch={{ optionFilterProp: "label" }}
              data-testid="explorer-indicators"
              options={(cat.data?.indicators ?? []).map((d) => ({
                value: d.code,
                label: d.builtin === false ? `${d.name}（${m.customTag}）` : indicatorName(d, locale),
              }))}
            />
          </Col>
          <Col>
            <Select
              style={{ width: 190 }}
              value={rootId}
              onChange={setRootId}
              loading={reg.loading}
              showSearch={{ optionFilterProp: "label" }}
              options={roots.map((u) => ({ value: u.id, label: u.name }))}
              data-testid="explorer-root"
            />
          </Col>
          <Col>
            <Select
              style={{ width: 170 }}
              value={depth}
              onChange={setDepth}
              options={[
                { value: 0, label: m.d0 },
                { value: 1, label: m.d1 },
                { value: 2, label: m.d2 },
              ]}
            />
          </Col>
          <Col>
            <Select
              mode="multiple"
              style={{ minWidth: 200 }}
              value={years ?? []}
              onChange={(v: number[]) => setYears([...v].sort((a, b) => a - b))}
              options={yearOptions.map((y) => ({ value: y, label: String(y) }))}
              data-testid="explorer-years"
            />
          </Col>
        </Row>
      </Card>
      <PageState
        loading={(table.loading && !table.data) || cat.loading || reg.loading}
        error={table.error ?? cat.error ?? reg.error}
        onRetry={table.reload}
        empty={!codes.length}
        emptyText={m.pick}
      >
        {table.data ? (
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            {!hasData ? <Alert type="info" showIcon title={m.empty} data-testid="explorer-empty" /> : null}
            <Card size="small" styles={{ body: { padding: 0 } }}>
              <Table<TableUnit>
                rowKey="id"
                size="small"
                bordered
                loading={table.loading}
                dataSource={table.data.units.filter((u) => u.type !== "department")}
                columns={columns}
                pagination={false}
                scroll={{ x: "max-content", y: 280 }}
                data-testid="explorer-table"
              />
            </Card>
            <Row gutter={16}>
              <Col span={16}>
                <Card
                  size="small"
                  title={focusMeta ? fmt(m.bars, { name: indicatorName(focusMeta, locale), year: lastYear ?? "" }) : ""}
                  extra={
                    <Select
                      size="small"
                      style={{ width: 220 }}
                      value={focusCode}
                      onChange={setFocus}
                      options={table.data.indicators.map((i) => ({ value: i.code, label: indicatorName(i, locale) }))}
                    />
                  }
                >
                  {barOption && hasData ? <Chart option={barOption} height={300} testId="explorer-bars" /> : <Empty />}
                </Card>
              </Col>
              <Col span={8}>
                <Card
                  size="small"
                  title={focusMeta ? fmt(m.line, { name: indicatorName(focusMeta, locale), unit: rootName }) : ""}
                >
                  {lineOption && hasData ? (
                    <Chart option={lineOption} height={300} testId="explorer-line" />
                  ) : (
                    <Empty />
                  )}
                </Card>
              </Col>
            </Row>
            <Templates templates={cat.data?.templates ?? []} unitId={rootId} year={lastYear} />
          </Space>
        ) : null}
      </PageState>
      <CatalogueDrawer open={docsOpen} onClose={() => setDocsOpen(false)} entries={cat.data?.indicators ?? []} />
      {customOpen ? (
        <Suspense fallback={null}>
          <CustomIndicatorsDrawer
            open={customOpen}
            onClose={() => setCustomOpen(false)}
            canEdit={INDICATOR_EDITORS.has(user.role)}
            entries={cat.data?.indicators ?? []}
            onChanged={() => {
              cat.reload();
              table.reload();
            }}
          />
        </Suspense>
      ) : null}
    </Space>
  );
}

function Cell({
  meta,
  v,
  testId,
}: {
  meta: IndicatorMeta;
  v: TableUnit["values"][string][string] | undefined;
  testId: string;
}) {
  const m = useMessages(M);
  const text = formatValue(v?.value ?? null, meta);
  if (!v || v.value === null)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {text}
      </Typography.Text>
    );
  const tip =
    meta.kind === "cv"
      ? fmt(m.schools, { n: v.schools ?? 0, mean: formatNumber(v.mean), sd: formatNumber(v.sd) })
      : meta.kind === "count"
        ? formatNumber(v.numerator)
        : `${m.numerator} ${formatNumber(v.numerator)} / ${m.denominator} ${formatNumber(v.denominator)}`;
  return (
    <Tooltip title={tip}>
      <span data-testid={testId} style={{ cursor: "help" }}>
        {text}
      </span>
    </Tooltip>
  );
}

function Templates({ templates, unitId, year }: { templates: Catalogue["templates"]; unitId?: number; year?: number }) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const [code, setCode] = useState<string | undefined>();
  const current = code ?? templates[0]?.code;
  const ev = useApi<Evaluation>(current && unitId && year ? "/indicators/evaluation" : null, {
    template: current,
    unit: unitId,
    year,
  });
  return (
    <Card
      size="small"
      title={
        <Space>
          {m.templates}
          {ev.data ? (
            <Tag
              color={ev.data.allMet === true ? "success" : ev.data.allMet === false ? "error" : "default"}
              data-testid="template-all"
            >
              {ev.data.allMet === true ? m.allMet : ev.data.allMet === false ? m.notAll : m.incomplete}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        <Space>
          <Typography.Text type="secondary">{year}</Typography.Text>
          <Select
            size="small"
            style={{ width: 300 }}
            value={current}
            onChange={setCode}
            options={templates.map((t) => ({ value: t.code, label: indicatorName(t, locale) }))}
            data-testid="template-select"
          />
        </Space>
      }
    >
      <PageState loading={ev.loading && !ev.data} error={ev.error} onRetry={ev.reload}>
        {ev.data ? (
          <>
            <Row gutter={[12, 12]} data-testid="template-results">
              {ev.data.results.map((r) => (
                <Col key={r.indicator} xs={24} md={12} xl={8}>
                  <Card size="small" styles={{ body: { padding: "8px 12px" } }}>
                    <Space align="start" style={{ justifyContent: "space-between", width: "100%" }}>
                      <Space orientation="vertical" size={0}>
                        <Typography.Text>
                          {locale === "en" && r.nameEn ? r.label.replace(r.name, r.nameEn) : r.label}
                        </Typography.Text>
                        <Typography.Text strong style={{ fontSize: 18 }}>
                          {r.value === null ? m.noData : formatNumber(Math.round(r.value * 1000) / 1000)}
                        </Typography.Text>
                      </Space>
                      {r.met === true ? (
                        <Tag icon={<CheckCircleFilled />} color="success">
                          {m.met}
                        </Tag>
                      ) : r.met === false ? (
                        <Tag icon={<CloseCircleFilled />} color="error">
                          {m.unmet}
                        </Tag>
                      ) : (
                        <Tag icon={<QuestionCircleOutlined />}>{m.noData}</Tag>
                      )}
                    </Space>
                  </Card>
                </Col>
              ))}
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }}>
              {m.source}：{ev.data.source}
            </Typography.Paragraph>
          </>
        ) : null}
      </PageState>
    </Card>
  );
}

function CatalogueDrawer(props: { open: boolean; onClose: () => void; entries: CatalogueEntry[] }) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const [q, setQ] = useState("");
  const list = props.entries.filter((e) => !q || e.name.includes(q) || e.code.includes(q.toUpperCase()));
  return (
    <Drawer open={props.open} onClose={props.onClose} title={m.catalogue} size={620}>
      <Input.Search
        allowClear
        placeholder={m.search}
        onChange={(e) => setQ(e.target.value.trim())}
        style={{ marginBottom: 12 }}
      />
      <List<CatalogueEntry>
        dataSource={list}
        renderItem={(e) => (
          <List.Item>
            <Descriptions
              size="small"
              column={1}
              title={
                <Space>
                  {e.name}
                  {locale === "en" && e.nameEn ? (
                    <Typography.Text style={{ fontWeight: "normal" }}>{e.nameEn}</Typography.Text>
                  ) : null}
                  <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12 }}>
                    {e.code}
                  </Typography.Text>
                </Space>
              }
            >
              <Descriptions.Item label={m.definition}>{e.definition}</Descriptions.Item>
              <Descriptions.Item label={m.formula}>
                <Typography.Text code>{formulaText(e)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={m.source}>{e.source}</Descriptions.Item>
            </Descriptions>
          </List.Item>
        )}
      />
    </Drawer>
  );
}
