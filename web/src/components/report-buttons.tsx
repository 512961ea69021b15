// Documents out (issue 6): one "导出" dropdown per screen. Each item downloads a file through api.download
// (the server names it); while it is being generated the button spins and a progress message stays up
// (long exports: the province workbook streams). The plan board adds the carry-over ("以此计划为基础创建下一
// 年度计划"): a confirm modal, POST /plans/:id/carry-over, then the new plan opens.
import { useState, type ReactNode } from "react";
import { App, Button, Dropdown, Typography, type MenuProps } from "antd";
import { DownOutlined, ExportOutlined, FileExcelOutlined, FileWordOutlined, ForwardOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router";
import { api, type Query } from "../api/client.ts";
import { fmt, useMessages } from "../app/i18n.tsx";
import { useSessionState } from "../app/session.tsx";

const M = {
  zh: {
    export: "导出",
    working: "正在生成“{name}”，请稍候…",
    done: "已生成“{name}”",
    planDocx: "计划全文（Word）",
    planXlsx: "计划任务表（Excel）",
    bulletin: "进展情况通报（Word 预览）",
    issue: "印发下一期通报（编号存档）",
    issueTitle: "印发进展情况通报",
    issueBody: "将按当前数据编号并存档本期通报（下一期将与本期比较排名变化），随后下载 Word 文件。印发后不可撤回。",
    issueOk: "印发",
    issued: "已印发第 {n} 期通报",
    summary: "年度工作总结草稿（Word）",
    workbook: "指标汇总表（Excel）",
    carry: "以此计划为基础创建下一年度计划",
    carryTitle: "创建下一年度计划",
    carryBody:
      "将本计划中尚未办结的任务和未达成的量化目标复制到一份新的下一年度计划（草稿）中，原计划不变。新计划中的任务需重新设定时限后交办。",
    carryOk: "创建",
    cancel: "取消",
    carried: "已创建下一年度计划：{n} 项任务",
  },
  en: {
    export: "Export",
    working: "Generating “{name}”…",
    done: "“{name}” is ready",
    planDocx: "Plan (Word)",
    planXlsx: "Plan tasks (Excel)",
    bulletin: "Progress bulletin (Word preview)",
    issue: "Issue the next bulletin (numbered, archived)",
    issueTitle: "Issue the progress bulletin",
    issueBody:
      "The bulletin is numbered and archived with today's data (the next one compares its ranking with it), then downloaded as Word. This cannot be undone.",
    issueOk: "Issue",
    issued: "Bulletin no. {n} issued",
    summary: "Year-end summary draft (Word)",
    workbook: "Indicator workbook (Excel)",
    carry: "Start next year's plan from this one",
    carryTitle: "Start next year's plan",
    carryBody:
      "Copies this plan's unfinished tasks and unmet targets into a new draft plan for next year; this plan is not changed. Set new deadlines before dispatching.",
    carryOk: "Create",
    cancel: "Cancel",
    carried: "Next year's plan created: {n} tasks",
  },
};

export interface ReportItem {
  key: string;
  label: string;
  path: string;
  query?: Query;
  icon?: ReactNode;
}

/** Roles that may take documents out (server/modules/reports/reports.policy.ts). */
const READERS = new Set(["admin", "leader", "deputy", "staff", "inspector", "observer"]);
const EDITORS = new Set(["admin", "leader", "deputy", "staff"]);

/** The generic dropdown: items download files; `extra` items run their own action. */
export function ReportButtons(props: {
  items: ReportItem[];
  extra?: { key: string; label: string; icon?: ReactNode; onClick: () => void; danger?: boolean }[];
  label?: string;
  testId?: string;
  size?: "small" | "middle" | "large";
}) {
  const m = useMessages(M);
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (item: ReportItem) => {
    setBusy(item.key);
    const key = `export-${item.key}`;
    void message.open({ key, type: "loading", content: fmt(m.working, { name: item.label }), duration: 0 });
    try {
      await api.download(item.path, item.query);
      void message.open({ key, type: "success", content: fmt(m.done, { name: item.label }), duration: 3 });
    } catch (e) {
      void message.open({ key, type: "error", content: e instanceof Error ? e.message : String(e), duration: 6 });
    } finally {
      setBusy(null);
    }
  };

  const menu: MenuProps = {
    items: [
      ...props.items.map((i) => ({ key: i.key, label: i.label, icon: i.icon, disabled: busy !== null })),
      ...(props.extra?.length ? [{ type: "divider" as const }] : []),
      ...(props.extra ?? []).map((x) => ({ key: x.key, label: x.label, icon: x.icon, danger: x.danger })),
    ],
    onClick: ({ key }) => {
      const item = props.items.find((i) => i.key === key);
      if (item) void run(item);
      else props.extra?.find((x) => x.key === key)?.onClick();
    },
  };

  return (
    <Dropdown menu={menu} trigger={["click"]}>
      <Button
        icon={<ExportOutlined />}
        loading={busy !== null}
        size={props.size}
        data-testid={props.testId ?? "report-buttons"}
      >
        {props.label ?? m.export} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

/** Plan board: plan export (docx/xlsx), bulletin preview, summary draft, and the carry-over. */
export function PlanReportButtons({ planId, year }: { planId: number; year?: number }) {
  const m = useMessages(M);
  const s = useSessionState();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const role = s.user?.role ?? "";
  if (!READERS.has(role)) return null;
  const carry = () =>
    modal.confirm({
      title: m.carryTitle,
      content: <Typography.Paragraph style={{ marginTop: 8 }}>{m.carryBody}</Typography.Paragraph>,
      okText: m.carryOk,
      cancelText: m.cancel,
      onOk: async () => {
        try {
          const r = await api.post<{ planId: number; tasks?: number }>(`/plans/${planId}/carry-over`, {});
          void message.success(fmt(m.carried, { n: r.tasks ?? "" }));
          navigate(`/plans/${r.planId}`);
        } catch (e) {
          void message.error(e instanceof Error ? e.message : String(e));
          throw e;
        }
      },
    });
  return (
    <ReportButtons
      testId="plan-report-buttons"
      items={[
        { key: "plan-docx", label: m.planDocx, path: `/plans/${planId}/reports/plan.docx`, icon: <FileWordOutlined /> },
        {
          key: "plan-xlsx",
          label: m.planXlsx,
          path: `/plans/${planId}/reports/plan.xlsx`,
          icon: <FileExcelOutlined />,
        },
        {
          key: "bulletin",
          label: m.bulletin,
          path: `/plans/${planId}/reports/bulletin.docx`,
          icon: <FileWordOutlined />,
        },
        {
          key: "summary",
          label: m.summary,
          path: `/plans/${planId}/reports/summary.docx`,
          query: year ? { year } : undefined,
          icon: <FileWordOutlined />,
        },
      ]}
      extra={EDITORS.has(role) ? [{ key: "carry", label: m.carry, icon: <ForwardOutlined />, onClick: carry }] : []}
    />
  );
}

/** Supervision board: the progress bulletin of a plan (preview, or issue the next numbered one). */
export function BulletinButton({ planId }: { planId: number | null | undefined }) {
  const m = useMessages(M);
  const s = useSessionState();
  const { message, modal } = App.useApp();
  const role = s.user?.role ?? "";
  if (!planId || !READERS.has(role)) return null;
  const issue = () =>
    modal.confirm({
      title: m.issueTitle,
      content: <Typography.Paragraph style={{ marginTop: 8 }}>{m.issueBody}</Typography.Paragraph>,
      okText: m.issueOk,
      cancelText: m.cancel,
      onOk: async () => {
        try {
          const r = await api.post<{ bulletinId: number; number: number }>(`/plans/${planId}/bulletins`, {});
          void message.success(fmt(m.issued, { n: r.number }));
          await api.download(`/bulletins/${r.bulletinId}/document.docx`);
        } catch (e) {
          void message.error(e instanceof Error ? e.message : String(e));
          throw e;
        }
      },
    });
  return (
    <ReportButtons
      extra={EDITORS.has(role) ? [{ key: "issue", label: m.issue, icon: <FileWordOutlined />, onClick: issue }] : []}
      testId="bulletin-buttons"
      items={[
        {
          key: "bulletin",
          label: m.bulletin,
          path: `/plans/${planId}/reports/bulletin.docx`,
          icon: <FileWordOutlined />,
        },
        {
          key: "plan-xlsx",
          label: m.planXlsx,
          path: `/plans/${planId}/reports/plan.xlsx`,
          icon: <FileExcelOutlined />,
        },
      ]}
    />
  );
}

/** Indicator explorer: the workbook for the unit, levels, years and indicators on screen. */
export function WorkbookButton(props: { unitId: number | undefined; level: number; years: number[]; codes: string[] }) {
  const m = useMessages(M);
  const s = useSessionState();
  if (!props.unitId || !READERS.has(s.user?.role ?? "")) return null;
  return (
    <ReportButtons
      testId="workbook-button"
      items={[
        {
          key: "workbook",
          label: m.workbook,
          path: "/reports/indicators.xlsx",
          query: {
            unitId: props.unitId,
            level: props.level,
            years: props.years.join(","),
            codes: props.codes.length ? props.codes.join(",") : undefined,
          },
          icon: <FileExcelOutlined />,
        },
      ]}
    />
  );
}
