// 督查督办看板 (/supervision): the red and yellow tasks the user sees, grouped by lead unit and by 分管领导,
// with filters; 催办 and 下发督办单 from each card; the on-time ranking of departments and schools
// (table and bar chart).
import { useMemo, useState } from "react";
import {
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { AlertOutlined, BellOutlined, FileProtectOutlined, ReloadOutlined } from "@ant-design/icons";
import { Link } from "react-router";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { Chart, type ChartOption } from "../../components/charts/chart.tsx";
import { PageState } from "../../components/page-state.tsx";
import { BulletinButton } from "../../components/report-buttons.tsx";
import { COLOR_HEX, StateTag, StatusLegend, StatusTag, numbered, reasonText } from "../../components/status.tsx";
import { useApi } from "../../components/use-api.ts";
import type { BoardCard, BoardGroup, RankRow, SupervisionBoard } from "../plans/types.ts";
import { IssueOrderModal, UrgeModal } from "../task/orders.tsx";

const messages = {
  zh: {
    title: "督查督办",
    today: "今天 {date}",
    open: "在办任务",
    red: "红灯",
    yellow: "黄灯",
    green: "绿灯",
    closed: "已办结",
    byDept: "按牵头单位",
    byDeputy: "按分管领导",
    all: "红灯和黄灯",
    onlyRed: "只看红灯",
    onlyYellow: "只看黄灯",
    plan: "全部计划",
    search: "搜索任务或单位",
    escalated: "只看已升级",
    none: "没有红灯或黄灯任务，一切按计划推进",
    noneFiltered: "没有符合条件的任务",
    deadline: "时限 {date}",
    overdue: "逾期 {n} 天",
    urge: "催办",
    order: "督办单",
    escalation1: "已升级分管领导",
    escalation2: "已升级主要领导",
    ranking: "按期办结率排名",
    departments: "股室",
    schools: "学校",
    others: "乡镇及其他",
    rank: "名次",
    unit: "单位",
    due: "应办结",
    onTime: "按期办结",
    late: "逾期",
    rate: "按期办结率",
    openCol: "在办",
    redCol: "红灯",
    noRank: "暂无可排名的单位（还没有到期或办结的任务）",
    rateAxis: "按期办结率（%）",
    notDue: "未到期",
    reload: "刷新",
  },
  en: {
    title: "Supervision",
    today: "Today {date}",
    open: "Open tasks",
    red: "Red",
    yellow: "Yellow",
    green: "Green",
    closed: "Closed",
    byDept: "By lead unit",
    byDeputy: "By deputy head",
    all: "Red and yellow",
    onlyRed: "Red only",
    onlyYellow: "Yellow only",
    plan: "All plans",
    search: "Search task or unit",
    escalated: "Escalated only",
    none: "No red or yellow tasks: everything is on track",
    noneFiltered: "No task matches",
    deadline: "due {date}",
    overdue: "{n} days overdue",
    urge: "Urge",
    order: "Order",
    escalation1: "escalated to deputy",
    escalation2: "escalated to head",
    ranking: "On-time ranking",
    departments: "Departments",
    schools: "Schools",
    others: "Townships and others",
    rank: "Rank",
    unit: "Unit",
    due: "Due",
    onTime: "On time",
    late: "Late",
    rate: "On-time rate",
    openCol: "Open",
    redCol: "Red",
    noRank: "Nothing to rank yet (no task due or closed)",
    rateAxis: "On-time rate (%)",
    notDue: "not due",
    reload: "Reload",
  },
};

type ColorFilter = "all" | "red" | "yellow";

const URGE_ROLES = ["admin", "leader", "deputy", "staff", "inspector"];
const ORDER_ROLES = ["admin", "leader", "deputy", "inspector"];

export default function SupervisionPage() {
  const t = useMessages(messages);
  const { user } = useSession();
  const { data, error, loading, reload } = useApi<SupervisionBoard>("/supervision/board");
  const [group, setGroup] = useState<"dept" | "deputy">("dept");
  const [color, setColor] = useState<ColorFilter>("all");
  const [plan, setPlan] = useState<number | undefined>();
  const [q, setQ] = useState("");
  const [escalatedOnly, setEscalatedOnly] = useState(false);
  const [urging, setUrging] = useState<BoardCard | null>(null);
  const [ordering, setOrdering] = useState<BoardCard | null>(null);

  const plans = useMemo(() => {
    const m = new Map<number, string>();
    for (const g of data?.byDepartment ?? []) for (const c of [...g.red, ...g.yellow]) m.set(c.planId, c.planTitle);
    return [...m.entries()].map(([value, label]) => ({ value, label }));
  }, [data]);

  const keep = (c: BoardCard) =>
    (color === "all" || c.color === color) &&
    (plan === undefined || c.planId === plan) &&
    (!escalatedOnly || c.escalationLevel > 0) &&
    (!q.trim() || `${c.title} ${c.num ?? ""} ${c.leadUnitName ?? ""} ${c.deputyName ?? ""}`.includes(q.trim()));
  const groups = (group === "dept" ? (data?.byDepartment ?? []) : (data?.byDeputy ?? []))
    .map((g) => ({ ...g, red: g.red.filter(keep), yellow: g.yellow.filter(keep) }))
    .filter((g) => g.red.length + g.yellow.length > 0);
  const flagged = (data?.counts.red ?? 0) + (data?.counts.yellow ?? 0);
  const mayUrge = !!user && URGE_ROLES.includes(user.role);
  const mayOrder = !!user && ORDER_ROLES.includes(user.role);

  return (
    <PageState loading={loading && !data} error={error} onRetry={reload}>
      {data ? (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Card>
            <Row align="middle" gutter={24} wrap={false}>
              <Col flex="auto">
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t.title}
                </Typography.Title>
                <Typography.Text type="secondary">{fmt(t.today, { date: data.today })}</Typography.Text>
              </Col>
              <Col flex="none">
                <Space size={28} align="center">
                  <Statistic title={t.open} value={data.counts.open} />
                  <Statistic title={t.red} value={data.counts.red} styles={{ content: { color: COLOR_HEX.red } }} />
                  <Statistic
                    title={t.yellow}
                    value={data.counts.yellow}
                    styles={{ content: { color: COLOR_HEX.yellow } }}
                  />
                  <Statistic
                    title={t.green}
                    value={data.counts.green}
                    styles={{ content: { color: COLOR_HEX.green } }}
                  />
                  <Statistic title={t.closed} value={data.counts.closed} />
                  <Button icon={<ReloadOutlined />} onClick={reload}>
                    {t.reload}
                  </Button>
                  <BulletinButton planId={plan ?? plans[0]?.value} />
                </Space>
              </Col>
            </Row>
          </Card>

          <Card>
            <div
              style={{ display: "flex", flexWrap: "wrap", gap: 8, justifyContent: "space-between", marginBottom: 12 }}
            >
              <Space wrap>
                <Segmented
                  value={group}
                  onChange={(v) => setGroup(v as "dept" | "deputy")}
                  options={[
                    { value: "dept", label: t.byDept },
                    { value: "deputy", label: t.byDeputy },
                  ]}
                  data-testid="group-switch"
                />
                <Segmented
                  value={color}
                  onChange={(v) => setColor(v as ColorFilter)}
                  options={[
                    { value: "all", label: t.all },
                    { value: "red", label: t.onlyRed },
                    { value: "yellow", label: t.onlyYellow },
                  ]}
                />
              </Space>
              <Space wrap>
                <Select
                  allowClear
                  placeholder={t.plan}
                  style={{ width: 200 }}
                  options={plans}
                  value={plan}
                  onChange={setPlan}
                />
                <Input.Search
                  allowClear
                  placeholder={t.search}
                  style={{ width: 180 }}
                  onChange={(e) => setQ(e.target.value)}
                />
                <Button
                  type={escalatedOnly ? "primary" : "default"}
                  icon={<AlertOutlined />}
                  onClick={() => setEscalatedOnly((x) => !x)}
                >
                  {t.escalated}
                </Button>
              </Space>
            </div>
            <div style={{ marginBottom: 12 }}>
              <StatusLegend />
            </div>
            {groups.length ? (
              <Row gutter={[16, 16]} data-testid="board-groups">
                {groups.map((g) => (
                  <Col key={`${g.unitId ?? g.userId ?? g.name}`} xs={24} xl={12}>
                    <GroupCard
                      group={g}
                      mayUrge={mayUrge}
                      mayOrder={mayOrder}
                      onUrge={setUrging}
                      onOrder={setOrdering}
                    />
                  </Col>
                ))}
              </Row>
            ) : (
              <Empty description={flagged ? t.noneFiltered : t.none} data-testid="board-empty" />
            )}
          </Card>

          <Ranking ranking={data.ranking} />

          <UrgeModal task={urging} onClose={() => setUrging(null)} />
          <IssueOrderModal
            task={ordering}
            today={data.today}
            onClose={() => setOrdering(null)}
            onDone={() => {
              setOrdering(null);
              reload();
            }}
          />
        </Space>
      ) : null}
    </PageState>
  );
}

