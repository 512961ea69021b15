// The entry grid of one unit in a round (/data/rounds/:roundId/units/:unitId): one row per data element
// of the unit's form, one number box per category (年级, 男/女 …) and the element's total; save sends the
// changed cells (PUT …/values); the rule violations come back and are shown on the rows they involve and
// in a list. A submitted/approved/locked form is read-only. Submit, approve, return, reopen, history.
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  InputNumber,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from "antd";
import { InfoCircleOutlined, LockOutlined, SaveOutlined } from "@ant-design/icons";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSession } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { actionsFor, ApprovalButtons, ViolationList } from "./approval.tsx";
import {
  APPROVAL_ACTIONS,
  FORM_STATUS,
  FORM_STATUS_COLOR,
  SCHOOL_TYPES,
  UNIT_TYPES,
  label,
  type EntryElement,
  type EntryForm,
  type HistoryEntry,
  type Violation,
} from "./types.ts";

const M = {
  zh: {
    rounds: "数据采集",
    save: "保存",
    saved: "已保存 {n} 个数据",
    nothing: "没有修改",
    unsaved: "有 {n} 处未保存的修改",
    element: "数据项",
    values: "填报数",
    total: "合计",
    unit: "单位",
    locked: "本表{status}，数据已锁定为只读。如需修改，请联系审核单位重新打开。",
    readonly: "您可以查看本表，但不能修改。",
    roundClosed: "本轮采集已关闭，只能查看，不能再填报或上报。",
    history: "审核记录",
    noHistory: "暂无记录",
    invalid: "有 {n} 个数据不合规，未保存",
    ruleHit: "涉及校验规则：{rules}",
    empty: "本单位在此轮次没有需要填报的数据项",
  },
  en: {
    rounds: "Data collection",
    save: "Save",
    saved: "Saved {n} values",
    nothing: "No changes",
    unsaved: "{n} unsaved changes",
    element: "Data element",
    values: "Values",
    total: "Total",
    unit: "Unit",
    locked: "This form is {status}: read only. Ask the approving unit to reopen it to change data.",
    readonly: "You may read this form but not change it.",
    roundClosed: "This collection round is closed: read only, no more entry or submission.",
    history: "Approval history",
    noHistory: "No entries yet",
    invalid: "{n} values are invalid; nothing saved",
    ruleHit: "Validation rules involved: {rules}",
    empty: "This unit has nothing to enter in this round",
  },
};

const key = (elementId: number, category: string) => `${elementId}|${category}`;
const CODE_RE = /[A-Z][A-Z0-9_]*/gu;

