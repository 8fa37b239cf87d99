// Message catalogues and the current language. Both catalogues are bundled (they are small) so the first
// screen renders translated with no loading state, offline.

import { addMessages, getLocaleFromNavigator, init, locale } from "svelte-i18n";
import type { PdfLanguage } from "../bindings";
import en from "./en.json";
import zhCN from "./zh-CN.json";

export const LOCALES = ["en", "zh-CN"] as const;
export type AppLocale = (typeof LOCALES)[number];

/** A translation function: `$_` in components, passed down to helpers that build messages. */
export type Translate = (
  id: string,
  options?: { values?: Record<string, string | number | null | undefined> },
) => string;

const STORAGE_KEY = "fieldquote.locale";

/** `zh`, `zh-CN`, `zh-Hans-CN`, `zh-TW`… all get Simplified Chinese (the only Chinese we ship); the rest English. */
export function normalizeLocale(tag: string | null | undefined): AppLocale {
  return tag && tag.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

function storedLocale(): AppLocale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(value ?? "") ? (value as AppLocale) : null;
  } catch {
    return null;
  }
}

function applyDocumentLang(value: AppLocale): void {
  // Lets the webview pick Simplified Chinese glyph forms for Han characters.
  document.documentElement.lang = value;
}

export function setupI18n(): AppLocale {
  addMessages("en", en);
  addMessages("zh-CN", zhCN);
  const initial = storedLocale() ?? normalizeLocale(getLocaleFromNavigator());
  void init({ fallbackLocale: "en", initialLocale: initial });
  applyDocumentLang(initial);
  return initial;
}

/** Switch the language at once and remember it for the next start. */
export function setLocale(value: AppLocale): void {
  void locale.set(value);
  applyDocumentLang(value);
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Storage can be unavailable (private mode, quota); the switch still applies for this session.
  }
}

/** The PDF language matching a UI locale. */
export function pdfLang(value: string | null | undefined): PdfLanguage {
  return normalizeLocale(value) === "zh-CN" ? "zh" : "en";
}
