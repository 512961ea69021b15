// The side-by-side review of an import draft: the source with what was found marked on it (left), the
// outline tree and the selected item's editor (right). Every edit is one PATCH of draft ops (all or
// nothing, optimistic version); commit turns the outline into a plan and opens it.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Statistic,
  Tag,
  Tooltip,
  Tree,
  Typography,
} from "antd";
import {
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  CheckOutlined,
  CloseOutlined,
  DeleteOutlined,
  MergeCellsOutlined,
  ScissorOutlined,
} from "@ant-design/icons";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { api, ApiError } from "../../api/client.ts";
import { fmt, useMessages } from "../../app/i18n.tsx";
import { PageState } from "../../components/page-state.tsx";
import { M, type Messages } from "./messages.ts";
import { allKeys, buildOutline, indent, moveDown, moveUp, numberLabel, outdent, type OutlineNode } from "./outline.ts";
import { SourceView, type SourceViewHandle } from "./source-view.tsx";
import type { DraftResponse, ReviewItem, ReviewQuantity } from "./types.ts";

type Op = Record<string, unknown> & { op: string };

/** Quantities the reviewer has looked at (confirmed or rejected), kept per draft in this browser. */
function useReviewed(draftId: number) {
  const storageKey = `luoshi.import.${draftId}.reviewed`;
  const [set, setSet] = useState<Set<string>>(() => {
    try {
      return new Set(JSON.parse(sessionStorage.getItem(storageKey) ?? "[]") as string[]);
    } catch {
      return new Set();
    }
  });
  const add = useCallback(
    (keys: string[]) =>
      setSet((prev) => {
        const next = new Set(prev);
        for (const k of keys) next.add(k);
        try {
          sessionStorage.setItem(storageKey, JSON.stringify([...next]));
        } catch {
          /* storage full or off: keep it in memory */
        }
        return next;
      }),
    [storageKey],
  );
  return [set, add] as const;
}

