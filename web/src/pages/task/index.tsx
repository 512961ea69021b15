// 任务详情 (/tasks/:taskId): what the task is (text, source, targets with achieved figures), who does it
// by when (assignment, milestones), where it stands (亮灯, state) with only the actions the user may take
// now, its progress reports with evidence and their review, 督办单, 催办 and the audit trail.
import { useState } from "react";
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Modal,
  Progress,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from "antd";
import { AlertOutlined, BellOutlined, BulbOutlined, EditOutlined, FileProtectOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, Navigate, useParams } from "react-router";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { TaskIndicators } from "../indicators/task-panel.tsx";
import {
  REASON_REQUIRED,
  StateTag,
  StatusTag,
  actionName,
  cadenceName,
  colorMark,
  numbered,
  reasonText,
  stateName,
  type StatusColor,
} from "../../components/status.tsx";
import { useApi } from "../../components/use-api.ts";
import type { AuditEvent, BoardExtras, TaskDetail, TaskSupervision } from "../plans/types.ts";
import { AssignModal } from "./assign.tsx";
import { IssueOrderModal, OrdersList, UrgeModal } from "./orders.tsx";
import { OverrideModal } from "./override.tsx";
import { ReportForm, ReportList } from "./reports.tsx";

const messages = {
  zh: {
    plans: "工作计划",
    body: "任务内容",
    source: "原文",
    noBody: "（无正文）",
    targets: "量化目标",
    indicator: "指标",
    target: "目标值",
    achieved: "已达成",
    result: "达成情况",
    met: "达标",
    notMet: "未达标",
    notReported: "未填报",
    assignment: "交办信息",
    lead: "牵头单位",
    co: "配合单位",
    deputy: "分管领导",
    deadline: "完成时限",
    cadence: "报送频次",
    milestones: "节点",
    dispatchedAt: "交办时间",
    lastReport: "最近报送",
    reportDue: "下次报送",
    escalation: "升级",
    escalation1: "已升级至分管领导",
    escalation2: "已升级至主要领导",
    notSet: "未设",
    editAssign: "交办设置",
    reports: "进展报告",
    orders: "督办单",
    audit: "办理记录",
    noAudit: "暂无记录",
    urge: "催办",
    issueOrder: "下发督办单",
    override: "调整亮灯",
    progress: "进度",
    reasonLabel: "理由",
    reasonOptional: "说明（可选）",
    completionText: "办结说明（将作为办结申请报告）",
    confirm: "确定",
    cancel: "取消",
    done: "已{action}",
    stale: "该任务已被他人修改",
    staleBody: "您看到的是旧数据。刷新后再操作。",
    reload: "刷新",
    reasonRequired: "请填写理由",
    reached: "已完成",
    pending: "未完成",
    overridden: "人工调整",
    computed: "按规则",
    orderRequired: "",
    a_dispatch: "交办任务",
    a_accept: "签收",
    a_decline: "拒收",
    a_request_completion: "申请办结",
    a_approve: "办结销号",
    a_return: "退回",
    a_reopen: "重新办理",
    a_assigned: "设置交办信息",
    a_created: "创建任务",
    a_edited: "修改任务",
    a_escalated: "逾期升级",
    a_escalation_reset: "升级解除",
    a_status_override: "人工调整亮灯",
    overrideTo: "调整为{c}灯",
    overrideCleared: "恢复按规则亮灯",
    a_urge: "催办",
    a_report_filed: "报送进展",
    a_report_accepted: "审核通过进展报告",
    a_report_returned: "退回进展报告",
    a_order_issued: "下发督办单",
    a_order_responded: "反馈督办单",
    a_order_closed: "办结督办单",
    system: "系统",
  },
  en: {
    plans: "Plans",
    body: "Task",
    source: "Source text",
    noBody: "(no text)",
    targets: "Targets",
    indicator: "Indicator",
    target: "Target",
    achieved: "Achieved",
    result: "Result",
    met: "met",
    notMet: "not met",
    notReported: "not reported",
    assignment: "Assignment",
    lead: "Lead unit",
    co: "Co-units",
    deputy: "Deputy head",
    deadline: "Deadline",
    cadence: "Cadence",
    milestones: "Milestones",
    dispatchedAt: "Dispatched",
    lastReport: "Last report",
    reportDue: "Next report",
    escalation: "Escalation",
    escalation1: "escalated to the deputy head",
    escalation2: "escalated to the bureau head",
    notSet: "not set",
    editAssign: "Assign",
    reports: "Progress reports",
    orders: "Supervision orders",
    audit: "History",
    noAudit: "Nothing yet",
    urge: "Urge",
    issueOrder: "Issue order",
    override: "Set colour",
    progress: "Progress",
    reasonLabel: "Reason",
    reasonOptional: "Note (optional)",
    completionText: "Completion note (filed as the completion report)",
    confirm: "OK",
    cancel: "Cancel",
    done: "{action}: done",
    stale: "Someone else changed this task",
    staleBody: "You are looking at old data. Reload, then try again.",
    reload: "Reload",
    reasonRequired: "A reason is required",
    reached: "reached",
    pending: "pending",
    overridden: "manual",
    computed: "by the rule",
    orderRequired: "",
    a_dispatch: "Dispatched",
    a_accept: "Accepted",
    a_decline: "Declined",
    a_request_completion: "Requested completion",
    a_approve: "Closed",
    a_return: "Sent back",
    a_reopen: "Reopened",
    a_assigned: "Assignment set",
    a_created: "Created",
    a_edited: "Edited",
    a_escalated: "Escalated",
    a_escalation_reset: "Escalation reset",
    a_status_override: "Status overridden",
    overrideTo: "set to {c}",
    overrideCleared: "back to the rule",
    a_urge: "Urged",
    a_report_filed: "Progress reported",
    a_report_accepted: "Report accepted",
    a_report_returned: "Report sent back",
    a_order_issued: "Order issued",
    a_order_responded: "Order answered",
    a_order_closed: "Order closed",
    system: "system",
  },
};