function GroupCard(props: {
  group: BoardGroup;
  mayUrge: boolean;
  mayOrder: boolean;
  onUrge: (c: BoardCard) => void;
  onOrder: (c: BoardCard) => void;
}) {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const g = props.group;
  return (
    <Card
      size="small"
      data-testid="board-group"
      title={
        <Space>
          <Typography.Text strong>{g.name}</Typography.Text>
          {g.red.length ? <Badge count={g.red.length} color={COLOR_HEX.red} /> : null}
          {g.yellow.length ? <Badge count={g.yellow.length} color={COLOR_HEX.yellow} /> : null}
        </Space>
      }
      styles={{ body: { padding: 0 } }}
    >
      {[...g.red, ...g.yellow].map((c) => (
        <div
          key={c.id}
          data-testid="board-card"
          data-color={c.color}
          data-task={c.id}
          style={{
            padding: "10px 12px",
            borderTop: "1px solid #f0f0f0",
            borderInlineStart: `3px solid ${COLOR_HEX[c.color]}`,
          }}
        >
          <Space size={6} style={{ width: "100%", justifyContent: "space-between" }} align="start">
            <Space size={6} align="start">
              <StatusTag color={c.color} reason={c.reason} overridden={c.overridden} />
              <Link to={`/tasks/${c.id}`} style={{ fontWeight: 500 }}>
                {numbered(c.num, c.title, c.marker)}
              </Link>
            </Space>
            <Space size={4}>
              {props.mayUrge ? (
                <Tooltip title={t.urge}>
                  <Button size="small" icon={<BellOutlined />} onClick={() => props.onUrge(c)} data-testid="board-urge">
                    {t.urge}
                  </Button>
                </Tooltip>
              ) : null}
              {props.mayOrder ? (
                <Button
                  size="small"
                  icon={<FileProtectOutlined />}
                  onClick={() => props.onOrder(c)}
                  data-testid="board-order"
                >
                  {t.order}
                </Button>
              ) : null}
            </Space>
          </Space>
          <Space size={8} wrap style={{ marginTop: 4, fontSize: 12 }}>
            <StateTag state={c.state} />
            <Typography.Text type="secondary">{c.leadUnitName}</Typography.Text>
            {c.deputyName ? <Typography.Text type="secondary">· {c.deputyName}</Typography.Text> : null}
            {c.deadline ? (
              <Typography.Text type="secondary">· {fmt(t.deadline, { date: c.deadline })}</Typography.Text>
            ) : null}
            {c.daysOverdue > 0 ? <Tag color="red">{fmt(t.overdue, { n: c.daysOverdue })}</Tag> : null}
            {c.escalationLevel ? (
              <Tag color="volcano" data-testid="escalated">
                {c.escalationLevel >= 2 ? t.escalation2 : t.escalation1}
              </Tag>
            ) : null}
            <Progress percent={c.progress} size="small" style={{ width: 110, margin: 0 }} />
          </Space>
          {c.reason ? (
            <Typography.Paragraph
              type={c.color === "red" ? "danger" : "warning"}
              style={{ margin: "4px 0 0", fontSize: 12 }}
              ellipsis={{ rows: 2 }}
            >
              {reasonText(c.reason, locale)}
            </Typography.Paragraph>
          ) : null}
        </div>
      ))}
    </Card>
  );
}

