// Unknown addresses inside the app.
import { Button, Result } from "antd";
import { useNavigate } from "react-router";
import { useMessages } from "../../app/i18n.tsx";

const M = {
  zh: { title: "页面不存在", back: "返回工作台" },
  en: { title: "Page not found", back: "Back to my work" },
};

export default function NotFoundPage() {
  const m = useMessages(M);
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={m.title}
      extra={
        <Button type="primary" onClick={() => navigate("/")}>
          {m.back}
        </Button>
      }
    />
  );
}