export function ReviewPage({ draftId }: { draftId: number }) {
  const m = useMessages(M);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [data, setData] = useState<DraftResponse | null>(null);
  const [source, setSource] = useState("");
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [docIndex, setDocIndex] = useState(0);
  const [reviewed, addReviewed] = useReviewed(draftId);
  const sourceRef = useRef<SourceViewHandle>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const d = await api.get<DraftResponse>(`/imports/${draftId}`);
      setData(d);
      setSource(d.source ?? "");
    } catch (e) {
      setLoadError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
    }
  }, [draftId]);
  useEffect(() => {
    void load();
  }, [load]);

  const doc = data?.draft.documents[docIndex];
  const items = useMemo(() => doc?.items ?? [], [doc]);
  const indexOf = useMemo(() => new Map(items.map((it, i) => [it.key, i])), [items]);
  const outline = useMemo(() => buildOutline(items), [items]);
  const expandedKeys = useMemo(() => allKeys(outline), [outline]);
  const stats = useMemo(() => {
    const qs = items.flatMap((it) => it.quantities);
    return {
      items: items.length,
      quantities: qs.length,
      targets: qs.filter((q) => q.isTarget).length,
      reviewed: qs.filter((q) => reviewed.has(q.key)).length,
    };
  }, [items, reviewed]);

  /** Applies ops on the server; the response is the new draft (without the source, which never changes). */
  const apply = useCallback(
    async (ops: Op[], done?: string): Promise<boolean> => {
      if (!data) return false;
      setBusy(true);
      try {
        const d = await api.patch<DraftResponse>(`/imports/${draftId}`, { version: data.version, ops });
        setData((prev) => (prev ? { ...prev, ...d, source: prev.source } : d));
        if (done) void message.success(done);
        return true;
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e));
        if (err.code === "STALE_VERSION") {
          void message.warning(m.stale);
          await load();
        } else {
          const detail = (err.details as { message?: string } | undefined)?.message;
          void message.error(`${err.message}${detail ? `：${detail}` : ""}（${err.code}）`);
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [data, draftId, load, message, m.stale],
  );

  // the source scrolls to a node chosen in the outline once the selection has rendered
  const pendingFlash = useRef<string | null>(null);
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selected;
  const select = useCallback((key: string) => {
    if (key === selectedRef.current) {
      sourceRef.current?.flash(key); // the same node again: just show it again
      return;
    }
    pendingFlash.current = key;
    setSelected(key);
  }, []);
  useEffect(() => {
    const key = pendingFlash.current;
    if (!key || key !== selected) return;
    pendingFlash.current = null;
    const frame = requestAnimationFrame(() => sourceRef.current?.flash(key));
    return () => cancelAnimationFrame(frame);
  }, [selected]);
  const selectFromSource = useCallback((key: string) => setSelected(key), []);

  const commit = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ planId: number; unmatchedOwners: string[] }>(`/imports/${draftId}/commit`, {
        ...(data && data.draft.documents.length > 1 ? { documentIndex: docIndex } : {}),
      });
      void message.success(m.committed);
      if (r.unmatchedOwners.length)
        modal.warning({ title: m.committed, content: fmt(m.unmatched, { units: r.unmatchedOwners.join("、") }) });
      navigate(`/plans/${r.planId}`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e));
      void message.error(`${err.message}（${err.code}）`);
      setBusy(false);
    }
  };

  const discard = async () => {
    setBusy(true);
    try {
      await api.del(`/imports/${draftId}`);
      void message.success(m.discarded);
      navigate("/import");
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e));
      void message.error(`${err.message}（${err.code}）`);
      setBusy(false);
    }
  };

  if (loadError || !data) return <PageState loading={!loadError} error={loadError} onRetry={() => void load()} />;

  if (data.status !== "open")
    return (
      <Result
        status={data.status === "committed" ? "success" : "info"}
        title={data.status === "committed" ? m.closedCommitted : m.closedDiscarded}
        subTitle={data.fileName}
        extra={[
          data.planId ? (
            <Button key="p" type="primary" onClick={() => navigate(`/plans/${data.planId}`)}>
              {m.toPlan}
            </Button>
          ) : null,
          <Button key="b" onClick={() => navigate("/import")}>
            {m.back}
          </Button>,
        ]}
      />
    );

  const item = selected !== null ? items[indexOf.get(selected) ?? -1] : undefined;
  const itemIndex = item ? indexOf.get(item.key)! : -1;

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12, height: "calc(100vh - 104px)", minHeight: 560 }}>
      <Card size="small" styles={{ body: { padding: "10px 16px" } }}>
        <div style={{ display: "flex", alignItems: "center", gap: 16, flexWrap: "wrap" }}>
          <Link to="/import">
            <ArrowLeftOutlined />
          </Link>
          <div style={{ flex: "1 1 260px", minWidth: 0 }}>
            <Typography.Title level={5} style={{ margin: 0 }} ellipsis={{ tooltip: true }} data-testid="review-title">
              {doc?.title || data.fileName}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {data.fileName} · {data.unitName} · {m.format} {data.format} · {m.encoding} {data.encoding}
            </Typography.Text>
          </div>
          {data.draft.documents.length > 1 && (
            <Select
              size="small"
              value={docIndex}
              onChange={(v) => {
                setDocIndex(v);
                setSelected(null);
              }}
              options={data.draft.documents.map((d, i) => ({
                value: i,
                label: d.title || fmt(m.document, { n: i + 1 }),
              }))}
              style={{ width: 200 }}
            />
          )}
          <Space size={24}>
            <Statistic title={m.items} value={stats.items} styles={{ content: { fontSize: 18 } }} />
            <Statistic
              title={m.targets}
              value={stats.targets}
              suffix={`/ ${stats.quantities}`}
              styles={{ content: { fontSize: 18 } }}
            />
            <Statistic
              title={m.reviewed}
              value={stats.reviewed}
              suffix={`/ ${stats.quantities}`}
              styles={{ content: { fontSize: 18 } }}
            />
          </Space>
          <Space>
            <Popconfirm title={m.discardConfirm} onConfirm={() => void discard()}>
              <Button danger disabled={busy} data-testid="discard">
                {m.discard}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={fmt(m.commitConfirm, { items: stats.items, targets: stats.targets })}
              onConfirm={() => void commit()}
              styles={{ root: { maxWidth: 360 } }}
            >
              <Button type="primary" loading={busy} disabled={!items.length} data-testid="commit">
                {m.commit}
              </Button>
            </Popconfirm>
          </Space>
        </div>
      </Card>
      <Warnings data={data} m={m} onJump={(offset) => sourceRef.current?.scrollToOffset(offset)} />
      <div style={{ display: "flex", gap: 12, flex: 1, minHeight: 0 }}>
        <Card
          size="small"
          title={
            <Space size={12} wrap>
              {m.source}
              <Legend m={m} />
            </Space>
          }
          style={{ flex: "1 1 0", minWidth: 0, display: "flex", flexDirection: "column" }}
          styles={{ body: { flex: 1, minHeight: 0, overflow: "auto", padding: "12px 16px" } }}
        >
          <SourceView
            ref={sourceRef}
            source={source}
            draft={data.draft}
            documentIndex={docIndex}
            selected={selected}
            onSelect={selectFromSource}
          />
        </Card>
        <div style={{ flex: "0 0 440px", display: "flex", flexDirection: "column", gap: 12, minHeight: 0 }}>
          <Card
            size="small"
            title={`${m.outline}（${items.length}）`}
            style={{ flex: "1 1 50%", minHeight: 0, display: "flex", flexDirection: "column" }}
            styles={{ body: { flex: 1, minHeight: 0, padding: 8 } }}
          >
            <OutlineTree
              outline={outline}
              items={items}
              placeholder={m.searchOutline}
              expandedKeys={expandedKeys}
              selected={selected}
              onSelect={(k) => select(k)}
            />
          </Card>
          <Card
            size="small"
            style={{ flex: "1 1 50%", minHeight: 0, display: "flex", flexDirection: "column" }}
            styles={{ body: { flex: 1, minHeight: 0, overflow: "auto" } }}
            data-testid="item-panel"
          >
            {item ? (
              <ItemEditor
                key={item.key}
                item={item}
                index={itemIndex}
                items={items}
                busy={busy}
                reviewed={reviewed}
                m={m}
                apply={apply}
                onReviewed={addReviewed}
                onSelect={select}
              />
            ) : (
              <Empty description={m.select} style={{ marginTop: 24 }} />
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

function Legend({ m }: { m: Messages }) {
  const chip = (cls: string, label: string) => (
    <span className={`lsv ${cls}`} style={{ fontSize: 12, fontWeight: "normal", lineHeight: 1.6, padding: "0 4px" }}>
      <span className={cls}>{label}</span>
    </span>
  );
  return (
    <span style={{ display: "inline-flex", gap: 6, flexWrap: "wrap", fontWeight: "normal" }}>
      {chip("m-title", m.legendTitle)}
      {chip("m-qty", m.legendTarget)}
      {chip("m-qtyOff", m.legendOff)}
      {chip("m-owner", m.legendOwner)}
      {chip("m-deadline", m.legendDeadline)}
      {chip("m-removed", m.legendRemoved)}
    </span>
  );
}

/** A reader warning's kind in words (the code stays in the tag's title for support). */
function warningTag(code: string, m: Messages): string {
  if (code.endsWith("_REMOVED")) return m.w_REMOVED;
  const own = (m as Record<string, string>)[`w_${code}`];
  return own ?? m.w_other;
}

function Warnings({ data, m, onJump }: { data: DraftResponse; m: Messages; onJump: (offset: number) => void }) {
  const [open, setOpen] = useState(false);
  const { warnings, removed } = data.draft;
  const shown = removed.filter((r) => r.kind !== "blank");
  if (!warnings.length && !shown.length) return null;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        data-testid="reader-warnings"
        style={{ padding: "6px 12px" }}
        title={
          <span style={{ display: "inline-flex", flexWrap: "wrap", alignItems: "center", gap: "2px 12px" }}>
            <Typography.Text strong>{m.warnings}</Typography.Text>
            {warnings.map((w, i) => (
              <span key={i}>
                <Tag
                  color={w.code === "MOJIBAKE" ? "red" : "orange"}
                  style={{ fontSize: 11, marginInlineEnd: 4 }}
                  title={w.code}
                  data-code={w.code}
                >
                  {warningTag(w.code, m)}
                </Tag>
                {w.span ? (
                  <Typography.Link onClick={() => onJump(w.span!.start)}>{w.message}</Typography.Link>
                ) : (
                  w.message
                )}
              </span>
            ))}
          </span>
        }
        action={
          shown.length > 0 ? (
            <Button size="small" type="link" onClick={() => setOpen(true)} data-testid="show-removed">
              {m.showRemoved}（{shown.length}）
            </Button>
          ) : undefined
        }
      />
      <Modal
        open={open}
        title={fmt(m.removed, { n: shown.length })}
        footer={null}
        onCancel={() => setOpen(false)}
        width={720}
      >
        <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 480, overflow: "auto" }}>
          {shown.map((r, i) => (
            <li key={i} style={{ marginBottom: 6 }}>
              <Tag style={{ fontSize: 11 }}>{m[`removed_${r.kind}` as keyof Messages] ?? r.kind}</Tag>
              <Typography.Link
                onClick={() => {
                  setOpen(false);
                  onJump(r.start);
                }}
                style={{ color: "#595959" }}
              >
                {r.text.length > 120 ? `${r.text.slice(0, 120)}…` : r.text}
              </Typography.Link>
            </li>
          ))}
        </ul>
      </Modal>
    </>
  );
}

