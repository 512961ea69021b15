// A collection round (/data/rounds/:roundId): progress, the forms of the user's subtree as a tree (county
// → township/教管中心 → schools) with status and approval actions, the Excel template round trip
// (download for my schools, fill, upload, row-level errors, all or nothing) and bulk validation.
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { Alert, App, Breadcrumb, Button, Card, Col, Drawer, Input, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import {
  CheckCircleOutlined,
  DownloadOutlined,
  EditOutlined,
  EyeOutlined,
  LockOutlined,
  UnlockOutlined,
} from "@ant-design/icons";
import { api } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { actionsFor, ApprovalButtons, ViolationList } from "./approval.tsx";
import {
  FORM_STATUS,
  FORM_STATUS_COLOR,
  SCHOOL_TYPES,
  UNIT_TYPES,
  label,
  type Progress,
  type Round,
  type RoundUnit,
  type Violation,
} from "./types.ts";
import { ExcelUpload } from "./upload.tsx";

const M = {
  zh: {
    rounds: "数据采集",
    total: "填报单位",
    open: "填报中",
    submitted: "已上报",
    approved: "已审核",
    locked: "已锁定",
    schoolsDone: "学校上报率",
    template: "下载 Excel 模板",
    upload: "上传填好的模板",
    uploaded: "已导入 {schools} 所学校的 {values} 个数据",
    validate: "批量校验",
    validation: "校验结果：已检查 {n} 个单位",
    unit: "单位",
    code: "学校标识码",
    type: "类型",
    status: "状态",
    level: "（{level}审核）",
    township: "乡镇",
    county: "县级",
    submittedAt: "上报时间",
    actions: "操作",
    enter: "填报",
    view: "查看",
    search: "搜索单位",
    due: "截止 {date}",
    roundOpen: "进行中",
    roundClosed: "已关闭",
    close: "关闭轮次",
    reopenRound: "重新开放",
    closeConfirm: "关闭后各单位不能再填报、导入或上报（已填数据仍可查看、审核）。确定关闭“{name}”？",
    reopenConfirm: "重新开放后各单位可以继续填报。确定重新开放“{name}”？",
    closedDone: "采集轮次已关闭",
    reopenedDone: "采集轮次已重新开放",
    closedNote: "本轮采集已关闭：只能查看和审核，不能再填报、导入或上报。",
    overdue: "逾期未报",
    ok: "确定",
    cancel: "取消",
  },
  en: {
    rounds: "Data collection",
    total: "Forms",
    open: "Open",
    submitted: "Submitted",
    approved: "Approved",
    locked: "Locked",
    schoolsDone: "Schools submitted",
    template: "Download Excel template",
    upload: "Upload filled template",
    uploaded: "Imported {values} values for {schools} schools",
    validate: "Validate all",
    validation: "Validation: {n} units checked",
    unit: "Unit",
    code: "School code",
    type: "Type",
    status: "Status",
    level: " ({level})",
    township: "township",
    county: "county",
    submittedAt: "Submitted",
    actions: "Actions",
    enter: "Enter",
    view: "View",
    search: "Search units",
    due: "due {date}",
    roundOpen: "Open",
    roundClosed: "Closed",
    close: "Close round",
    reopenRound: "Re-open round",
    closeConfirm: "Once closed, no unit can enter, upload or submit data (what was entered stays readable and can be approved). Close “{name}”?",
    reopenConfirm: "Units can enter data again. Re-open “{name}”?",
    closedDone: "Round closed",
    reopenedDone: "Round re-opened",
    closedNote: "This round is closed: data can be viewed and approved, not entered, uploaded or submitted.",
    overdue: "Overdue",
    ok: "OK",
    cancel: "Cancel",
  },
};

/** County staff and the admin run rounds (close / re-open); the server decides (requireCountyWriter). */
const ROUND_ADMINS = new Set(["admin", "staff"]);

interface Row extends RoundUnit {
  children?: Row[];
}

/** Nest the forms by path: each under its nearest ancestor that has a form in the round. */
function nest(units: RoundUnit[]): Row[] {
  const byId = new Map<number, Row>(units.map((u) => [u.orgUnitId, { ...u }]));
  const roots: Row[] = [];
  for (const u of units) {
    const row = byId.get(u.orgUnitId)!;
    const ids = u.path.split("/").filter(Boolean).map(Number);
    let parent: Row | undefined;
    for (let i = ids.length - 2; i >= 0 && !parent; i--) parent = byId.get(ids[i]!);
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

export default function RoundPage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const roundId = Number(useParams().roundId);
  const { data, error, loading, reload } = useApi<{ round: Round; progress: Progress; units: RoundUnit[] }>(
    `/rounds/${roundId}`,
  );
  const [q, setQ] = useState("");
  const [validation, setValidation] = useState<null | { unitsChecked: number; violations: Violation[] }>(null);
  const [validating, setValidating] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const elements = useApi<{ elements: { code: string; name: string }[] }>(validation ? "/data-elements" : null);
  const names = useMemo(() => new Map((elements.data?.elements ?? []).map((e) => [e.code, e.name])), [elements.data]);

  const rows = useMemo(() => {
    const units = (data?.units ?? []).filter((u) => !q || u.name.includes(q) || (u.schoolCode ?? "").includes(q));
    return q ? units : nest(units);
  }, [data, q]);
  const expandedKeys = useMemo(() => (data?.units ?? []).filter((u) => u.type !== "school").map((u) => u.orgUnitId), [data]);

  const validate = async () => {
    setValidating(true);
    try {
      setValidation(await api.get<{ unitsChecked: number; violations: Violation[] }>(`/rounds/${roundId}/validation`));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setValidating(false);
    }
  };
  const template = async () => {
    setDownloading(true);
    try {
      await api.download(`/rounds/${roundId}/template`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setDownloading(false);
    }
  };

  const setStatus = (to: "close" | "reopen") => {
    if (!data) return;
    const r = data.round;
    modal.confirm({
      title: to === "close" ? m.close : m.reopenRound,
      content: fmt(to === "close" ? m.closeConfirm : m.reopenConfirm, { name: r.name }),
      okText: m.ok,
      cancelText: m.cancel,
      okButtonProps: { danger: to === "close" },
      onOk: async () => {
        try {
          await api.post(`/rounds/${roundId}/${to}`, { version: r.version });
          void message.success(to === "close" ? m.closedDone : m.reopenedDone);
        } catch (e) {
          void message.error(e instanceof Error ? e.message : String(e));
        }
        reload();
      },
    });
  };

  const p = data?.progress;
  const round = data?.round;
  const closed = round?.status === "closed";
  return (
    <PageState loading={loading && !data} error={error} onRetry={reload}>
      {round && p ? (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Card styles={{ body: { padding: "12px 24px" } }}>
            <Breadcrumb items={[{ title: <Link to="/data/rounds">{m.rounds}</Link> }, { title: round.name }]} />
            <Row align="middle" justify="space-between" style={{ marginTop: 8 }} gutter={16}>
              <Col>
                <Space align="baseline">
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {round.name}
                  </Typography.Title>
                  <Typography.Text type="secondary">
                    {round.dataSetName} · {round.period} · {fmt(m.due, { date: round.dueOn })}
                  </Typography.Text>
                  <Tag color={closed ? "default" : "processing"} data-testid="round-status">
                    {closed ? m.roundClosed : m.roundOpen}
                  </Tag>
                </Space>
              </Col>
              <Col>
                <Space wrap>
                  <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void template()}>
                    {m.template}
                  </Button>
                  {!closed && user.role !== "observer" && user.role !== "inspector" && user.role !== "leader" && user.role !== "deputy" ? (
                    <ExcelUpload<{ schools: number; values: number }>
                      path={`/rounds/${roundId}/upload`}
                      label={m.upload}
                      testId="round-upload"
                      onDone={(r) => {
                        void message.success(fmt(m.uploaded, { schools: r.schools, values: r.values }));
                        reload();
                      }}
                    />
                  ) : null}
                  <Button icon={<CheckCircleOutlined />} loading={validating} onClick={() => void validate()} data-testid="round-validate">
                    {m.validate}
                  </Button>
                  {ROUND_ADMINS.has(user.role) ? (
                    closed ? (
                      <Button icon={<UnlockOutlined />} onClick={() => setStatus("reopen")} data-testid="round-reopen">
                        {m.reopenRound}
                      </Button>
                    ) : (
                      <Button danger icon={<LockOutlined />} onClick={() => setStatus("close")} data-testid="round-close">
                        {m.close}
                      </Button>
                    )
                  ) : null}
                </Space>
              </Col>
            </Row>
            {closed ? <Alert type="warning" showIcon title={m.closedNote} style={{ marginTop: 12 }} data-testid="round-closed-note" /> : null}
            <Row gutter={24} style={{ marginTop: 12 }} data-testid="round-progress">
              {(
                [
                  [m.total, p.total],
                  [m.open, p.open],
                  [m.submitted, p.submitted],
                  [m.approved, p.approved],
                  [m.locked, p.locked],
                ] as const
              ).map(([t, v]) => (
                <Col key={t}>
                  <Statistic title={t} value={v} />
                </Col>
              ))}
              {p.overdue ? (
                <Col>
                  <Statistic title={m.overdue} value={p.overdue} styles={{ content: { color: "#cf1322" } }} />
                </Col>
              ) : null}
              <Col>
                <Statistic
                  title={m.schoolsDone}
                  value={p.schools ? Math.round((p.schoolsDone / p.schools) * 100) : 0}
                  suffix={`% (${p.schoolsDone}/${p.schools})`}
                />
              </Col>
            </Row>
          </Card>
          <Card
            size="small"
            extra={<Input.Search size="small" allowClear placeholder={m.search} style={{ width: 220 }} onChange={(e) => setQ(e.target.value.trim())} />}
          >
            <Table<Row>
              rowKey="orgUnitId"
              size="small"
              dataSource={rows}
              data-testid="round-units"
              pagination={false}
              expandable={{ defaultExpandedRowKeys: expandedKeys }}
              scroll={{ y: 520 }}
              columns={[
                {
                  title: m.unit,
                  dataIndex: "name",
                  render: (v: string, u) => <Link to={`/data/rounds/${roundId}/units/${u.orgUnitId}`}>{v}</Link>,
                },
                { title: m.code, dataIndex: "schoolCode", width: 110, render: (v: string | null) => v ?? "" },
                {
                  title: m.type,
                  width: 100,
                  render: (_, u) =>
                    u.type === "school" ? label(SCHOOL_TYPES, u.schoolType, locale) : label(UNIT_TYPES, u.type, locale),
                },
                {
                  title: m.status,
                  dataIndex: "status",
                  width: 190,
                  render: (s: RoundUnit["status"], u) => (
                    <span data-testid={`status-${u.orgUnitId}`}>
                      <Tag color={FORM_STATUS_COLOR[s]}>{label(FORM_STATUS, s, locale)}</Tag>
                      {u.overdue ? (
                        <Tag color="red" data-testid={`overdue-${u.orgUnitId}`}>
                          {m.overdue}
                        </Tag>
                      ) : null}
                      {u.approvalLevel && s !== "open" ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {fmt(m.level, { level: u.approvalLevel === "county" ? m.county : m.township })}
                        </Typography.Text>
                      ) : null}
                    </span>
                  ),
                },
                {
                  title: m.submittedAt,
                  dataIndex: "submittedAt",
                  width: 110,
                  render: (v: string | null) => (v ? v.slice(0, 10) : ""),
                },
                {
                  title: m.actions,
                  width: 230,
                  render: (_, u) => (
                    <Space size={4}>
                      <Link to={`/data/rounds/${roundId}/units/${u.orgUnitId}`}>
                        {u.status === "open" && !closed ? <EditOutlined /> : <EyeOutlined />} {u.status === "open" && !closed ? m.enter : m.view}
                      </Link>
                      <ApprovalButtons
                        roundId={roundId}
                        unitId={u.orgUnitId}
                        unitName={u.name}
                        actions={actionsFor(user, u.orgUnitId, u.status).filter((a) => a !== "submit")}
                        onDone={reload}
                      />
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
          <Drawer
            open={validation !== null}
            onClose={() => setValidation(null)}
            size={560}
            title={validation ? fmt(m.validation, { n: validation.unitsChecked }) : ""}
          >
            {validation ? <ViolationList violations={validation.violations} showUnit names={names} /> : null}
          </Drawer>
        </Space>
      ) : null}
    </PageState>
  );
}
