// The one HTTP client of the web app: JSON in and out, the session's CSRF token on writes, server errors
// as ApiError (code + Chinese/English message), a 401 sends the user to the login page.

export class ApiError extends Error {
  status: number;
  code: string;
  messageEn?: string;
  details?: unknown;
  constructor(status: number, code: string, message: string, messageEn?: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.messageEn = messageEn;
    this.details = details;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

let csrfToken = "";
let locale: "zh" | "en" = "zh";
let onUnauthorized: (() => void) | null = null;

/** Set by the session provider after login or /auth/me. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}
/** Set by the locale provider: picks the server message's language for ApiError.message. */
export function setApiLocale(l: "zh" | "en"): void {
  locale = l;
}
/** Called on a 401 (not for the login call itself). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export function apiUrl(path: string, query?: Query): string {
  const url = `/api${path.startsWith("/") ? path : `/${path}`}`;
  if (!query) return url;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${url}${url.includes("?") ? "&" : "?"}${s}` : url;
}

interface ErrorBody {
  error?: { code?: string; message?: string; messageEn?: string; details?: unknown };
}

/** Builds an ApiError from a response status and its (maybe JSON) body. */
export function errorFrom(status: number, body: unknown, path: string): ApiError {
  const e = (body as ErrorBody | null)?.error;
  if (e?.code) {
    const zh = e.message ?? e.code;
    return new ApiError(status, e.code, locale === "en" && e.messageEn ? e.messageEn : zh, e.messageEn, e.details);
  }
  if (status === 0)
    return new ApiError(
      0,
      "NETWORK",
      locale === "en" ? "network error; check the connection" : "网络错误，请检查网络连接",
      "network error",
    );
  return new ApiError(
    status,
    "HTTP_" + status,
    locale === "en" ? `request failed (${status})` : `请求失败（${status}）`,
    undefined,
    { path },
  );
}

function handleUnauthorized(status: number, path: string): void {
  if (status === 401 && path !== "/auth/login" && onUnauthorized) onUnauthorized();
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw errorFrom(0, null, path);
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    handleUnauthorized(res.status, path);
    throw errorFrom(res.status, data, path);
  }
  return data as T;
}

/** Upload with progress (XMLHttpRequest: fetch has no upload progress). */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress?: (percent: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(errorFrom(0, null, path));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else {
        handleUnauthorized(xhr.status, path);
        reject(errorFrom(xhr.status, data, path));
      }
    };
    xhr.send(form);
  });
}

function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/iu.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/gu, ""));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/iu.exec(disposition);
  return plain?.[1] ?? fallback;
}

async function download(path: string, query?: Query): Promise<void> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { credentials: "same-origin" });
  } catch {
    throw errorFrom(0, null, path);
  }
  if (!res.ok) {
    let data: unknown = undefined;
    try {
      data = await res.json();
    } catch {
      /* not JSON */
    }
    handleUnauthorized(res.status, path);
    throw errorFrom(res.status, data, path);
  }
  const blob = await res.blob();
  const name = filenameOf(res.headers.get("content-disposition"), path.split("/").pop() || "download");
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>("GET", path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, body),
  del: <T>(path: string, body?: unknown) => request<T>("DELETE", path, body),
  upload: <T>(path: string, form: FormData) => request<T>("POST", path, form),
  download,
};