function Ranking({ ranking }: { ranking: SupervisionBoard["ranking"] }) {
  const t = useMessages(messages);
  const { locale } = useLocale();
  const [tab, setTab] = useState<"departments" | "schools" | "others">("departments");
  const rows = ranking[tab];
  const ranked = rows.filter((r) => r.rate !== null);
  const option = useMemo<ChartOption>(() => {
    const list = [...ranked].reverse();
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v) => `${String(v)}%`,
      },
      xAxis: {
        type: "value",
        max: 100,
        name: t.rateAxis,
        nameLocation: "middle",
        nameGap: 22,
        axisLabel: { formatter: "{value}%" },
      },
      yAxis: {
        type: "category",
        data: list.map((r) => r.unitName),
        axisLabel: { width: 110, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          name: t.rate,
          data: list.map((r) => ({
            value: r.rate ?? 0,
            itemStyle: {
              color: (r.rate ?? 0) >= 90 ? COLOR_HEX.green : (r.rate ?? 0) >= 60 ? COLOR_HEX.yellow : COLOR_HEX.red,
            },
          })),
          barMaxWidth: 18,
          label: { show: true, position: "right", formatter: "{c}%" },
        },
      ],
    };
  }, [ranked, t.rate, t.rateAxis]);

  return (
    <Card
      title={t.ranking}
      extra={
        <Tooltip title={ranking.rule}>
          <Typography.Text type="secondary" style={{ fontSize: 12, cursor: "help" }}>
            ⓘ {locale === "zh" ? "计算口径" : "How it is computed"}
          </Typography.Text>
        </Tooltip>
      }
      data-testid="ranking"
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as typeof tab)}
        items={[
          { key: "departments", label: `${t.departments}（${ranking.departments.length}）` },
          { key: "schools", label: `${t.schools}（${ranking.schools.length}）` },
          { key: "others", label: `${t.others}（${ranking.others.length}）` },
        ]}
      />
      {rows.length ? (
        <Row gutter={24}>
          <Col xs={24} xl={15}>
            <Table<RankRow>
              size="small"
              rowKey="unitId"
              dataSource={rows}
              pagination={rows.length > 10 ? { pageSize: 10, size: "small" } : false}
              columns={[
                { title: t.rank, dataIndex: "rank", width: 52, render: (v?: number) => v ?? "—" },
                { title: t.unit, dataIndex: "unitName", ellipsis: { showTitle: true } },
                { title: t.due, dataIndex: "due", width: 60, align: "right" },
                { title: t.onTime, dataIndex: "onTime", width: 72, align: "right" },
                { title: t.late, dataIndex: "late", width: 52, align: "right" },
                {
                  title: t.rate,
                  dataIndex: "rate",
                  width: 88,
                  align: "right",
                  render: (v: number | null) =>
                    v === null ? <Typography.Text type="secondary">{t.notDue}</Typography.Text> : `${v}%`,
                },
                { title: t.openCol, dataIndex: "open", width: 52, align: "right" },
                {
                  title: t.redCol,
                  dataIndex: "red",
                  width: 52,
                  align: "right",
                  render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
                },
              ]}
            />
          </Col>
          <Col xs={24} xl={9}>
            {ranked.length ? (
              <Chart option={option} height={Math.max(160, ranked.length * 30 + 56)} testId="ranking-chart" />
            ) : (
              <Empty description={t.noRank} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Col>
        </Row>
      ) : (
        <Empty description={t.noRank} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
