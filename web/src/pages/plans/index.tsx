// 工作计划: the plans the user sees, with their task counts and red/yellow figures; opens the plan board.
import dayjs from "dayjs";
import { Button, Card, Progress, Space, Table, Tag, Typography } from "antd";
import { CloudUploadOutlined } from "@ant-design/icons";
import { Link, useNavigate } from "react-router";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { StatusTag } from "../../components/status.tsx";
import { useApi } from "../../components/use-api.ts";
import type { PlanSummary } from "./types.ts";

const messages = {
  zh: {
    title: "工作计划",
    subtitle: "每份工作要点导入后成为一份计划；点击标题进入计划看板，分解、交办和跟踪任务。",
    import: "导入工作要点",
    colTitle: "计划名称",
    colYears: "年度",
    colTasks: "任务数",
    colDone: "办结进度",
    colFlags: "红黄灯",
    colCreated: "创建时间",
    colAction: "操作",
    open: "进入看板",
    empty: "还没有工作计划。导入一份工作要点，系统会把它拆成可交办的任务。",
    partial: "仅含与我相关的任务",
    docType_key_points: "工作要点",
    docType_work_plan: "工作计划",
    docType_summary: "工作总结",
    docType_action_plan: "行动方案",
    docType_notice: "通知",
    docType_ledger: "任务台账",
    closedOf: "{closed}/{tasks} 已办结",
  },
  en: {
    title: "Plans",
    subtitle: "Each imported plan document becomes a plan; open its board to break it down, dispatch and follow tasks.",
    import: "Import a plan",
    colTitle: "Plan",
    colYears: "Years",
    colTasks: "Tasks",
    colDone: "Closed",
    colFlags: "Red / yellow",
    colCreated: "Created",
    colAction: "",
    open: "Open board",
    empty: "No plans yet. Import a plan document and it becomes tasks you can dispatch.",
    partial: "only my tasks",
    docType_key_points: "Key points",
    docType_work_plan: "Work plan",
    docType_summary: "Summary",
    docType_action_plan: "Action plan",
    docType_notice: "Notice",
    docType_ledger: "Task ledger",
    closedOf: "{closed}/{tasks} closed",
  },
};

export default function PlansPage() {
  const t = useMessages(messages);
  const { user } = useSession();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApi<{ plans: PlanSummary[] }>("/plans");
  const canImport = user ? ["admin", "leader", "deputy", "staff"].includes(user.role) : false;
  const plans = data?.plans ?? [];

  return (
    <Card
      title={
        <Space orientation="vertical" size={0} style={{ padding: "8px 0" }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t.title}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 13 }}>
            {t.subtitle}
          </Typography.Text>
        </Space>
      }
      extra={
        canImport ? (
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => navigate("/import")}>
            {t.import}
          </Button>
        ) : null
      }
    >
      <PageState loading={loading && !data} error={error} onRetry={reload} empty={!plans.length} emptyText={t.empty}>
        <Table<PlanSummary>
          rowKey="id"
          dataSource={plans}
          pagination={plans.length > 20 ? { pageSize: 20 } : false}
          data-testid="plans-table"
          columns={[
            {
              title: t.colTitle,
              dataIndex: "title",
              render: (_, p) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/plans/${p.id}`}>{p.title}</Link>
                  <Space size={4} wrap>
                    {p.unitName ? <Typography.Text type="secondary">{p.unitName}</Typography.Text> : null}
                    {p.docType ? <Tag>{(t as Record<string, string>)[`docType_${p.docType}`] ?? p.docType}</Tag> : null}
                    {p.docNumber ? <Typography.Text type="secondary">{p.docNumber}</Typography.Text> : null}
                    {!p.whole ? <Tag color="blue">{t.partial}</Tag> : null}
                  </Space>
                </Space>
              ),
            },
            { title: t.colYears, dataIndex: "years", width: 80, render: (y: number[]) => y.join("、") || "—" },
            { title: t.colTasks, width: 84, align: "right", render: (_, p) => p.counts.tasks },
            {
              title: t.colDone,
              width: 180,
              render: (_, p) => (
                <Space orientation="vertical" size={0} style={{ width: "100%" }}>
                  <Progress
                    percent={p.counts.tasks ? Math.round((p.counts.closed / p.counts.tasks) * 100) : 0}
                    size="small"
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmt(t.closedOf, { closed: p.counts.closed, tasks: p.counts.tasks })}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t.colFlags,
              width: 140,
              render: (_, p) => (
                <Space size={4}>
                  <StatusTag color="red" /> {p.counts.red}
                  <StatusTag color="yellow" /> {p.counts.yellow}
                </Space>
              ),
            },
            {
              title: t.colCreated,
              dataIndex: "createdAt",
              width: 110,
              render: (v: string) => (v ? dayjs(v).format("YYYY-MM-DD") : "—"),
            },
            {
              title: t.colAction,
              width: 100,
              render: (_, p) => <Link to={`/plans/${p.id}`}>{t.open}</Link>,
            },
          ]}
        />
      </PageState>
    </Card>
  );
}
