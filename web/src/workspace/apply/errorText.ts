// Turns an API failure into a sentence for the user: a translation of the
// stable error code when there is one, else the hub's own message. Used by
// the application, inbox, audit and admin screens.
import { ApiError } from '../../api/client'
import { locale, useT } from '../../i18n'

const known = useT({
  zh: {
    'auth.required': '请先登录',
    'auth.scope': '当前凭据权限不足',
    'auth.forbidden': '无权执行此操作',
    'access.forbidden': '无权执行此操作',
    'auth.weak_password': '密码不符合要求',
    'auth.bad_username': '用户名不符合要求（小写字母、数字、下划线）',
    'auth.no_roles': '至少选择一个角色',
    'auth.department_required': '该角色需要所属部门',
    'auth.public_user_department': '公众用户不属于任何部门',
    'auth.unknown_department': '部门不存在',
    'auth.bad_expiry': '有效期不符合要求',
    'auth.bad_rate': '限流参数不符合要求',
    'auth.username_taken': '用户名已存在',
    'catalog.dataset_not_found': '数据资源不存在',
    'catalog.department_exists': '部门代码已存在',
    'catalog.department_cycle': '上级部门不能是本部门或其下级',
    'catalog.department_in_use': '部门仍有数据资源，不能删除',
    'catalog.department_has_children': '部门仍有下级单位，不能删除',
    'workflow.already_pending': '您对该数据资源已有待审批的申请，请先撤回或等待答复',
    'workflow.not_applicable': '该数据资源无需申请或不接受申请',
    'workflow.purpose_required': '请填写申请用途',
    'workflow.legal_basis_required': '请填写申请依据',
    'workflow.fields_required': '至少选择一个字段',
    'workflow.field_not_requested': '只能在申请的字段范围内授权',
    'workflow.bad_duration': '使用期限超出允许范围',
    'workflow.bad_row_filter': '行范围条件不正确',
    'workflow.bad_masks': '脱敏设置不正确',
    'workflow.bad_quota': '每日限额须为非负整数',
    'workflow.reason_required': '请填写理由',
    'workflow.text_too_long': '文字过长（最多 2000 字）',
    'workflow.not_pending': '该申请已处理',
    'workflow.forbidden': '无权处理该申请',
    'audit.forbidden': '仅审计员和平台管理员可查看留痕',
    'audit.bad_parameter': '检索条件不正确',
    'network': '网络错误，请稍后重试',
  },
  en: {
    'auth.required': 'Please sign in first',
    'auth.scope': 'This credential is not allowed to do that',
    'auth.forbidden': 'You are not allowed to do that',
    'access.forbidden': 'You are not allowed to do that',
    'auth.weak_password': 'The password does not meet the rules',
    'auth.bad_username': 'Usernames are lower-case letters, digits and underscores',
    'auth.no_roles': 'Choose at least one role',
    'auth.department_required': 'This role needs a department',
    'auth.public_user_department': 'Public users belong to no department',
    'auth.unknown_department': 'No such department',
    'auth.bad_expiry': 'The expiry is out of range',
    'auth.bad_rate': 'The rate limit is out of range',
    'auth.username_taken': 'That username is taken',
    'catalog.dataset_not_found': 'No such dataset',
    'catalog.department_exists': 'That department code is taken',
    'catalog.department_cycle': 'A department cannot sit below itself',
    'catalog.department_in_use': 'The department still owns datasets',
    'catalog.department_has_children': 'The department still has units below it',
    'workflow.already_pending': 'You already have a pending application for this dataset; withdraw it or wait for the answer',
    'workflow.not_applicable': 'This dataset needs no application or takes none',
    'workflow.purpose_required': 'State the purpose',
    'workflow.legal_basis_required': 'State the legal basis',
    'workflow.fields_required': 'Choose at least one field',
    'workflow.field_not_requested': 'A grant can only narrow the fields asked for',
    'workflow.bad_duration': 'The duration is out of range',
    'workflow.bad_row_filter': 'The row conditions are not valid',
    'workflow.bad_masks': 'The masking settings are not valid',
    'workflow.bad_quota': 'The daily quota is a row count, 0 for none',
    'workflow.reason_required': 'Give a reason',
    'workflow.text_too_long': 'Too long (2000 characters at most)',
    'workflow.not_pending': 'This application has already been decided',
    'workflow.forbidden': 'You may not decide this application',
    'audit.forbidden': 'Only auditors and platform admins read the trace',
    'audit.bad_parameter': 'A search condition is not valid',
    'network': 'Network error; try again',
  },
})

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const text = known(e.code)
    if (text === e.code) return e.message || e.code
    // The hub's message says exactly what was wrong; keep it as detail.
    if (!e.message || e.message === text) return text
    return locale.value === 'en' ? `${text} (${e.message})` : `${text}（${e.message}）`
  }
  if (e instanceof Error) return e.message
  return String(e)
}
