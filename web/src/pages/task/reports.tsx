// 进展报告: the report form (text, progress, milestone reached, figures per target, up to 5 evidence files
// sent with the report in one multipart request), the list of reports with their evidence (images and
// PDF previewed inline, other files downloaded) and the review (通过 / 退回 with a reason).
import { useEffect, useState } from "react";
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Slider,
  Space,
  Tag,
  Typography,
  Upload,
} from "antd";
import type { UploadFile } from "antd";
import { DownloadOutlined, EyeOutlined, FileOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { api, apiUrl, ApiError } from "../../api/client.ts";
import { fmt, useMessages } from "../../app/i18n.tsx";
import type { Evidence, Report, TaskDetail } from "../plans/types.ts";

const messages = {
  zh: {
    none: "还没有进展报告",
    newReport: "报送进展",
    text: "进展情况",
    textPh: "本期完成了哪些工作、遇到什么问题、下一步安排",
    percent: "完成进度",
    milestone: "完成节点",
    milestoneNone: "（无）",
    figures: "目标完成值",
    targetIs: "目标 {v}",
    files: "佐证材料",
    filesHint: "最多 5 个文件：文档、表格、图片、PDF、音视频或压缩包",
    pick: "选择文件",
    submit: "提交报告",
    submitted: "进展报告已提交，等待审核",
    required: "请填写进展情况",
    tooMany: "每份报告最多 5 个佐证材料",
    kind_progress: "进展报告",
    kind_completion: "办结申请",
    review_pending: "待审核",
    review_accepted: "已通过",
    review_returned: "已退回",
    accept: "通过",
    reviewThis: "审核本次进展：",
    return: "退回",
    returnTitle: "退回进展报告",
    returnReason: "退回理由",
    returnPh: "说明需要补充或修改的内容",
    reviewed: "审核完成",
    cancel: "取消",
    ok: "确定",
    by: "{unit} {name}",
    reviewedBy: "{name} 审核于 {at}",
    reason: "理由：{reason}",
    preview: "预览",
    download: "下载",
    percentOf: "进度 {p}%",
    completionHint: "办结申请由上方“办结 / 退回”按钮审核",
    achieved: "{indicator}：{value}",
  },
  en: {
    none: "No progress reports yet",
    newReport: "Report progress",
    text: "Progress",
    textPh: "What was done, problems met, next steps",
    percent: "Progress",
    milestone: "Milestone reached",
    milestoneNone: "(none)",
    figures: "Figures achieved",
    targetIs: "target {v}",
    files: "Evidence",
    filesHint: "Up to 5 files: documents, sheets, images, PDF, audio/video or archives",
    pick: "Choose files",
    submit: "Submit report",
    submitted: "Report submitted for review",
    required: "Describe the progress",
    tooMany: "At most 5 evidence files per report",
    kind_progress: "Progress report",
    kind_completion: "Completion request",
    review_pending: "Pending review",
    review_accepted: "Accepted",
    review_returned: "Sent back",
    accept: "Accept",
    reviewThis: "Review this report:",
    return: "Send back",
    returnTitle: "Send the report back",
    returnReason: "Reason",
    returnPh: "What needs to be added or changed",
    reviewed: "Reviewed",
    cancel: "Cancel",
    ok: "OK",
    by: "{unit} {name}",
    reviewedBy: "reviewed by {name} at {at}",
    reason: "Reason: {reason}",
    preview: "Preview",
    download: "Download",
    percentOf: "{p}% done",
    completionHint: "Completion requests are reviewed with Close / Send back above",
    achieved: "{indicator}: {value}",
  },
};

const errText = (e: unknown) => (e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));
const previewable = (e: Evidence) => e.mime.startsWith("image/") || e.mime === "application/pdf";

