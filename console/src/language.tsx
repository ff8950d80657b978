import { createContext, useContext } from 'react';
import { enumLabel, translate, type Language, type MessageKey } from './i18n';

export interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

export const LanguageContext = createContext<LanguageState>({ language: 'zh-CN', setLanguage: () => undefined });

/** The current language's `t(key)` and `label(prefix, value)` for enums. */
export function useText() {
  const { language, setLanguage } = useContext(LanguageContext);
  return {
    language,
    setLanguage,
    t: (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values),
    label: (prefix: string, value: string) => enumLabel(language, prefix, value),
  };
}
