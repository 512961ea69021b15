// The UI language: zh-CN by default, English on request, the choice kept in localStorage. Each page keeps
// its own { zh, en } dictionary next to it and reads it with useMessages.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { setApiLocale } from "../api/client.ts";

export type Locale = "zh" | "en";
const STORAGE_KEY = "luoshi.locale";

interface LocaleValue {
  locale: Locale;
  setLocale(l: Locale): void;
}

const LocaleContext = createContext<LocaleValue>({ locale: "zh", setLocale: () => {} });

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

function apply(l: Locale): void {
  setApiLocale(l);
  dayjs.locale(l === "en" ? "en" : "zh-cn");
  document.documentElement.lang = l === "en" ? "en" : "zh-CN";
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => {
    const l = initialLocale();
    apply(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: keep it for this page only */
    }
    apply(l);
    setState(l);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleValue {
  return useContext(LocaleContext);
}

export function useMessages<M extends Record<string, string>>(messages: { zh: M; en: M }): M {
  const { locale } = useLocale();
  return messages[locale];
}

/** Replaces {name} placeholders: fmt("共 {n} 条", { n: 3 }). */
export function fmt(template: string, values: object): string {
  const v = values as Record<string, unknown>;
  return template.replace(/\{(\w+)\}/gu, (m, k: string) =>
    k in v && v[k] !== undefined && v[k] !== null ? String(v[k]) : m,
  );
}