function sizeText(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Fetches the file (with the session cookie) and shows it from a blob URL: images inline, PDF in a frame. */
function EvidencePreview({ evidence, onClose }: { evidence: Evidence | null; onClose: () => void }) {
  const t = useMessages(messages);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!evidence) return;
    let live = true;
    let made: string | null = null;
    setUrl(null);
    setError(null);
    fetch(apiUrl(`/evidence/${evidence.id}`), { credentials: "same-origin" })
      .then(async (r) => {
        if (!r.ok) throw new Error(`${r.status}`);
        const blob = new Blob([await r.arrayBuffer()], { type: evidence.mime });
        made = URL.createObjectURL(blob);
        if (live) setUrl(made);
      })
      .catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [evidence]);
  return (
    <Modal
      open={evidence !== null}
      title={evidence?.fileName}
      footer={
        evidence ? (
          <Button icon={<DownloadOutlined />} onClick={() => void api.download(`/evidence/${evidence.id}`)}>
            {t.download}
          </Button>
        ) : null
      }
      onCancel={onClose}
      width={880}
      destroyOnHidden
    >
      {error ? <Alert type="error" title={error} /> : null}
      {url && evidence?.mime.startsWith("image/") ? (
        <img
          src={url}
          alt={evidence.fileName}
          style={{ maxWidth: "100%", maxHeight: 600, display: "block", margin: "0 auto" }}
          data-testid="evidence-image"
        />
      ) : null}
      {url && evidence?.mime === "application/pdf" ? (
        <iframe
          src={url}
          title={evidence.fileName}
          style={{ width: "100%", height: 600, border: 0 }}
          data-testid="evidence-pdf"
        />
      ) : null}
    </Modal>
  );
}

export function EvidenceList({ files }: { files: Evidence[] }) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const [preview, setPreview] = useState<Evidence | null>(null);
  if (!files.length) return null;
  return (
    <>
      <Space orientation="vertical" size={2} style={{ marginTop: 6 }} data-testid="evidence-list">
        {files.map((f) => (
          <Space key={f.id} size={6}>
            <PaperClipOutlined />
            <Typography.Text>{f.fileName}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {sizeText(f.size)}
            </Typography.Text>
            {previewable(f) ? (
              <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setPreview(f)}>
                {t.preview}
              </Button>
            ) : null}
            <Button
              size="small"
              type="link"
              icon={<DownloadOutlined />}
              onClick={() => api.download(`/evidence/${f.id}`).catch((e: unknown) => message.error(errText(e)))}
            >
              {t.download}
            </Button>
          </Space>
        ))}
      </Space>
      <EvidencePreview evidence={preview} onClose={() => setPreview(null)} />
    </>
  );
}

