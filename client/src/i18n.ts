/**
 * The workbench in Chinese and English, with i18next: one file of texts per language
 * (`locales/`), plurals by `count`, the language detected from what the user chose before, then
 * the browser, and remembered. Keys and interpolation variables are checked by the compiler.
 */
import i18next, { type TFunction } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, enLabels } from './locales/en';
import type { Labels } from './locales/labels';
import { zh, zhLabels } from './locales/zh';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

const LABELS: Record<Lang, Labels> = { zh: zhLabels, en: enLabels };
const STORAGE_KEY = 'refute.lang';

void i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    supportedLngs: LANGS,
    nonExplicitSupportedLngs: true,
    fallbackLng: 'zh',
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: STORAGE_KEY, caches: ['localStorage'] },
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });

const langOf = (language: string | undefined): Lang => (language?.startsWith('en') ? 'en' : 'zh');

function applyToDocument(language: string): void {
  document.documentElement.lang = langOf(language) === 'zh' ? 'zh-CN' : 'en';
}
applyToDocument(i18next.language);
i18next.on('languageChanged', applyToDocument);

export type Translate = TFunction;
export type MessageKey = keyof typeof en extends infer K ? (K extends `${infer Base}_${'one' | 'other'}` ? Base : K) : never;

export function setLang(lang: Lang): void {
  void i18next.changeLanguage(lang);
}

/** The current language, its texts and the names of the domain's values; re-renders on a change of language. */
export function useT() {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.resolvedLanguage ?? i18n.language);
  return { lang, setLang, t, labels: LABELS[lang] };
}

/** A readable name for a history action the dictionary does not know. */
export function actionLabel(l: Labels, action: string): string {
  return l.action[action] ?? action.replace(/[_.]/g, ' ');
}

export function fieldLabel(l: Labels, field: string): string {
  return l.field[field] ?? field;
}
