// Words the trace screens share.
import type { Messages } from '../../i18n'

export const auditWords: Messages = {
  zh: {
    'category.read': '读取',
    'category.admin': '管理',
    'category.auth': '认证',
    'outcome.ok': '成功',
    'outcome.denied': '拒绝',
    'outcome.error': '出错',
  },
  en: {
    'category.read': 'Read',
    'category.admin': 'Admin',
    'category.auth': 'Auth',
    'outcome.ok': 'OK',
    'outcome.denied': 'Denied',
    'outcome.error': 'Error',
  },
}

export const outcomeTagType = (outcome: string) =>
  outcome === 'ok' ? 'success' : outcome === 'denied' ? 'warning' : 'danger'
