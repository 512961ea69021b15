// The task page's indicator panel (issue 5 §5): each quantified target of the task with its linked
// indicator, the achieved value for the plan's unit and year against the target, and 达标/未达标/差距.
// A plan editor confirms the suggested indicator, picks another, or rejects the link
// (PUT /api/targets/:id/indicator-link). Server: GET /api/tasks/:id/indicators.
import { useState } from "react";
import { App, Button, Card, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from "antd";
import { CheckOutlined, CloseOutlined, FundOutlined } from "@ant-design/icons";
import { api } from "../../api/client.ts";
import { fmt, useLocale, useMessages } from "../../app/i18n.tsx";
import { useSessionState } from "../../app/session.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { formatNumber, indicatorName, type Catalogue, type TaskTarget } from "./model.ts";

const M = {
  zh: {
    title: "指标达成情况",
    target: "目标",
    indicator: "关联指标",
    achieved: "实际值",
    status: "状态",
    gap: "差距 {g}",
    met: "达标",
    unmet: "未达标",
    noData: "无数据",
    suggested: "建议",
    confirmed: "已确认",
    rejected: "不关联",
    none: "未关联",
    confirm: "确认",
    reject: "不关联",
    choose: "选择指标",
    saved: "已更新指标关联",
    empty: "本任务没有量化目标",
    template: "按督导评估标准设定目标",
    apply: "设为目标",
    applied: "已按“{name}”设定目标",
  },
  en: {
    title: "Indicators: achieved vs target",
    target: "Target",
    indicator: "Indicator",
    achieved: "Achieved",
    status: "Status",
    gap: "gap {g}",
    met: "Met",
    unmet: "Not met",
    noData: "No data",
    suggested: "Suggested",
    confirmed: "Confirmed",
    rejected: "Not linked",
    none: "Not linked",
    confirm: "Confirm",
    reject: "Reject",
    choose: "Choose indicator",
    saved: "Indicator link updated",
    empty: "This task has no quantified target",
    template: "Set targets from an assessment standard",
    apply: "Set targets",
    applied: "Targets set from “{name}”",
  },
};

const EDITORS = new Set(["admin", "leader", "deputy", "staff"]);

export function TaskIndicators({ taskId, onChanged }: { taskId: number; onChanged?: () => void }) {
  const m = useMessages(M);
  const { locale } = useLocale();
  const { message } = App.useApp();
  const s = useSessionState();
  const { data, error, loading, reload } = useApi<{ targets: TaskTarget[] }>(`/tasks/${taskId}/indicators`);
  const cat = useApi<Catalogue>("/indicators/catalogue");
  const [busy, setBusy] = useState<number | null>(null);
  const [template, setTemplate] = useState<string | undefined>();
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [applying, setApplying] = useState(false);
  const canEdit = EDITORS.has(s.user?.role ?? "");
  const names = new Map((cat.data?.indicators ?? []).map((d) => [d.code, indicatorName(d, locale)]));
  const targets = (data?.targets ?? []).filter((t) => t.kind === "target");

  const decide = async (t: TaskTarget, status: "confirmed" | "rejected", indicatorCode?: string) => {
    setBusy(t.targetId);
    try {
      await api.put(`/targets/${t.targetId}/indicator-link`, {
        status,
        ...(indicatorCode ? { indicatorCode } : {}),
        ...(t.link ? { version: t.link.version } : {}),
      });
      void message.success(m.saved);
      reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    if (!template) return;
    setApplying(true);
    try {
      await api.post(`/tasks/${taskId}/target-templates`, { template, year });
      const found = cat.data?.templates.find((x) => x.code === template);
      const name = found ? indicatorName(found, locale) : template;
      void message.success(fmt(m.applied, { name }));
      reload();
      onChanged?.();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setApplying(false);
    }
  };
  const templateControl = canEdit ? (
    <Space size={4}>
      <Select
        size="small"
        style={{ width: 200 }}
        placeholder={m.template}
        value={template}
        onChange={setTemplate}
        popupMatchSelectWidth={320}
        options={(cat.data?.templates ?? []).map((x) => ({ value: x.code, label: indicatorName(x, locale) }))}
      />
      <InputNumber<number>
        size="small"
        style={{ width: 76 }}
        min={2000}
        max={2100}
        value={year}
        onChange={(v) => v && setYear(v)}
      />
      <Button size="small" disabled={!template} loading={applying} onClick={() => void apply()}>
        {m.apply}
      </Button>
    </Space>
  ) : null;

  if (!loading && !error && !targets.length && !canEdit) return null;
  return (
    <Card
      size="small"
      title={
        <Space>
          <FundOutlined />
          {m.title}
        </Space>
      }
      data-testid="task-indicators"
      extra={templateControl}
    >
      <PageState loading={loading && !data} error={error} onRetry={reload} empty={!targets.length} emptyText={m.empty}>
        <Table<TaskTarget>
          rowKey="targetId"
          size="small"
          pagination={false}
          dataSource={targets}
          columns={[
            {
              title: m.target,
              render: (_, t) => (
                <span>
                  {t.indicator} {t.value}
                  {t.unit}
                  {t.year ? <Typography.Text type="secondary">（{t.year}）</Typography.Text> : null}
                </span>
              ),
            },
            {
              title: m.indicator,
              width: 230,
              render: (_, t) => {
                const code = t.link?.indicatorCode ?? null;
                const st = t.link?.status;
                return (
                  <Space size={4} wrap>
                    {code && st !== "rejected" ? (
                      <span style={{ marginInlineEnd: 4 }}>{names.get(code) ?? code}</span>
                    ) : null}
                    <Tag color={st === "confirmed" ? "success" : st === "suggested" ? "processing" : "default"}>
                      {st === "confirmed"
                        ? m.confirmed
                        : st === "suggested"
                          ? m.suggested
                          : st === "rejected"
                            ? m.rejected
                            : m.none}
                    </Tag>
                    {canEdit && code && st === "suggested" ? (
                      <Tooltip title={m.confirm}>
                        <Button
                          size="small"
                          type="primary"
                          icon={<CheckOutlined />}
                          loading={busy === t.targetId}
                          onClick={() => void decide(t, "confirmed")}
                          data-testid={`link-confirm-${t.targetId}`}
                        />
                      </Tooltip>
                    ) : null}
                    {canEdit && st !== "rejected" && t.link ? (
                      <Tooltip title={m.reject}>
                        <Button size="small" icon={<CloseOutlined />} onClick={() => void decide(t, "rejected")} />
                      </Tooltip>
                    ) : null}
                    {canEdit ? (
                      <Select
                        size="small"
                        style={{ width: 118 }}
                        placeholder={m.choose}
                        data-testid={`link-choose-${t.targetId}`}
                        value={null}
                        showSearch={{ optionFilterProp: "label" }}
                        popupMatchSelectWidth={280}
                        options={(cat.data?.indicators ?? []).map((d) => ({
                          value: d.code,
                          label: indicatorName(d, locale),
                        }))}
                        onChange={(c: string) => void decide(t, "confirmed", c)}
                      />
                    ) : null}
                  </Space>
                );
              },
            },
            {
              title: m.achieved,
              width: 88,
              align: "right",
              render: (_, t) =>
                t.check ? `${formatNumber(t.check.achieved)}${t.check.achieved !== null ? t.check.unit : ""}` : "—",
            },
            {
              title: m.status,
              width: 110,
              render: (_, t) =>
                t.check ? (
                  <Space size={0} orientation="vertical">
                    <Tag color={t.check.met === true ? "success" : t.check.met === false ? "error" : "default"}>
                      {t.check.met === true ? m.met : t.check.met === false ? m.unmet : m.noData}
                    </Tag>
                    {t.check.met === false && t.check.gap !== null ? (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {fmt(m.gap, { g: `${formatNumber(t.check.gap)}${t.check.unit}` })}
                      </Typography.Text>
                    ) : null}
                  </Space>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      </PageState>
    </Card>
  );
}
