// Chinese by default, English on request. Each page brings its own messages
// (`useT({zh: {...}, en: {...}})`); shared words live in ./common.ts.
import { ref, watch } from 'vue'
import { common } from './common'

export type Locale = 'zh' | 'en'
export type Messages = Record<Locale, Record<string, string>>

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang')
  if (fromUrl === 'en' || fromUrl === 'zh') return fromUrl
  const saved = localStorage.getItem('yungu.locale')
  return saved === 'en' ? 'en' : 'zh'
}

export const locale = ref<Locale>(initialLocale())
watch(
  locale,
  (l) => {
    localStorage.setItem('yungu.locale', l)
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'
  },
  { immediate: true },
)

function format(text: string, params?: Record<string, string | number>): string {
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m))
}

export function translate(messages: Messages | undefined, key: string, params?: Record<string, string | number>): string {
  const l = locale.value
  const text = messages?.[l]?.[key] ?? common[l][key] ?? messages?.zh?.[key] ?? common.zh[key] ?? key
  return format(text, params)
}

// The translation function for a page: its own messages first, then common ones.
export function useT(messages?: Messages) {
  return (key: string, params?: Record<string, string | number>) => translate(messages, key, params)
}

// Picks the Chinese or English form of a value the API gives in both.
export function pick(zh: string | undefined | null, en: string | undefined | null): string {
  return (locale.value === 'en' ? en || zh : zh || en) ?? ''
}
