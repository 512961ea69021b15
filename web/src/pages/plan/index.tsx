// 计划看板 (/plans/:planId): the plan as a tree (sections → tasks) and as a table, with filters (股室,
// 牵头单位, 亮灯, 篇章/领域, 分管领导, 办理状态, 完成时限, search), row selection with bulk assignment and
// bulk dispatch, a timeline of deadlines and milestones, and the roll-up per section and lead unit.
import { useMemo, useState, type Key } from "react";
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Input,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import { ClearOutlined, SendOutlined, TeamOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { PageState } from "../../components/page-state.tsx";
import { PlanReportButtons } from "../../components/report-buttons.tsx";
import {
  COLORS,
  STATES,
  StateTag,
  StatusLegend,
  StatusTag,
  cadenceName,
  colorMark,
  numbered,
  stateName,
} from "../../components/status.tsx";
import { useApi } from "../../components/use-api.ts";
import type { BoardExtras, PlanDetail, Rollup, RollupGroup } from "../plans/types.ts";
import { BulkAssignModal, unitTree } from "./bulk-assign.tsx";
import {
  activeFilterCount,
  filterTree,
  forTable,
  matches,
  walk,
  type Filters,
  type FlatTask,
  type TableNode,
} from "./model.ts";
import { Timeline } from "./timeline.tsx";

const messages = {
  zh: {
    plans: "工作计划",
    tree: "树形",
    table: "列表",
    timeline: "时间轴",
    rollup: "分篇汇总",
    tasks: "任务",
    dispatched: "已交办",
    closed: "已办结",
    completion: "平均完成率",
    red: "红灯",
    yellow: "黄灯",
    green: "绿灯",
    dept: "股室",
    lead: "牵头单位",
    color: "亮灯",
    section: "篇章 / 领域",
    deputy: "分管领导",
    state: "办理状态",
    deadline: "完成时限",
    search: "搜索任务标题、内容、单位",
    clear: "清除筛选",
    clearSelection: "取消选择",
    shown: "显示 {n} / {total} 项任务",
    colTitle: "序号 / 任务",
    colStatus: "亮灯",
    colState: "状态",
    colLead: "承办单位",
    colCo: "配合单位",
    coShort: "配合：",
    colDeputy: "分管领导",
    colDeadline: "完成时限",
    colProgress: "进度",
    colDomain: "篇章",
    colCadence: "报送",
    targets: "{n} 项量化目标",
    selected: "已选 {n} 项",
    assign: "批量设置交办信息",
    dispatch: "交办所选",
    dispatchDone: "已交办 {n} 项任务",
    dispatchSkipped: "{n} 项未交办（须为草稿且已设牵头单位和完成时限）",
    dispatchFailed: "{n} 项交办失败：{msg}",
    none: "没有符合条件的任务",
    emptyPlan: "计划中还没有任务",
    sectionCounts: "已交办 {total} · 草稿 {draft}",
    rollupSections: "按篇章汇总",
    rollupUnits: "按牵头单位汇总",
    rollupTotal: "交办",
    rollupDraft: "草稿",
    rollupClosed: "办结",
    partial: "您只能看到与您相关的任务，汇总仅含这些任务。",
    unassigned: "未设",
  },
  en: {
    plans: "Plans",
    tree: "Tree",
    table: "Table",
    timeline: "Timeline",
    rollup: "Roll-up",
    tasks: "Tasks",
    dispatched: "Dispatched",
    closed: "Closed",
    completion: "Avg. completion",
    red: "Red",
    yellow: "Yellow",
    green: "Green",
    dept: "Department",
    lead: "Lead unit",
    color: "Status",
    section: "Section / domain",
    deputy: "Deputy head",
    state: "State",
    deadline: "Deadline",
    search: "Search title, text, unit",
    clear: "Clear filters",
    clearSelection: "Clear selection",
    shown: "{n} of {total} tasks",
    colTitle: "No. / task",
    colStatus: "Status",
    colState: "State",
    colLead: "Units",
    colCo: "Co-units",
    coShort: "with ",
    colDeputy: "Deputy head",
    colDeadline: "Deadline",
    colProgress: "Progress",
    colDomain: "Section",
    colCadence: "Reports",
    targets: "{n} targets",
    selected: "{n} selected",
    assign: "Assign selected",
    dispatch: "Dispatch selected",
    dispatchDone: "{n} tasks dispatched",
    dispatchSkipped: "{n} skipped (must be drafts with a lead unit and deadline)",
    dispatchFailed: "{n} failed: {msg}",
    none: "No task matches",
    emptyPlan: "This plan has no tasks yet",
    sectionCounts: "{total} dispatched · {draft} drafts",
    rollupSections: "By section",
    rollupUnits: "By lead unit",
    rollupTotal: "Dispatched",
    rollupDraft: "Drafts",
    rollupClosed: "Closed",
    partial: "You see only the tasks that involve you; the roll-up counts those.",
    unassigned: "not set",
  },
};

type View = "tree" | "table" | "timeline" | "rollup";

/** The title cell's content sits beside the tree's indent and expand button instead of wrapping below. */
const CELL = { display: "inline-flex", verticalAlign: "top", maxWidth: "calc(100% - 72px)" } as const;

export default function PlanBoardPage() {
  const { planId } = useParams();
  const t = useMessages(messages);
  const { locale } = useLocale();
  const { message } = App.useApp();
  const plan = useApi<PlanDetail>(`/plans/${planId}`);
  const extras = useApi<BoardExtras>(`/plans/${planId}/board`);
  const rollup = useApi<Rollup>(`/plans/${planId}/rollup`);
  const [view, setView] = useState<View>("tree");
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<number[]>([]);
  const [assignOpen, setAssignOpen] = useState(false);
  const [dispatching, setDispatching] = useState(false);

  const reloadAll = () => {
    plan.reload();
    extras.reload();
    rollup.reload();
  };

  const { tasks } = useMemo(() => walk(plan.data?.tree ?? []), [plan.data]);
  const shownTasks = useMemo(() => tasks.filter((x) => matches(x, filters)), [tasks, filters]);
  const filtering = activeFilterCount(filters) > 0;
  const keep = useMemo(() => new Set(shownTasks.map((x) => x.id)), [shownTasks]);
  const tree = useMemo(
    () => forTable(filterTree(plan.data?.tree ?? [], keep, filtering)),
    [plan.data, keep, filtering],
  );
  const leaders = useMemo(() => new Map((extras.data?.leaders ?? []).map((l) => [l.id, l.displayName])), [extras.data]);
  const rollupBySection = useMemo(() => new Map((rollup.data?.sections ?? []).map((s) => [s.id, s])), [rollup.data]);
  const unitOptions = useMemo(() => unitTree(extras.data?.units ?? [], locale), [extras.data, locale]);
  const deptOptions = useMemo(
    () =>
      (extras.data?.units ?? []).filter((u) => u.type === "department").map((u) => ({ value: u.id, label: u.name })),
    [extras.data],
  );
  const sectionOptions = useMemo(() => {
    interface Opt {
      value: number;
      title: string;
      children?: Opt[];
    }
    const build = (nodes: NonNullable<typeof plan.data>["tree"]): Opt[] =>
      nodes
        .filter((n) => n.kind === "section")
        .map((n) => {
          const children = build(n.children);
          return { value: n.id, title: numbered(n.num, n.title, n.marker), ...(children.length ? { children } : {}) };
        });
    return build(plan.data?.tree ?? []);
  }, [plan.data]);

  const sectionDepth = useMemo(() => {
    const m = new Map<number, number>();
    const visit = (nodes: NonNullable<typeof plan.data>["tree"], d: number) => {
      for (const n of nodes)
        if (n.kind === "section") {
          m.set(n.id, d);
          visit(n.children, d + 1);
        }
    };
    visit(plan.data?.tree ?? [], 0);
    return m;
  }, [plan.data]);
  const canEdit = plan.data?.plan.canEdit ?? false;
  const error = plan.error ?? extras.error;

  const setF = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const dispatchSelected = async () => {
    const byId = new Map(tasks.map((x) => [x.id, x]));
    const ready = selected
      .map((id) => byId.get(id))
      .filter((x): x is FlatTask => !!x && x.state === "draft" && !!x.leadUnit && !!x.deadline);
    const skipped = selected.length - ready.length;
    setDispatching(true);
    let ok = 0;
    const failed: string[] = [];
    for (const x of ready) {
      try {
        await api.post(`/tasks/${x.id}/transitions`, { action: "dispatch", version: x.version });
        ok++;
      } catch (e) {
        failed.push(e instanceof ApiError ? e.message : String(e));
      }
    }
    setDispatching(false);
    if (ok) message.success(fmt(t.dispatchDone, { n: ok }));
    if (skipped) message.warning(fmt(t.dispatchSkipped, { n: skipped }));
    if (failed.length) message.error(fmt(t.dispatchFailed, { n: failed.length, msg: failed[0] ?? "" }));
    setSelected([]);
    reloadAll();
  };

  const deadlineCell = (d: string | null, x: { state: string; statusColor: string }) => {
    if (!d) return <Typography.Text type="secondary">{t.unassigned}</Typography.Text>;
    const late = x.state !== "closed" && x.statusColor === "red" && d < (extras.data?.today ?? "");
    return <span style={late ? { color: "#f5222d" } : undefined}>{d}</span>;
  };

  const taskColumns: ColumnsType<TableNode | FlatTask> = [
    {
      title: t.colStatus,
      dataIndex: "statusColor",
      width: 68,
      render: (_, n) => {
        if (n.kind === "section") {
          const r = rollupBySection.get(n.id);
          return r ? (
            <StatusTag color={r.color} reason={fmt(t.sectionCounts, { total: r.total, draft: r.draft })} />
          ) : null;
        }
        return <StatusTag color={n.statusColor} reason={n.statusReason} />;
      },
    },
    {
      title: t.colState,
      dataIndex: "state",
      width: 86,
      render: (_, n) => (n.kind === "task" ? <StateTag state={n.state} /> : null),
    },
    {
      title: t.colLead,
      width: 170,
      render: (_, n) => {
        if (n.kind !== "task") return null;
        const co = n.coUnits.map((c) => c.name).join("、");
        return (
          <div style={{ lineHeight: 1.4, overflow: "hidden" }}>
            <div style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}>
              {n.leadUnit?.name ?? <Typography.Text type="secondary">{t.unassigned}</Typography.Text>}
            </div>
            {co ? (
              <Tooltip title={`${t.colCo}：${co}`}>
                <div
                  style={{
                    fontSize: 12,
                    color: "#8c8c8c",
                    whiteSpace: "nowrap",
                    overflow: "hidden",
                    textOverflow: "ellipsis",
                  }}
                >
                  {t.coShort}
                  {co}
                </div>
              </Tooltip>
            ) : null}
          </div>
        );
      },
    },
    {
      title: t.colDeputy,
      width: 84,
      ellipsis: { showTitle: false },
      render: (_, n) => {
        if (!n.deputyUserId) return null;
        const full = leaders.get(n.deputyUserId) ?? `#${n.deputyUserId}`;
        return <Tooltip title={full}>{full.replace(/（.*$/u, "")}</Tooltip>;
      },
    },
    {
      title: t.colDeadline,
      dataIndex: "deadline",
      width: 100,
      sorter: (a, b) => (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999"),
      render: (d: string | null, n) => (n.kind === "task" ? deadlineCell(d, n) : null),
    },
    {
      title: t.colProgress,
      dataIndex: "progress",
      width: 100,
      sorter: (a, b) => a.progress - b.progress,
      render: (p: number, n) => {
        if (n.kind === "section") {
          const r = rollupBySection.get(n.id);
          return r ? <Progress percent={r.completion} size="small" /> : null;
        }
        return <Progress percent={p} size="small" status={n.state === "closed" ? "success" : "normal"} />;
      },
    },
  ];

  const titleCell = (n: TableNode | FlatTask, full = false) => {
    if (n.kind === "section") {
      const r = rollupBySection.get(n.id);
      return (
        <Space size={[8, 2]} wrap style={CELL}>
          <Typography.Text strong>{numbered(n.num, n.title, n.marker)}</Typography.Text>
          {r ? (
            <Space size={2} style={{ fontSize: 12 }}>
              {r.red ? (
                <Tag color="red" style={{ marginInlineEnd: 0 }}>{`${colorMark("red", locale)} ${r.red}`}</Tag>
              ) : null}
              {r.yellow ? (
                <Tag color="gold" style={{ marginInlineEnd: 0 }}>{`${colorMark("yellow", locale)} ${r.yellow}`}</Tag>
              ) : null}
              {r.green ? (
                <Tag color="green" style={{ marginInlineEnd: 0 }}>{`${colorMark("green", locale)} ${r.green}`}</Tag>
              ) : null}
            </Space>
          ) : null}
        </Space>
      );
    }
    return (
      <Space orientation="vertical" size={0} style={full ? undefined : CELL}>
        <Link to={`/tasks/${n.id}`} data-testid="task-link">
          {numbered(n.num, n.title, n.marker)}
        </Link>
        {n.targets.length ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmt(t.targets, { n: n.targets.length })}：
            {n.targets
              .slice(0, 2)
              .map((g) => `${g.indicator} ${g.value}${g.unit}`)
              .join("；")}
            {n.targets.length > 2 ? "…" : ""}
          </Typography.Text>
        ) : null}
      </Space>
    );
  };

  const rowSelection = canEdit
    ? {
        selectedRowKeys: selected,
        onChange: (keys: Key[]) => setSelected(keys.map(Number).filter((id) => tasks.some((x) => x.id === id))),
        getCheckboxProps: (n: TableNode | FlatTask) => ({ disabled: n.kind !== "task" || n.state === "closed" }),
        checkStrictly: true,
      }
    : undefined;

  const p = plan.data?.plan;

  return (
    <PageState
      loading={(plan.loading && !plan.data) || (extras.loading && !extras.data)}
      error={error}
      onRetry={reloadAll}
    >
      {p && extras.data ? (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Card>
            <Breadcrumb items={[{ title: <Link to="/plans">{t.plans}</Link> }, { title: p.title }]} />
            <Row gutter={24} align="middle" style={{ marginTop: 8 }}>
              <Col flex="auto">
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="plan-title">
                  {p.title}
                </Typography.Title>
                <Typography.Text type="secondary">
                  {[p.unitName, p.docNumber, p.years.join("、")].filter(Boolean).join(" · ")}
                </Typography.Text>
              </Col>
              <Col>
                <Space size={32}>
                  <Statistic title={t.tasks} value={tasks.length} />
                  <Statistic title={t.dispatched} value={rollup.data?.total.total ?? 0} />
                  <Statistic title={t.closed} value={rollup.data?.total.closed ?? 0} />
                  <Statistic title={t.completion} value={rollup.data?.total.completion ?? 0} suffix="%" />
                  <Statistic
                    title={t.red}
                    value={rollup.data?.total.red ?? 0}
                    styles={{ content: { color: "#f5222d" } }}
                  />
                  <Statistic
                    title={t.yellow}
                    value={rollup.data?.total.yellow ?? 0}
                    styles={{ content: { color: "#faad14" } }}
                  />
                  <PlanReportButtons planId={p.id} year={p.years.length ? Math.max(...p.years) : undefined} />
                </Space>
              </Col>
            </Row>
          </Card>

          <Card
            styles={{ body: { paddingTop: 12 }, title: { flex: "none", overflow: "visible" } }}
            title={
              <Segmented<View>
                value={view}
                onChange={setView}
                options={[
                  { value: "tree", label: t.tree },
                  { value: "table", label: t.table },
                  { value: "timeline", label: t.timeline },
                  { value: "rollup", label: t.rollup },
                ]}
                data-testid="view-switch"
              />
            }
            extra={
              <div style={{ marginInlineStart: 16 }}>
                <StatusLegend />
              </div>
            }
          >
            {view !== "rollup" ? (
              <>
                <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="plan-filters">
                  <Input.Search
                    allowClear
                    placeholder={t.search}
                    style={{ width: 240 }}
                    value={filters.q}
                    onChange={(e) => setF({ q: e.target.value || undefined })}
                  />
                  <Select
                    allowClear
                    placeholder={t.dept}
                    style={{ width: 130 }}
                    options={deptOptions}
                    value={filters.dept}
                    onChange={(v) => setF({ dept: v })}
                  />
                  <TreeSelect
                    allowClear
                    showSearch
                    treeNodeFilterProp="title"
                    placeholder={t.lead}
                    style={{ width: 170 }}
                    treeData={unitOptions}
                    treeDefaultExpandAll
                    value={filters.lead}
                    onChange={(v: number | undefined) => setF({ lead: v })}
                  />
                  <Select
                    allowClear
                    placeholder={t.color}
                    style={{ width: 96 }}
                    value={filters.color}
                    onChange={(v) => setF({ color: v })}
                    options={COLORS.map((c) => ({ value: c, label: <StatusTag color={c} /> }))}
                    data-testid="filter-color"
                  />
                  <TreeSelect
                    allowClear
                    placeholder={t.section}
                    style={{ width: 170 }}
                    treeData={sectionOptions}
                    treeDefaultExpandAll
                    value={filters.section}
                    onChange={(v: number | undefined) => setF({ section: v })}
                  />
                  <Select
                    allowClear
                    placeholder={t.deputy}
                    style={{ width: 150 }}
                    value={filters.deputy}
                    onChange={(v) => setF({ deputy: v })}
                    options={extras.data.leaders.map((l) => ({ value: l.id, label: l.displayName }))}
                  />
                  <Select
                    allowClear
                    placeholder={t.state}
                    style={{ width: 110 }}
                    value={filters.state}
                    onChange={(v) => setF({ state: v })}
                    options={STATES.map((s) => ({ value: s, label: stateName(s, locale) }))}
                  />
                  <DatePicker.RangePicker
                    placeholder={[t.deadline, t.deadline]}
                    style={{ width: 240 }}
                    value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
                    onChange={(r) =>
                      setF({
                        from: r?.[0]?.format("YYYY-MM-DD") ?? undefined,
                        to: r?.[1]?.format("YYYY-MM-DD") ?? undefined,
                      })
                    }
                  />
                  {filtering ? (
                    <Button icon={<ClearOutlined />} onClick={() => setFilters({})}>
                      {t.clear}
                    </Button>
                  ) : null}
                  <Typography.Text type="secondary">
                    {fmt(t.shown, { n: shownTasks.length, total: tasks.length })}
                  </Typography.Text>
                </Space>
                {canEdit && selected.length && view !== "timeline" ? (
                  <Space
                    style={{
                      marginBottom: 12,
                      padding: "8px 12px",
                      background: "#e6f4ff",
                      borderRadius: 6,
                      width: "100%",
                    }}
                  >
                    <Typography.Text>{fmt(t.selected, { n: selected.length })}</Typography.Text>
                    <Button
                      type="primary"
                      icon={<TeamOutlined />}
                      onClick={() => setAssignOpen(true)}
                      data-testid="bulk-assign"
                    >
                      {t.assign}
                    </Button>
                    <Button
                      icon={<SendOutlined />}
                      loading={dispatching}
                      onClick={() => void dispatchSelected()}
                      data-testid="bulk-dispatch"
                    >
                      {t.dispatch}
                    </Button>
                    <Button type="link" onClick={() => setSelected([])}>
                      {t.clearSelection}
                    </Button>
                  </Space>
                ) : null}
              </>
            ) : null}

            {view === "tree" ? (
              <Table<TableNode>
                rowKey="id"
                size="middle"
                dataSource={tree}
                pagination={false}
                expandable={{ defaultExpandAllRows: true }}
                key={`tree-${filtering ? JSON.stringify(filters) : "all"}`}
                rowSelection={rowSelection}
                locale={{ emptyText: tasks.length ? t.none : t.emptyPlan }}
                columns={[
                  { title: t.colTitle, key: "title", render: (_, n) => titleCell(n) },
                  ...(taskColumns as ColumnsType<TableNode>),
                ]}
                scroll={{ x: 900 }}
                data-testid="plan-tree"
              />
            ) : null}
            {view === "table" ? (
              <Table<FlatTask>
                rowKey="id"
                size="middle"
                dataSource={shownTasks}
                pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                rowSelection={rowSelection}
                locale={{ emptyText: tasks.length ? t.none : t.emptyPlan }}
                columns={[
                  {
                    title: t.colTitle,
                    key: "title",
                    render: (_, n) => (
                      <div style={{ minWidth: 0 }}>
                        {n.domain ? (
                          <Typography.Text
                            type="secondary"
                            style={{ fontSize: 12, display: "block" }}
                            ellipsis={{ tooltip: true }}
                          >
                            {numbered(n.domain.num, n.domain.title, n.domain.marker)}
                          </Typography.Text>
                        ) : null}
                        {titleCell(n, true)}
                      </div>
                    ),
                  },
                  ...(taskColumns as ColumnsType<FlatTask>),
                  { title: t.colCadence, width: 72, render: (_, n) => cadenceName(n.cadence, locale) },
                ]}
                scroll={{ x: 940 }}
                data-testid="plan-table"
              />
            ) : null}
            {view === "timeline" ? (
              <Timeline
                tasks={shownTasks}
                milestones={extras.data.milestones}
                today={extras.data.today}
                starts={extras.data.tasks}
              />
            ) : null}
            {view === "rollup" ? (
              <RollupView rollup={rollup.data} error={rollup.error} onRetry={rollup.reload} depth={sectionDepth} />
            ) : null}
          </Card>
          {canEdit ? (
            <BulkAssignModal
              open={assignOpen}
              taskIds={selected}
              extras={extras.data}
              onClose={() => setAssignOpen(false)}
              onDone={() => {
                setAssignOpen(false);
                reloadAll();
              }}
            />
          ) : null}
        </Space>
      ) : null}
    </PageState>
  );
}

