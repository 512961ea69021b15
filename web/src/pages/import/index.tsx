// Import (导入工作要点): /import uploads a document (drag and drop, with progress) and lists unfinished
// drafts; /import/:draftId is the side-by-side review (review.tsx).
import dayjs from "dayjs";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Alert, Button, Card, Progress, Space, Table, Typography, Upload } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import { ApiError, uploadWithProgress } from "../../api/client.ts";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { PageState } from "../../components/page-state.tsx";
import { useApi } from "../../components/use-api.ts";
import { M } from "./messages.ts";
import { ReviewPage } from "./review.tsx";
import type { DraftResponse, DraftSummary } from "./types.ts";

export default function ImportPage() {
  const { draftId } = useParams();
  if (draftId) return <ReviewPage key={draftId} draftId={Number(draftId)} />;
  return <UploadPage />;
}

function UploadPage() {
  const m = useMessages(M);
  const navigate = useNavigate();
  const drafts = useApi<{ drafts: DraftSummary[] }>("/imports");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const upload = async (file: File) => {
    setError(null);
    setProgress(0);
    const form = new FormData();
    form.append("file", file, file.name);
    try {
      const r = await uploadWithProgress<DraftResponse & { draftId: number }>("/imports", form, setProgress);
      navigate(`/import/${r.draftId ?? r.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
      setProgress(null);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card title={m.uploadTitle}>
        <Upload.Dragger
          accept=".docx,.doc,.html,.htm,.txt"
          multiple={false}
          showUploadList={false}
          disabled={progress !== null}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
          data-testid="upload-dragger"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{m.uploadHint}</p>
          <p className="ant-upload-hint" style={{ padding: "0 24px" }}>
            {m.uploadTypes}
          </p>
        </Upload.Dragger>
        {progress !== null && (
          <div style={{ marginTop: 16 }} data-testid="upload-progress">
            <Progress percent={progress} status={progress < 100 ? "active" : "normal"} />
            <Typography.Text type="secondary">
              {progress < 100 ? fmt(m.uploading, { p: progress }) : m.reading}
            </Typography.Text>
          </div>
        )}
        {error && (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            title={error.message}
            description={error.code}
            data-testid="upload-error"
          />
        )}
      </Card>
      <Card title={m.openDrafts} size="small">
        <PageState loading={drafts.loading && !drafts.data} error={drafts.error} onRetry={drafts.reload}>
          <Table<DraftSummary>
            rowKey="id"
            size="small"
            dataSource={drafts.data?.drafts ?? []}
            pagination={false}
            locale={{ emptyText: m.noDrafts }}
            columns={[
              {
                title: m.file,
                dataIndex: "fileName",
                render: (v: string, r) => <Link to={`/import/${r.id}`}>{v}</Link>,
              },
              { title: m.unit, dataIndex: "unitName", width: 200 },
              {
                title: m.updated,
                dataIndex: "updatedAt",
                width: 180,
                render: (v: string | null) => (v ? dayjs(v).format("YYYY-MM-DD HH:mm") : "—"),
              },
              {
                title: "",
                width: 110,
                render: (_v, r) => (
                  <Button size="small" onClick={() => navigate(`/import/${r.id}`)}>
                    {m.continue}
                  </Button>
                ),
              },
            ]}
          />
        </PageState>
      </Card>
    </Space>
  );
}
