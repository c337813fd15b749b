// Words more than one part of the dataset page uses.
import { ApiError } from '../../api/client'
import type { Messages } from '../../i18n'

export const datasetWords: Messages = {
  zh: {
    'sensitivity.1': '公开',
    'sensitivity.2': '内部',
    'sensitivity.3': '敏感',
    'sensitivity.4': '高度敏感',
    masked: '已脱敏',
    maskedHint: '该字段按您的访问身份脱敏后提供，不能用于排序、筛选或统计',
    'sort.asc': '升序',
    'sort.desc': '降序',
    'sort.none': '默认顺序',
    noData: '该数据资源尚未加载数据',
    'error.query.masked_field': '脱敏字段不能用于排序、筛选或统计',
    'error.query.no_data': '该数据资源尚未加载数据',
    'error.access.quota_exhausted': '您的授权今日可读取的行数已用完',
    'error.rate.limited': '请求过于频繁，请稍后再试',
  },
  en: {
    'sensitivity.1': 'Public',
    'sensitivity.2': 'Internal',
    'sensitivity.3': 'Sensitive',
    'sensitivity.4': 'Highly sensitive',
    masked: 'masked',
    maskedHint: 'You read this field masked; it cannot be sorted, filtered or aggregated',
    'sort.asc': 'ascending',
    'sort.desc': 'descending',
    'sort.none': 'stored order',
    noData: 'No data has been loaded into this dataset yet',
    'error.query.masked_field': 'Masked fields cannot be sorted, filtered or aggregated',
    'error.query.no_data': 'No data has been loaded into this dataset yet',
    'error.access.quota_exhausted': "Your grant's rows for today are used up",
    'error.rate.limited': 'Too many requests; try again in a moment',
  },
}

// Both word lists, the component's own first.
export function withDatasetWords(own: Messages): Messages {
  return { zh: { ...datasetWords.zh, ...own.zh }, en: { ...datasetWords.en, ...own.en } }
}

// An API error in the page's language when the code is known, else as the hub said it.
export function errorText(t: (key: string) => string, e: unknown): string {
  if (!(e instanceof ApiError)) return e instanceof Error ? e.message : String(e)
  const key = `error.${e.code}`
  const text = t(key)
  return text !== key ? text : e.message
}