function RollupView({
  rollup,
  error,
  onRetry,
  depth,
}: {
  rollup: Rollup | undefined;
  error: unknown;
  onRetry: () => void;
  /** Section id → its depth in the plan (0 = a domain). */
  depth: Map<number, number>;
}) {
  const t = useMessages(messages);
  const cols: ColumnsType<RollupGroup> = [
    {
      title: t.colStatus,
      width: 76,
      render: (_, r) => <StatusTag color={r.color} reason={r.note} overridden={r.overridden} />,
    },
    { title: t.rollupTotal, dataIndex: "total", width: 70, align: "right" },
    { title: t.rollupDraft, dataIndex: "draft", width: 70, align: "right" },
    {
      title: t.red,
      dataIndex: "red",
      width: 64,
      align: "right",
      render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
    },
    {
      title: t.yellow,
      dataIndex: "yellow",
      width: 64,
      align: "right",
      render: (v: number) => (v ? <Typography.Text type="warning">{v}</Typography.Text> : 0),
    },
    { title: t.green, dataIndex: "green", width: 64, align: "right" },
    { title: t.rollupClosed, dataIndex: "closed", width: 64, align: "right" },
    {
      title: t.completion,
      dataIndex: "completion",
      width: 160,
      render: (v: number) => <Progress percent={v} size="small" />,
    },
  ];
  return (
    <PageState loading={!rollup && !error} error={error} onRetry={onRetry}>
      {rollup ? (
        <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="plan-rollup">
          {rollup.partial ? <Typography.Text type="warning">{t.partial}</Typography.Text> : null}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t.rollupSections}
          </Typography.Title>
          <Table<RollupGroup>
            rowKey={(r) => String(r.id)}
            size="small"
            pagination={false}
            dataSource={rollup.sections}
            columns={[
              {
                title: t.colDomain,
                render: (_, r) => {
                  const d = r.id === null ? 0 : (depth.get(r.id) ?? 0);
                  return (
                    <span style={{ paddingInlineStart: d * 20, fontWeight: d === 0 ? 500 : undefined }}>
                      {numbered(r.num, r.title, r.marker)}
                    </span>
                  );
                },
              },
              ...cols,
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t.rollupUnits}
          </Typography.Title>
          <Table<RollupGroup>
            rowKey={(r) => String(r.id)}
            size="small"
            pagination={false}
            dataSource={rollup.departments}
            columns={[{ title: t.lead, dataIndex: "title" }, ...cols]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {rollup.rule}
          </Typography.Text>
        </Space>
      ) : null}
    </PageState>
  );
}