export default function EntryPage() {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { user } = useSession();
  const { message } = App.useApp();
  const params = useParams();
  const roundId = Number(params.roundId);
  const unitId = Number(params.unitId);
  const form = useApi<EntryForm>(`/rounds/${roundId}/units/${unitId}/values`);
  const history = useApi<{ history: HistoryEntry[] }>(`/rounds/${roundId}/units/${unitId}/history`);
  const [draft, setDraft] = useState<Map<string, number | null>>(new Map());
  const [violations, setViolations] = useState<Violation[]>([]);
  const [cellErrors, setCellErrors] = useState<Map<string, string>>(new Map());
  const [saving, setSaving] = useState(false);

  const stored = useMemo(() => {
    const s = new Map<string, number>();
    for (const v of form.data?.values ?? []) s.set(key(v.elementId, v.category), Number(v.value));
    return s;
  }, [form.data]);
  useEffect(() => {
    setDraft(new Map());
    setCellErrors(new Map());
    setViolations(form.data?.violations ?? []);
  }, [form.data]);

  const valueOf = (e: EntryElement, c: string): number | null => {
    const k = key(e.id, c);
    return draft.has(k) ? draft.get(k)! : (stored.get(k) ?? null);
  };
  const changed = [...draft.entries()].filter(([k, v]) => (stored.get(k) ?? null) !== v);
  /** Element code → the rules it is involved in that fail. */
  const hits = useMemo(() => {
    const out = new Map<string, Violation[]>();
    for (const v of violations)
      for (const code of new Set([...(v.left.match(CODE_RE) ?? []), ...(v.right.match(CODE_RE) ?? [])]))
        out.set(code, [...(out.get(code) ?? []), v]);
    return out;
  }, [violations]);

  const save = async (): Promise<boolean> => {
    if (!changed.length) {
      return true;
    }
    setSaving(true);
    try {
      const values = changed.map(([k, v]) => {
        const [elementId, category] = k.split("|") as [string, string];
        return { elementId: Number(elementId), category, value: v };
      });
      const r = await api.put<{ saved: number; violations: Violation[] }>(`/rounds/${roundId}/units/${unitId}/values`, {
        values,
      });
      void message.success(fmt(m.saved, { n: r.saved }));
      setCellErrors(new Map());
      form.reload();
      setViolations(r.violations);
      return true;
    } catch (e) {
      const cells = e instanceof ApiError ? (e.details as { cells?: { elementId: number; category: string; message: string }[] })?.cells : undefined;
      if (cells?.length) {
        setCellErrors(new Map(cells.map((c) => [key(c.elementId, c.category), c.message])));
        void message.error(fmt(m.invalid, { n: cells.length }));
      } else void message.error(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const names = useMemo(() => new Map((form.data?.elements ?? []).map((e) => [e.code, e.name])), [form.data]);
  const d = form.data;
  const editable = !!d?.editable;
  const actions = d ? actionsFor(user, unitId, d.status) : [];
  return (
    <PageState loading={form.loading && !d} error={form.error} onRetry={form.reload}>
      {d ? (
        <Space orientation="vertical" size={16} style={{ width: "100%" }}>
          <Card styles={{ body: { padding: "12px 24px" } }}>
            <Breadcrumb
              items={[
                { title: <Link to="/data/rounds">{m.rounds}</Link> },
                { title: <Link to={`/data/rounds/${roundId}`}>{d.round.name}</Link> },
                { title: d.unit.name },
              ]}
            />
            <Row align="middle" justify="space-between" style={{ marginTop: 8 }} gutter={16}>
              <Col>
                <Space align="center" wrap>
                  <Typography.Title level={4} style={{ margin: 0 }}>
                    {d.unit.name}
                  </Typography.Title>
                  <Typography.Text type="secondary">
                    {d.unit.type === "school"
                      ? `${d.unit.schoolCode ?? ""} ${label(SCHOOL_TYPES, d.unit.schoolType, locale)}`
                      : label(UNIT_TYPES, d.unit.type, locale)}
                  </Typography.Text>
                  <Tag color={FORM_STATUS_COLOR[d.status]} data-testid="entry-status">
                    {d.status !== "open" ? <LockOutlined /> : null} {label(FORM_STATUS, d.status, locale)}
                  </Tag>
                </Space>
              </Col>
              <Col>
                <Space>
                  {changed.length ? <Typography.Text type="warning">{fmt(m.unsaved, { n: changed.length })}</Typography.Text> : null}
                  {editable ? (
                    <Button
                      type="primary"
                      icon={<SaveOutlined />}
                      loading={saving}
                      disabled={!changed.length}
                      onClick={() => void save()}
                      data-testid="entry-save"
                    >
                      {m.save}
                    </Button>
                  ) : null}
                  <ApprovalButtons
                    roundId={roundId}
                    unitId={unitId}
                    unitName={d.unit.name}
                    actions={actions.filter((a) => a !== "submit" || editable)}
                    size="middle"
                    beforeSubmit={save}
                    onDone={() => {
                      form.reload();
                      history.reload();
                    }}
                  />
                </Space>
              </Col>
            </Row>
          </Card>
          {!editable ? (
            <Alert
              type={d.status === "open" ? "info" : "warning"}
              showIcon
              icon={d.status === "open" ? undefined : <LockOutlined />}
              title={
                d.round.status === "closed"
                  ? m.roundClosed
                  : d.status === "open"
                    ? m.readonly
                    : fmt(m.locked, { status: label(FORM_STATUS, d.status, locale) })
              }
              data-testid="entry-locked"
            />
          ) : null}
          <Row gutter={16} wrap={false}>
            <Col flex="1" style={{ minWidth: 0 }}>
              <Card size="small" styles={{ body: { padding: 0 } }}>
                <PageState empty={!d.elements.length} emptyText={m.empty}>
                  <Table<EntryElement>
                    rowKey="id"
                    size="small"
                    dataSource={d.elements}
                    pagination={false}
                    data-testid="entry-grid"
                    scroll={{ y: 560 }}
                    rowClassName={(e) => (hits.has(e.code) ? "entry-row-violation" : "")}
                    columns={[
                      {
                        title: m.element,
                        width: 230,
                        render: (_, e) => {
                          const hit = hits.get(e.code);
                          return (
                            <Space orientation="vertical" size={0}>
                              <Space size={4}>
                                <Typography.Text strong={!!hit} type={hit?.some((v) => v.importance === "error") ? "danger" : undefined}>
                                  {e.name}
                                </Typography.Text>
                                {e.description ? (
                                  <Tooltip title={e.description}>
                                    <InfoCircleOutlined style={{ color: "rgba(0,0,0,0.35)" }} />
                                  </Tooltip>
                                ) : null}
                              </Space>
                              {hit ? (
                                <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`violation-${e.code}`}>
                                  {fmt(m.ruleHit, { rules: hit.map((v) => v.ruleName).join("；") })}
                                </Typography.Text>
                              ) : (
                                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                                  {e.code}
                                </Typography.Text>
                              )}
                            </Space>
                          );
                        },
                      },
                      {
                        title: m.values,
                        render: (_, e) => {
                          const cats = e.categories.length ? e.categories : [""];
                          return (
                            <Space size={[8, 6]} wrap>
                              {cats.map((c) => {
                                const err = cellErrors.get(key(e.id, c));
                                const box = (
                                  <InputNumber<number>
                                    size="small"
                                    min={0}
                                    precision={e.valueType === "integer" ? 0 : undefined}
                                    value={valueOf(e, c)}
                                    disabled={!editable}
                                    status={err || hits.get(e.code)?.some((v) => v.importance === "error") ? "error" : undefined}
                                    style={{ width: c ? 92 : 140 }}
                                    prefix={c ? <span style={{ fontSize: 11, color: "rgba(0,0,0,0.45)" }}>{c}</span> : undefined}
                                    data-testid={`cell-${e.code}${c ? `-${c}` : ""}`}
                                    onChange={(v) =>
                                      setDraft((old) => new Map(old).set(key(e.id, c), v === null || v === undefined ? null : Number(v)))
                                    }
                                  />
                                );
                                return err ? (
                                  <Tooltip key={c} title={err} open>
                                    {box}
                                  </Tooltip>
                                ) : (
                                  <span key={c}>{box}</span>
                                );
                              })}
                            </Space>
                          );
                        },
                      },
                      {
                        title: m.total,
                        width: 100,
                        align: "right",
                        render: (_, e) => {
                          const cats = e.categories.length ? e.categories : [""];
                          const vals = cats.map((c) => valueOf(e, c)).filter((v): v is number => v !== null);
                          return vals.length ? vals.reduce((a, b) => a + b, 0).toLocaleString() : "—";
                        },
                      },
                      { title: m.unit, dataIndex: "unit", width: 60 },
                    ]}
                  />
                </PageState>
              </Card>
            </Col>
            <Col flex="340px">
              <Space orientation="vertical" size={16} style={{ width: "100%" }}>
                <ViolationList violations={violations} names={names} />
                <Card size="small" title={m.history}>
                  <PageState loading={history.loading && !history.data} error={history.error}>
                    {history.data?.history.length ? (
                      <Timeline
                        items={history.data.history.map((h) => ({
                          color: h.action === "return" || h.action === "reopen" ? "red" : h.action === "approve" ? "green" : "blue",
                          content: (
                            <Space orientation="vertical" size={0}>
                              <span>
                                {label(APPROVAL_ACTIONS, h.action, locale)} · {h.actorName ?? ""}
                              </span>
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                {String(h.at).slice(0, 16).replace("T", " ")}
                                {h.reason ? ` · ${h.reason}` : ""}
                              </Typography.Text>
                            </Space>
                          ),
                        }))}
                      />
                    ) : (
                      <Typography.Text type="secondary">{m.noHistory}</Typography.Text>
                    )}
                  </PageState>
                </Card>
              </Space>
            </Col>
          </Row>
        </Space>
      ) : null}
    </PageState>
  );
}
