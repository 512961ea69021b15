// 我的工作台: what waits for me — tasks to accept, reports due, reviews, overdue items, escalations —
// and my notifications. One call to /api/my-work plus /api/notifications.
import { useState } from "react";
import dayjs from "dayjs";
import { Link, useNavigate } from "react-router";
import { App, Badge, Button, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import {
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
} from "@ant-design/icons";
import { noticeInEnglish } from "../../../../common/notice-texts.ts";
import { api } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { roleName } from "../../app/roles.ts";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { StateTag, StatusTag, numbered } from "../../components/status.tsx";
import { useApi } from "../../components/use-api.ts";

export interface MyWorkItem {
  id: number;
  planId: number;
  planTitle: string;
  num: string | null;
  marker?: string | null;
  title: string;
  state: string;
  leadUnitName: string | null;
  deadline: string | null;
  daysOverdue: number;
  color: string;
  reason: string | null;
  escalationLevel: number;
  progress: number;
  reportDueOn: string | null;
  pendingReports: number;
}
type ListKey = "toAccept" | "reportsDue" | "toReview" | "overdue" | "escalated";
type MyWork = Record<ListKey, { total: number; items: MyWorkItem[] }> & { today: string; unreadNotifications: number };

interface Notification {
  id: number;
  kind: string;
  taskId: number | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

const M = {
  zh: {
    hello: "{name}，您好",
    sub: "{unit} · {role} · 今天是 {today}",
    toAccept: "待签收",
    reportsDue: "待报进展",
    toReview: "待我审核",
    overdue: "逾期事项",
    escalated: "督办上报",
    notifications: "消息通知",
    markAll: "全部标为已读",
    markRead: "标为已读",
    noNotifications: "暂无消息",
    empty: "没有需要处理的事项",
    allTasks: "查看全部任务",
    task: "任务",
    plan: "工作计划",
    lead: "牵头单位",
    deadline: "完成时限",
    status: "状态",
    state: "办理环节",
    dueOn: "应报日期",
    overdueDays: "逾期 {n} 天",
    pending: "{n} 份进展待审",
    completion: "申请办结",
    level: "已上报{who}",
    deputy: "分管领导",
    leader: "主要领导",
    open: "办理",
    unread: "未读",
    allNotifications: "全部",
    unreadOnly: "未读",
  },
  en: {
    hello: "Hello, {name}",
    sub: "{unit} · {role} · today is {today}",
    toAccept: "To accept",
    reportsDue: "Reports due",
    toReview: "To review",
    overdue: "Overdue",
    escalated: "Escalated",
    notifications: "Notifications",
    markAll: "Mark all read",
    markRead: "Mark read",
    noNotifications: "No notifications",
    empty: "Nothing waiting for you",
    allTasks: "All tasks",
    task: "Task",
    plan: "Plan",
    lead: "Lead unit",
    deadline: "Deadline",
    status: "Status",
    state: "Stage",
    dueOn: "Report due",
    overdueDays: "{n} days overdue",
    pending: "{n} to review",
    completion: "completion requested",
    level: "escalated to the {who}",
    deputy: "deputy head",
    leader: "bureau head",
    open: "Open",
    unread: "unread",
    allNotifications: "All",
    unreadOnly: "Unread",
  },
};

const LISTS: { key: ListKey; icon: React.ReactNode; color: string }[] = [
  { key: "toAccept", icon: <CheckSquareOutlined />, color: "#1677ff" },
  { key: "reportsDue", icon: <FileTextOutlined />, color: "#13c2c2" },
  { key: "toReview", icon: <AuditOutlined />, color: "#722ed1" },
  { key: "overdue", icon: <ClockCircleOutlined />, color: "#ff4d4f" },
  { key: "escalated", icon: <AlertOutlined />, color: "#fa8c16" },
];

export default function HomePage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { user } = useSession();
  const work = useApi<MyWork>("/my-work");
  const [active, setActive] = useState<ListKey | null>(null);
  // leaders open on what was escalated to them; everyone else on the first list with something in it
  const order: ListKey[] =
    user.role === "leader" || user.role === "deputy"
      ? ["escalated", "overdue", "toReview", "toAccept", "reportsDue"]
      : LISTS.map((l) => l.key);
  const firstNonEmpty = work.data ? (order.find((k) => work.data![k].total > 0) ?? order[0]!) : order[0]!;
  const current = active ?? firstNonEmpty;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {fmt(m.hello, { name: user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {fmt(m.sub, { unit: user.orgUnit.name, role: roleName(user.role, locale), today: work.data?.today ?? "" })}
        </Typography.Text>
      </Card>
      <PageState loading={work.loading && !work.data} error={work.error} onRetry={work.reload}>
        {work.data && (
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            <Row gutter={[16, 16]}>
              {LISTS.map((l) => (
                <Col key={l.key} flex="1 1 180px">
                  <Card
                    hoverable
                    size="small"
                    onClick={() => setActive(l.key)}
                    style={current === l.key ? { borderColor: l.color, boxShadow: `0 0 0 1px ${l.color}` } : undefined}
                    data-testid={`count-${l.key}`}
                  >
                    <Statistic
                      title={
                        <Space>
                          <span style={{ color: l.color }}>{l.icon}</span>
                          {m[l.key]}
                        </Space>
                      }
                      value={work.data![l.key].total}
                      styles={{ content: { color: work.data![l.key].total ? l.color : undefined } }}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} xxl={16}>
                <WorkList kind={current} items={work.data[current].items} total={work.data[current].total} />
              </Col>
              <Col xs={24} xxl={8}>
                <Notifications onChange={work.reload} />
              </Col>
            </Row>
          </Space>
        )}
      </PageState>
    </Space>
  );
}

function WorkList({ kind, items, total }: { kind: ListKey; items: MyWorkItem[]; total: number }) {
  const m = useMessages(M);
  const navigate = useNavigate();
  const columns: ColumnsType<MyWorkItem> = [
    {
      title: m.task,
      dataIndex: "title",
      render: (_v, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/tasks/${r.id}`}>{numbered(r.num, r.title, r.marker)}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.planTitle}
          </Typography.Text>
        </Space>
      ),
    },
    { title: m.lead, dataIndex: "leadUnitName", width: 150, ellipsis: true },
    {
      title: kind === "reportsDue" ? m.dueOn : m.deadline,
      width: 130,
      render: (_v, r) =>
        kind === "reportsDue" ? (
          r.reportDueOn
        ) : (
          <Space orientation="vertical" size={0}>
            <span>{r.deadline ?? "—"}</span>
            {r.daysOverdue > 0 && (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {fmt(m.overdueDays, { n: r.daysOverdue })}
              </Typography.Text>
            )}
          </Space>
        ),
    },
    {
      title: m.status,
      width: 210,
      render: (_v, r) => (
        <Space size={4} wrap>
          <StatusTag color={r.color} reason={r.reason} />
          <StateTag state={r.state} />
          {kind === "toReview" && r.pendingReports > 0 && (
            <Tag color="purple">{fmt(m.pending, { n: r.pendingReports })}</Tag>
          )}
          {kind === "escalated" && (
            <Tag color="orange">{fmt(m.level, { who: r.escalationLevel >= 2 ? m.leader : m.deputy })}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: "",
      width: 72,
      render: (_v, r) => (
        <Button size="small" type="link" onClick={() => navigate(`/tasks/${r.id}`)}>
          {m.open}
        </Button>
      ),
    },
  ];
  return (
    <Card
      title={`${m[kind]}（${total}）`}
      size="small"
      data-testid="work-list"
      extra={<Link to="/plans">{m.allTasks}</Link>}
    >
      <Table<MyWorkItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10, size: "small" } : false}
        locale={{ emptyText: <PageState empty emptyText={m.empty} /> }}
      />
    </Card>
  );
}

function Notifications({ onChange }: { onChange: () => void }) {
  const m = useMessages(M);
  const { locale } = useLocale();
  // the server writes notifications in Chinese; English mode reads the system's words back into English
  const shown = (x: Notification) => (locale === "en" ? { ...x, ...noticeInEnglish(x) } : x);
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const n = useApi<{ unread: number; notifications: Notification[] }>("/notifications", {
    limit: 30,
    unread: unreadOnly ? "1" : undefined,
  });
  const act = async (p: Promise<unknown>) => {
    try {
      await p;
      n.reload();
      onChange();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card
      size="small"
      title={
        <Space>
          <BellOutlined />
          {m.notifications}
          <Badge count={n.data?.unread ?? 0} />
        </Space>
      }
      extra={
        <Space size={8}>
          <Segmented
            size="small"
            value={unreadOnly ? "u" : "a"}
            onChange={(v) => setUnreadOnly(v === "u")}
            options={[
              { label: m.unreadOnly, value: "u" },
              { label: m.allNotifications, value: "a" },
            ]}
          />
          <Button
            size="small"
            type="link"
            disabled={!n.data?.unread}
            onClick={() => void act(api.post("/notifications/read-all"))}
          >
            {m.markAll}
          </Button>
        </Space>
      }
      data-testid="notifications"
    >
      <PageState loading={n.loading && !n.data} error={n.error} onRetry={n.reload}>
        {(n.data?.notifications ?? []).length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.noNotifications} />
        ) : (
          <div style={{ maxHeight: 480, overflow: "auto" }}>
            {(n.data?.notifications ?? []).map(shown).map((x) => (
              <div
                key={x.id}
                style={{ display: "flex", gap: 8, padding: "8px 4px", borderBottom: "1px solid #f0f0f0" }}
                data-testid="notification"
              >
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Space size={4}>
                    {!x.readAt && <Badge status="processing" />}
                    {x.taskId ? (
                      <Link to={`/tasks/${x.taskId}`}>{x.title}</Link>
                    ) : (
                      <Typography.Text>{x.title}</Typography.Text>
                    )}
                  </Space>
                  <Typography.Paragraph
                    type="secondary"
                    ellipsis={{ rows: 2 }}
                    style={{ margin: "2px 0 0", fontSize: 12 }}
                  >
                    {x.body}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                    {x.createdAt ? dayjs(x.createdAt).format("YYYY-MM-DD HH:mm") : ""}
                  </Typography.Text>
                </div>
                {!x.readAt && (
                  <Button size="small" type="link" onClick={() => void act(api.post(`/notifications/${x.id}/read`))}>
                    {m.markRead}
                  </Button>
                )}
              </div>
            ))}
          </div>
        )}
      </PageState>
    </Card>
  );
}