type M = (typeof messages)["zh"];

function auditLabel(e: AuditEvent, t: M): string {
  const key = `a_${e.action
    .replace(/^task\./u, "")
    .replace(/^supervision_order\./u, "order_")
    .replace(/\./gu, "_")}`;
  return (t as Record<string, string>)[key] ?? e.action;
}

function auditDetail(e: AuditEvent, t: M, locale: "zh" | "en"): string {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (typeof after.state === "string" && typeof before.state === "string" && after.state !== before.state)
    return `${stateName(before.state, locale)} → ${stateName(after.state, locale)}`;
  if (e.action === "task.assigned" && after.deadline) return `${t.deadline} ${String(after.deadline)}`;
  if (e.action === "task.status_override")
    return typeof after.statusOverride === "string"
      ? fmt(t.overrideTo, { c: colorMark(after.statusOverride as StatusColor, locale) })
      : t.overrideCleared;
  if (e.action === "task.escalated") {
    const level = Number(after.level ?? after.escalationLevel ?? 0);
    return level >= 2 ? t.escalation2 : level === 1 ? t.escalation1 : "";
  }
  return "";
}

export default function TaskPage() {
  const { taskId } = useParams();
  const t = useMessages(messages);
  const { locale } = useLocale();
  const { user } = useSession();
  const { modal, message } = App.useApp();
  const detail = useApi<TaskDetail>(`/tasks/${taskId}`);
  const sup = useApi<TaskSupervision>(`/tasks/${taskId}/supervision`);
  const audit = useApi<{ events: AuditEvent[] }>(`/tasks/${taskId}/audit`);
  const extras = useApi<BoardExtras>(detail.data ? `/plans/${detail.data.planId}/board` : null);
  const [acting, setActing] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [assignOpen, setAssignOpen] = useState(false);
  const [urgeOpen, setUrgeOpen] = useState(false);
  const [orderOpen, setOrderOpen] = useState(false);
  const [overrideOpen, setOverrideOpen] = useState(false);

  const reloadAll = () => {
    detail.reload();
    sup.reload();
    audit.reload();
  };

  const stale = () =>
    modal.warning({
      title: t.stale,
      content: t.staleBody,
      okText: t.reload,
      onOk: reloadAll,
    });

  const act = async () => {
    if (!acting || !sup.data) return;
    if (REASON_REQUIRED.has(acting) && !reason.trim()) {
      message.error(t.reasonRequired);
      return;
    }
    setBusy(true);
    try {
      await api.post(`/tasks/${taskId}/transitions`, {
        action: acting,
        version: sup.data.version,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      message.success(fmt(t.done, { action: actionName(acting, locale) }));
      setActing(null);
      setReason("");
      reloadAll();
    } catch (e) {
      if (e instanceof ApiError && e.code === "STALE_VERSION") {
        setActing(null);
        stale();
      } else message.error(e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));
    } finally {
      setBusy(false);
    }
  };

  const k = detail.data;
  const s = sup.data;
  // a section (篇章) has no page of its own: its tasks are on the plan board
  if (k?.kind === "section") return <Navigate to={`/plans/${k.planId}`} replace />;
  const error = detail.error ?? (k ? sup.error : null);
  const under = s ? ["assigned", "accepted", "completion_requested"].includes(s.state) : false;
  const deputyName = k?.deputy?.displayName ?? (k?.deputyUserId ? `#${k.deputyUserId}` : null);

  return (
    <PageState loading={(detail.loading && !k) || (sup.loading && !s)} error={error} onRetry={reloadAll}>
      {k && s ? (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Card>
            <Breadcrumb
              items={[
                { title: <Link to="/plans">{t.plans}</Link> },
                { title: <Link to={`/plans/${k.planId}`}>{k.planTitle}</Link> },
                { title: k.title.length > 24 ? `${k.title.slice(0, 24)}…` : k.title },
              ]}
            />
            <Row gutter={24} style={{ marginTop: 8 }} align="top" wrap={false}>
              <Col flex="auto">
                <Space size={8} wrap>
                  <StatusTag color={s.status.color} reason={s.status.reason} overridden={s.status.overridden} />
                  <StateTag state={s.state} />
                  {s.status.escalationLevel ? (
                    <Tag color="volcano" icon={<AlertOutlined />}>
                      {s.status.escalationLevel >= 2 ? t.escalation2 : t.escalation1}
                    </Tag>
                  ) : null}
                </Space>
                <Typography.Title level={4} style={{ margin: "8px 0 4px" }} data-testid="task-title">
                  {numbered(k.num, k.title, k.marker)}
                </Typography.Title>
                {s.status.reason ? (
                  <Typography.Text
                    type={s.status.color === "red" ? "danger" : s.status.color === "yellow" ? "warning" : "secondary"}
                    data-testid="status-reason"
                  >
                    {reasonText(s.status.reason, locale)}
                    {s.status.overridden
                      ? `（${t.computed}：${colorMark(s.status.computed.color, locale)} · ${reasonText(s.status.computed.reason, locale)}）`
                      : ""}
                  </Typography.Text>
                ) : null}
              </Col>
              <Col flex="none" style={{ width: 200 }}>
                <Typography.Text type="secondary">{t.progress}</Typography.Text>
                <Progress
                  percent={s.progress}
                  status={s.state === "closed" ? "success" : "normal"}
                  strokeColor={s.state === "closed" ? undefined : s.status.color === "red" ? "#f5222d" : undefined}
                />
              </Col>
            </Row>
            <Space wrap style={{ marginTop: 12 }} data-testid="task-actions">
              {s.actions.map((a) => (
                <Button
                  key={a}
                  type={["dispatch", "accept", "request_completion", "approve"].includes(a) ? "primary" : "default"}
                  danger={a === "decline" || a === "return"}
                  onClick={() => {
                    setReason("");
                    setActing(a);
                  }}
                  data-testid={`action-${a}`}
                >
                  {actionName(a, locale)}
                </Button>
              ))}
              {k.canEdit && s.state !== "closed" && extras.data ? (
                <Button icon={<EditOutlined />} onClick={() => setAssignOpen(true)} data-testid="edit-assignment">
                  {t.editAssign}
                </Button>
              ) : null}
              {s.can.urge && under ? (
                <Button icon={<BellOutlined />} onClick={() => setUrgeOpen(true)} data-testid="urge">
                  {t.urge}
                </Button>
              ) : null}
              {s.can.override && s.state !== "closed" && s.state !== "draft" ? (
                <Button icon={<BulbOutlined />} onClick={() => setOverrideOpen(true)} data-testid="override">
                  {t.override}
                </Button>
              ) : null}
              {s.can.issueOrder && under ? (
                <Button icon={<FileProtectOutlined />} onClick={() => setOrderOpen(true)} data-testid="issue-order">
                  {t.issueOrder}
                </Button>
              ) : null}
            </Space>
          </Card>

          <Row gutter={16} wrap={false}>
            <Col flex="auto" style={{ minWidth: 0 }}>
              <Space orientation="vertical" size={16} style={{ width: "100%" }}>
                <Card title={t.body} size="small">
                  <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 8 }}>
                    {k.body || t.noBody}
                  </Typography.Paragraph>
                  {k.targets.length ? (
                    <>
                      <Typography.Title level={5}>{t.targets}</Typography.Title>
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={k.targets}
                        data-testid="targets"
                        columns={[
                          {
                            title: t.indicator,
                            render: (_, g) => (
                              <span title={g.source?.text ?? undefined}>
                                {g.indicator}
                                {g.year ? `（${g.year}）` : ""}
                              </span>
                            ),
                          },
                          { title: t.target, width: 110, render: (_, g) => `${g.qualifier ?? ""}${g.value}${g.unit}` },
                          {
                            title: t.achieved,
                            width: 110,
                            render: (_, g) => (g.achieved === null ? "—" : `${g.achieved}${g.unit}`),
                          },
                          {
                            title: t.result,
                            width: 170,
                            render: (_, g) =>
                              g.achieved === null ? (
                                <Tag>{t.notReported}</Tag>
                              ) : (
                                <Space size={6}>
                                  <Tag color={g.achieved >= g.value ? "success" : "warning"}>
                                    {g.achieved >= g.value ? t.met : t.notMet}
                                  </Tag>
                                  <Progress
                                    percent={g.value ? Math.min(100, Math.round((g.achieved / g.value) * 100)) : 0}
                                    size="small"
                                    style={{ width: 80, margin: 0 }}
                                  />
                                </Space>
                              ),
                          },
                        ]}
                      />
                    </>
                  ) : null}
                </Card>

                <TaskIndicators taskId={k.id} onChanged={reloadAll} />

                <Card title={`${t.reports}（${s.reports.length}）`} size="small" data-testid="reports-card">
                  {s.can.report ? <ReportForm task={k} onDone={reloadAll} /> : null}
                  <ReportList reports={s.reports} task={k} canReview={s.can.review} onChanged={reloadAll} />
                </Card>
              </Space>
            </Col>
            <Col flex="none" style={{ width: 380 }}>
              <Space orientation="vertical" size={16} style={{ width: "100%" }}>
                <Card title={t.assignment} size="small">
                  <Descriptions
                    size="small"
                    column={1}
                    data-testid="assignment"
                    items={[
                      {
                        key: "lead",
                        label: t.lead,
                        children: k.leadUnit?.name ?? <Typography.Text type="secondary">{t.notSet}</Typography.Text>,
                      },
                      { key: "co", label: t.co, children: k.coUnits.map((c) => c.name).join("、") || "—" },
                      { key: "dep", label: t.deputy, children: deputyName ?? "—" },
                      {
                        key: "dl",
                        label: t.deadline,
                        children: k.deadline ?? <Typography.Text type="secondary">{t.notSet}</Typography.Text>,
                      },
                      { key: "cad", label: t.cadence, children: cadenceName(k.cadence, locale) },
                      ...(s.assignedAt
                        ? [
                            {
                              key: "at",
                              label: t.dispatchedAt,
                              children: dayjs(s.assignedAt).format("YYYY-MM-DD HH:mm"),
                            },
                          ]
                        : []),
                      ...(s.lastReportAt
                        ? [
                            {
                              key: "lr",
                              label: t.lastReport,
                              children: dayjs(s.lastReportAt).format("YYYY-MM-DD HH:mm"),
                            },
                          ]
                        : []),
                      ...(s.status.reportDueOn && under
                        ? [{ key: "rd", label: t.reportDue, children: s.status.reportDueOn }]
                        : []),
                      {
                        key: "ms",
                        label: t.milestones,
                        children: k.milestones.length ? (
                          <Space orientation="vertical" size={0}>
                            {k.milestones.map((m) => (
                              <span key={m.id}>
                                <span style={{ color: m.reachedAt ? "#1677ff" : "#8c8c8c" }}>
                                  {m.reachedAt ? "◆" : "◇"}
                                </span>{" "}
                                {m.dueOn} {m.title}
                                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                  （{m.reachedAt ? t.reached : t.pending}）
                                </Typography.Text>
                              </span>
                            ))}
                          </Space>
                        ) : (
                          "—"
                        ),
                      },
                    ]}
                  />
                </Card>
                {s.orders.length || s.can.issueOrder ? (
                  <Card title={`${t.orders}（${s.orders.length}）`} size="small">
                    <OrdersList
                      orders={s.orders}
                      today={extras.data?.today ?? null}
                      canRespond={!!user && k.leadUnit?.id === user.orgUnitId}
                      canClose={s.can.issueOrder}
                      onChanged={reloadAll}
                    />
                  </Card>
                ) : null}
                <Card title={t.audit} size="small" data-testid="audit">
                  <PageState loading={audit.loading && !audit.data} error={audit.error} onRetry={audit.reload}>
                    {audit.data?.events.length ? (
                      <Timeline
                        style={{ marginTop: 8 }}
                        items={audit.data.events.map((e) => {
                          const detailText = auditDetail(e, t, locale);
                          return {
                            key: e.id,
                            color: /return|decline|escalat/u.test(e.action)
                              ? "red"
                              : /approve|accepted/u.test(e.action)
                                ? "green"
                                : "blue",
                            content: (
                              <div>
                                <Typography.Text strong>{auditLabel(e, t)}</Typography.Text>
                                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                                  {e.actorName ?? t.system} · {dayjs(e.at).format("MM-DD HH:mm")}
                                </Typography.Text>
                                {detailText ? <div style={{ fontSize: 12 }}>{detailText}</div> : null}
                                {e.reason ? (
                                  <div style={{ fontSize: 12, color: "#8c8c8c" }}>
                                    {t.reasonLabel}：{e.reason}
                                  </div>
                                ) : null}
                              </div>
                            ),
                          };
                        })}
                      />
                    ) : (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noAudit} />
                    )}
                  </PageState>
                </Card>
              </Space>
            </Col>
          </Row>

          <Modal
            open={acting !== null}
            title={acting ? `${actionName(acting, locale)}：${k.title}` : ""}
            okText={t.confirm}
            cancelText={t.cancel}
            confirmLoading={busy}
            okButtonProps={{
              danger: acting === "decline" || acting === "return",
              disabled: !!acting && REASON_REQUIRED.has(acting) && !reason.trim(),
            }}
            onOk={() => void act()}
            onCancel={() => setActing(null)}
            destroyOnHidden
          >
            {acting && REASON_REQUIRED.has(acting) ? (
              <Alert type="warning" showIcon title={t.reasonRequired} style={{ marginBottom: 8 }} />
            ) : null}
            <Typography.Text>
              {acting && REASON_REQUIRED.has(acting)
                ? t.reasonLabel
                : acting === "request_completion"
                  ? t.completionText
                  : t.reasonOptional}
            </Typography.Text>
            <Input.TextArea
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={2000}
              data-testid="action-reason"
            />
          </Modal>
          {extras.data && k.canEdit ? (
            <AssignModal
              open={assignOpen}
              task={k}
              extras={extras.data}
              onClose={() => setAssignOpen(false)}
              onDone={() => {
                setAssignOpen(false);
                reloadAll();
              }}
              onError={() => {
                setAssignOpen(false);
                stale();
              }}
            />
          ) : null}
          <OverrideModal
            open={overrideOpen}
            taskId={k.id}
            sup={s}
            onClose={() => setOverrideOpen(false)}
            onDone={() => {
              setOverrideOpen(false);
              reloadAll();
            }}
          />
          <UrgeModal task={urgeOpen ? k : null} onClose={() => setUrgeOpen(false)} onDone={audit.reload} />
          <IssueOrderModal
            task={orderOpen ? { id: k.id, title: k.title, reason: s.status.reason } : null}
            today={extras.data?.today}
            onClose={() => setOrderOpen(false)}
            onDone={() => {
              setOrderOpen(false);
              reloadAll();
            }}
          />
        </Space>
      ) : null}
    </PageState>
  );
}