interface TreeNode {
  key: string;
  title: React.ReactNode;
  children: TreeNode[];
}

function OutlineTree(props: {
  outline: OutlineNode[];
  items: ReviewItem[];
  expandedKeys: string[];
  selected: string | null;
  placeholder: string;
  onSelect: (key: string) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const tree = useRef<React.ComponentRef<typeof Tree>>(null);
  const [height, setHeight] = useState(300);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(Math.max(120, el.clientHeight)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // keep the selected node in view (selection may come from the source side or the search box)
  useEffect(() => {
    if (props.selected) tree.current?.scrollTo({ key: props.selected, align: "auto" });
  }, [props.selected]);
  const treeData = useMemo(() => {
    const conv = (n: OutlineNode): TreeNode => {
      const targets = n.item.quantities.filter((q) => q.isTarget).length;
      return {
        key: n.key,
        title: (
          <span data-testid={`node-${n.key}`} style={{ whiteSpace: "nowrap" }}>
            {numberLabel(n.item) && (
              <Typography.Text type="secondary" data-testid="node-number">
                {numberLabel(n.item)}
                {/[\p{L}\p{N}]$/u.test(numberLabel(n.item)) ? " " : ""}
              </Typography.Text>
            )}
            {n.item.title}
            {n.item.quantities.length > 0 && (
              <Badge
                count={`${targets}/${n.item.quantities.length}`}
                style={{ background: targets ? "#52c41a" : "#bfbfbf", marginInlineStart: 6, fontSize: 11 }}
                size="small"
              />
            )}
          </span>
        ),
        children: n.children.map(conv),
      };
    };
    return props.outline.map(conv);
  }, [props.outline]);
  const find = (q: string) => {
    const t = q.trim();
    if (!t) return;
    const hit = props.items.find((it) => it.title.includes(t)) ?? props.items.find((it) => it.text.includes(t));
    if (hit) props.onSelect(hit.key);
  };
  return (
    <div style={{ display: "flex", flexDirection: "column", height: "100%", gap: 6 }}>
      <Input.Search
        size="small"
        allowClear
        placeholder={props.placeholder}
        onSearch={find}
        data-testid="outline-search"
      />
      <div ref={box} style={{ flex: 1, minHeight: 0 }} data-testid="outline-tree">
        <Tree
          ref={tree}
          treeData={treeData}
          height={height}
          virtual
          blockNode
          showLine
          expandedKeys={props.expandedKeys}
          selectedKeys={props.selected ? [props.selected] : []}
          onSelect={(_keys, info) => props.onSelect(String(info.node.key))}
          style={{ fontSize: 13 }}
        />
      </div>
    </div>
  );
}

function ItemEditor(props: {
  item: ReviewItem;
  index: number;
  items: ReviewItem[];
  busy: boolean;
  reviewed: Set<string>;
  m: Messages;
  apply: (ops: Op[], done?: string) => Promise<boolean>;
  onReviewed: (keys: string[]) => void;
  onSelect: (key: string) => void;
}) {
  const { item, index, items, busy, m, apply } = props;
  const [title, setTitle] = useState(item.title);
  const [splitOpen, setSplitOpen] = useState(false);
  const [splitAt, setSplitAt] = useState<number | null>(null);
  const [splitTitle, setSplitTitle] = useState("");
  const splitArea = useRef<TextAreaRef>(null);
  useEffect(() => setTitle(item.title), [item.title]);
  const prev = index > 0 ? items[index - 1] : undefined;

  const move = (op: ReturnType<typeof moveUp>) => op && void apply([op]);
  const setTarget = async (qs: ReviewQuantity[], isTarget: boolean) => {
    const ok = await apply(qs.map((q) => ({ op: "setQuantity", quantityKey: q.key, isTarget })));
    if (ok) props.onReviewed(qs.map((q) => q.key));
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <div>
        <Space size={6} style={{ marginBottom: 6 }}>
          <Tag color="blue">{fmt(m.level, { n: item.level })}</Tag>
          {numberLabel(item) && <Tag data-testid="item-number">{numberLabel(item)}</Tag>}
        </Space>
        <Space.Compact style={{ width: "100%" }}>
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            onPressEnter={() =>
              title.trim() &&
              title !== item.title &&
              void apply([{ op: "rename", itemKey: item.key, title: title.trim() }], m.renamed)
            }
            maxLength={500}
            aria-label={m.title}
            data-testid="rename-input"
          />
          <Button
            type="primary"
            disabled={busy || !title.trim() || title === item.title}
            onClick={() => void apply([{ op: "rename", itemKey: item.key, title: title.trim() }], m.renamed)}
            data-testid="rename-save"
          >
            {m.save}
          </Button>
        </Space.Compact>
      </div>
      <Space size={4} wrap>
        <Tooltip title={m.up}>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={busy || !moveUp(items, index)}
            onClick={() => move(moveUp(items, index))}
          />
        </Tooltip>
        <Tooltip title={m.down}>
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={busy || !moveDown(items, index)}
            onClick={() => move(moveDown(items, index))}
          />
        </Tooltip>
        <Tooltip title={m.outdent}>
          <Button
            size="small"
            icon={<ArrowLeftOutlined />}
            disabled={busy || !outdent(items, index)}
            onClick={() => move(outdent(items, index))}
          />
        </Tooltip>
        <Tooltip title={m.indent}>
          <Button
            size="small"
            icon={<ArrowRightOutlined />}
            disabled={busy || !indent(items, index)}
            onClick={() => move(indent(items, index))}
          />
        </Tooltip>
        <Popconfirm
          title={fmt(m.mergeConfirm, { title: prev?.title ?? "" })}
          disabled={!prev}
          onConfirm={async () => {
            if (prev && (await apply([{ op: "merge", itemKey: item.key, intoKey: prev.key }])))
              props.onSelect(prev.key);
          }}
        >
          <Button size="small" icon={<MergeCellsOutlined />} disabled={busy || !prev}>
            {m.mergePrev}
          </Button>
        </Popconfirm>
        <Button
          size="small"
          icon={<ScissorOutlined />}
          disabled={busy || item.text.length < 2}
          onClick={() => {
            setSplitAt(null);
            setSplitTitle("");
            setSplitOpen(true);
          }}
        >
          {m.split}
        </Button>
        <Popconfirm title={m.deleteConfirm} onConfirm={() => void apply([{ op: "delete", itemKey: item.key }])}>
          <Button size="small" danger icon={<DeleteOutlined />} disabled={busy}>
            {m.delete}
          </Button>
        </Popconfirm>
      </Space>
      {(item.owners.length > 0 || item.deadlines.length > 0) && (
        <Descriptions size="small" column={1} colon={false} styles={{ label: { width: 72, color: "#8c8c8c" } }}>
          {item.owners.length > 0 && (
            <Descriptions.Item label={m.owners}>
              <Space size={4} wrap>
                {item.owners.map((o, i) => (
                  <Tag key={i} color={o.role === "lead" ? "blue" : "default"}>
                    {o.unit}（{o.role === "lead" ? m.lead : m.support}）
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
          {item.deadlines.length > 0 && (
            <Descriptions.Item label={m.deadlines}>
              <Space size={4} wrap>
                {item.deadlines.map((d, i) => (
                  <Tag key={i} color="orange">
                    {d.text}
                    {d.date ? ` → ${d.date}` : ""}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      <div>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: 6 }}>
          <Typography.Text strong>
            {m.quantityList}（{item.quantities.length}）
          </Typography.Text>
          {item.quantities.length > 1 && (
            <Button
              size="small"
              type="link"
              disabled={busy}
              onClick={() => void setTarget(item.quantities, true)}
              data-testid="confirm-all"
            >
              {m.confirmAll}
            </Button>
          )}
        </div>
        {item.quantities.length === 0 ? (
          <Typography.Text type="secondary">{m.noQuantities}</Typography.Text>
        ) : (
          <Space orientation="vertical" size={6} style={{ width: "100%" }}>
            {item.quantities.map((q) => (
              <div
                key={q.key}
                data-testid={`qty-${q.key}`}
                style={{
                  display: "flex",
                  alignItems: "center",
                  gap: 8,
                  padding: "6px 8px",
                  border: "1px solid #f0f0f0",
                  borderRadius: 6,
                  background: q.isTarget ? "#f6ffed" : "#fafafa",
                }}
              >
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }} title={q.text}>
                    {q.indicator}
                  </div>
                  <Space size={4} wrap>
                    <Typography.Text strong style={{ color: q.isTarget ? "#389e0d" : "#8c8c8c" }}>
                      {q.value}
                      {q.unit}
                      {q.qualifier ?? ""}
                    </Typography.Text>
                    <Tag style={{ fontSize: 11, marginInlineEnd: 0 }}>{m[`kind_${q.kind}` as keyof Messages]}</Tag>
                    {q.year && <Tag style={{ fontSize: 11, marginInlineEnd: 0 }}>{fmt(m.year, { y: q.year })}</Tag>}
                    {props.reviewed.has(q.key) && <CheckOutlined style={{ color: "#52c41a" }} />}
                  </Space>
                </div>
                <Space.Compact size="small">
                  <Tooltip title={m.confirm}>
                    <Button
                      type={q.isTarget ? "primary" : "default"}
                      icon={<CheckOutlined />}
                      disabled={busy}
                      onClick={() => void setTarget([q], true)}
                      aria-label={m.confirm}
                      data-testid={`qty-confirm-${q.key}`}
                    />
                  </Tooltip>
                  <Tooltip title={m.reject}>
                    <Button
                      danger={!q.isTarget}
                      type={!q.isTarget ? "primary" : "default"}
                      icon={<CloseOutlined />}
                      disabled={busy}
                      onClick={() => void setTarget([q], false)}
                      aria-label={m.reject}
                      data-testid={`qty-reject-${q.key}`}
                    />
                  </Tooltip>
                </Space.Compact>
              </div>
            ))}
          </Space>
        )}
      </div>
      <div>
        <Typography.Text strong>{m.text}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 4, whiteSpace: "pre-wrap" }}>
          {item.text}
        </Typography.Paragraph>
      </div>
      <Modal
        open={splitOpen}
        title={m.splitTitle}
        onCancel={() => setSplitOpen(false)}
        onOk={async () => {
          // the caret position when OK is pressed (a blur keeps it)
          const at = splitArea.current?.resizableTextArea?.textArea.selectionStart ?? splitAt;
          if (at === null || at < 1 || at >= item.text.length) {
            setSplitAt(at ?? null);
            return;
          }
          const ok = await apply([
            { op: "split", itemKey: item.key, at, ...(splitTitle.trim() ? { title: splitTitle.trim() } : {}) },
          ]);
          if (ok) setSplitOpen(false);
        }}
        width={640}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{m.splitHint}</Typography.Paragraph>
        <Input.TextArea
          ref={splitArea}
          value={item.text}
          readOnly
          autoSize={{ minRows: 4, maxRows: 12 }}
          onSelect={(e) => setSplitAt((e.target as HTMLTextAreaElement).selectionStart)}
          onClick={(e) => setSplitAt((e.target as HTMLTextAreaElement).selectionStart)}
          onKeyUp={(e) => setSplitAt((e.target as HTMLTextAreaElement).selectionStart)}
          data-testid="split-text"
        />
        <Typography.Paragraph
          style={{ marginTop: 8 }}
          type={splitAt !== null && (splitAt < 1 || splitAt >= item.text.length) ? "danger" : undefined}
        >
          {splitAt !== null ? fmt(m.splitAt, { n: splitAt }) : m.splitHint}
        </Typography.Paragraph>
        <Input
          placeholder={m.splitNewTitle}
          value={splitTitle}
          onChange={(e) => setSplitTitle(e.target.value)}
          maxLength={500}
        />
      </Modal>
    </Space>
  );
}
