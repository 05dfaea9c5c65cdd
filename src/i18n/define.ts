/**
 * Each feature keeps its UI text in one file under messages/, Chinese and English side
 * by side; the same keys must exist in both (a missing translation is a type error).
 */
export function defineMessages<K extends string>(m: {
  'zh-CN': Record<K, string>;
  en: NoInfer<Record<K, string>>;
}) {
  return m;
}