export function ReportList(props: { reports: Report[]; task: TaskDetail; canReview: boolean; onChanged: () => void }) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const [returning, setReturning] = useState<Report | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const targetName = new Map(props.task.targets.map((g) => [g.id, `${g.indicator}`]));
  const targetUnit = new Map(props.task.targets.map((g) => [g.id, g.unit]));
  const milestoneName = new Map(props.task.milestones.map((m) => [m.id, m.title]));

  const review = async (r: Report, decision: "accept" | "return", why?: string) => {
    setBusy(true);
    try {
      await api.post(`/reports/${r.id}/review`, { decision, ...(why ? { reason: why } : {}) });
      message.success(t.reviewed);
      setReturning(null);
      setReason("");
      props.onChanged();
    } catch (e) {
      message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!props.reports.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.none} />;
  return (
    <>
      <div data-testid="report-list">
        {props.reports.map((r) => {
          const actions =
            props.canReview && r.reviewState === "pending"
              ? r.kind === "completion"
                ? [
                    <Typography.Text key="h" type="secondary">
                      {t.completionHint}
                    </Typography.Text>,
                  ]
                : [
                    <Button
                      key="a"
                      type="primary"
                      loading={busy}
                      onClick={() => void review(r, "accept")}
                      data-testid="review-accept"
                    >
                      {t.accept}
                    </Button>,
                    <Button key="r" danger onClick={() => setReturning(r)} data-testid="review-return">
                      {t.return}
                    </Button>,
                  ]
              : undefined;
          return (
            <div
              key={r.id}
              data-testid="report"
              data-review={r.reviewState}
              style={{ padding: "12px 0", borderBottom: "1px solid #f0f0f0" }}
            >
              <Space wrap size={8}>
                <Tag color={r.kind === "completion" ? "purple" : "blue"}>
                  {t[`kind_${r.kind}` as "kind_progress"] ?? r.kind}
                </Tag>
                <Tag
                  color={r.reviewState === "accepted" ? "success" : r.reviewState === "returned" ? "error" : "warning"}
                >
                  {t[`review_${r.reviewState}` as "review_pending"] ?? r.reviewState}
                </Tag>
                <Typography.Text strong>
                  {fmt(t.by, { unit: r.orgUnitName ?? "", name: r.authorName ?? "" })}
                </Typography.Text>
                <Typography.Text type="secondary">{dayjs(r.createdAt).format("YYYY-MM-DD HH:mm")}</Typography.Text>
                {r.percent !== null ? <Tag>{fmt(t.percentOf, { p: r.percent })}</Tag> : null}
                {r.milestoneId ? <Tag color="cyan">◆ {milestoneName.get(r.milestoneId) ?? r.milestoneId}</Tag> : null}
              </Space>
              <Typography.Paragraph style={{ margin: "8px 0 0", whiteSpace: "pre-wrap" }}>
                {r.text}
              </Typography.Paragraph>
              {r.figures?.length ? (
                <Space wrap size={4}>
                  {r.figures.map((f) => (
                    <Tag key={f.targetId}>
                      {fmt(t.achieved, {
                        indicator: targetName.get(f.targetId) ?? `#${f.targetId}`,
                        value: `${f.value}${targetUnit.get(f.targetId) ?? ""}`,
                      })}
                    </Tag>
                  ))}
                </Space>
              ) : null}
              <EvidenceList files={r.evidence} />
              {r.reviewState !== "pending" ? (
                <Typography.Paragraph
                  type={r.reviewState === "returned" ? "danger" : "secondary"}
                  style={{ margin: "6px 0 0", fontSize: 12 }}
                >
                  {fmt(t.reviewedBy, {
                    name: r.reviewerName ?? "",
                    at: r.reviewedAt ? dayjs(r.reviewedAt).format("YYYY-MM-DD HH:mm") : "",
                  })}
                  {r.reviewReason ? ` · ${fmt(t.reason, { reason: r.reviewReason })}` : ""}
                </Typography.Paragraph>
              ) : null}
              {actions ? (
                <div
                  style={{
                    display: "flex",
                    flexWrap: "wrap",
                    alignItems: "center",
                    gap: 8,
                    marginTop: 10,
                    padding: "8px 12px",
                    background: "#fafafa",
                    borderRadius: 6,
                  }}
                  data-testid="review-bar"
                >
                  {r.kind === "completion" ? null : <Typography.Text type="secondary">{t.reviewThis}</Typography.Text>}
                  {actions}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
      <Modal
        open={returning !== null}
        title={t.returnTitle}
        okText={t.return}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy }}
        cancelText={t.cancel}
        onOk={() => void review(returning!, "return", reason.trim())}
        onCancel={() => setReturning(null)}
        destroyOnHidden
      >
        <Typography.Text>{t.returnReason}</Typography.Text>
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t.returnPh}
          data-testid="return-reason"
        />
      </Modal>
    </>
  );
}

/** Progress as a slider and a number box side by side (one form value). */
function PercentInput({ value, onChange }: { value?: number; onChange?: (v: number) => void }) {
  return (
    <Space style={{ width: "100%" }} align="center">
      <Slider style={{ width: 260 }} min={0} max={100} value={value ?? 0} onChange={(v) => onChange?.(v)} />
      <InputNumber
        min={0}
        max={100}
        precision={0}
        value={value ?? 0}
        onChange={(v) => onChange?.(typeof v === "number" ? v : 0)}
        suffix="%"
        style={{ width: 96 }}
        data-testid="report-percent"
      />
    </Space>
  );
}

interface ReportValues {
  text: string;
  percent: number;
  milestoneId?: number;
  figures?: Record<string, number | null>;
}

export function ReportForm(props: { task: TaskDetail; onDone: () => void }) {
  const t = useMessages(messages);
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = props.task.milestones.filter((m) => !m.reachedAt);
  const targets = props.task.targets.filter((g) => g.kind === "target");

  const submit = async () => {
    // an invalid form shows its messages beside the fields; nothing to send
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (files.length > 5) {
      setError(t.tooMany);
      return;
    }
    const fd = new FormData();
    fd.append("text", v.text.trim());
    fd.append("percent", String(v.percent ?? props.task.progress));
    if (v.milestoneId) fd.append("milestoneId", String(v.milestoneId));
    const figures = Object.entries(v.figures ?? {})
      .filter(([, val]) => val !== null && val !== undefined)
      .map(([id, val]) => ({ targetId: Number(id), value: Number(val) }));
    if (figures.length) fd.append("figures", JSON.stringify(figures));
    for (const f of files) if (f.originFileObj) fd.append("files", f.originFileObj, f.name);
    setBusy(true);
    setError(null);
    try {
      await api.upload(`/tasks/${props.task.id}/reports`, fd);
      message.success(t.submitted);
      form.resetFields();
      setFiles([]);
      props.onDone();
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ percent: props.task.progress }}
      data-testid="report-form"
      style={{ background: "#fafafa", padding: 16, borderRadius: 6, marginBottom: 16 }}
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t.newReport}
      </Typography.Title>
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="report-error" />
      ) : null}
      <Form.Item name="text" label={t.text} rules={[{ required: true, whitespace: true, message: t.required }]}>
        <Input.TextArea rows={3} placeholder={t.textPh} maxLength={20000} data-testid="report-text" />
      </Form.Item>
      <Space size={24} wrap style={{ width: "100%" }}>
        <Form.Item name="percent" label={t.percent} style={{ width: 400 }}>
          <PercentInput />
        </Form.Item>
        {open.length ? (
          <Form.Item name="milestoneId" label={t.milestone} style={{ width: 240 }}>
            <Select
              allowClear
              placeholder={t.milestoneNone}
              options={open.map((m) => ({ value: m.id, label: `${m.title}（${m.dueOn}）` }))}
            />
          </Form.Item>
        ) : null}
      </Space>
      {targets.length ? (
        <Form.Item label={t.figures}>
          <Space orientation="vertical" size={6} style={{ width: "100%" }}>
            {targets.map((g) => (
              <div key={g.id} style={{ display: "flex", alignItems: "center", gap: 12 }}>
                <Typography.Text style={{ flex: "1 1 auto", minWidth: 0 }} ellipsis={{ tooltip: g.indicator }}>
                  {g.indicator}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ flex: "none", fontSize: 12 }}>
                  {fmt(t.targetIs, { v: `${g.qualifier ?? ""}${g.value}${g.unit}` })}
                </Typography.Text>
                <Form.Item name={["figures", String(g.id)]} noStyle>
                  <InputNumber style={{ width: 150, flex: "none" }} suffix={g.unit} placeholder={String(g.value)} />
                </Form.Item>
              </div>
            ))}
          </Space>
        </Form.Item>
      ) : null}
      <Form.Item label={t.files} extra={t.filesHint}>
        <Upload
          multiple
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList.slice(0, 5))}
          maxCount={5}
          data-testid="report-files"
        >
          <Button icon={<UploadOutlined />}>{t.pick}</Button>
        </Upload>
      </Form.Item>
      <Button
        type="primary"
        icon={<FileOutlined />}
        loading={busy}
        onClick={() => void submit()}
        data-testid="report-submit"
      >
        {t.submit}
      </Button>
    </Form>
  );
}
