// Choices for the trace search form: the users, departments and datasets an
// auditor can name. The API filters by user id and dataset id; people pick
// by name. Each list is optional: a failure leaves free text.
import { ref } from 'vue'
import { listDepartments, listUsers, type User } from '../../api/admin'
import { api } from '../../api/client'
import type { CatalogPage, Department } from '../../api/types'
import { pick } from '../../i18n'
import { departmentLabel, userLabel } from '../admin/labels'

export interface Choice {
  value: string
  label: string
}

export function useFilterOptions() {
  const users = ref<Choice[]>([])
  const departments = ref<Choice[]>([])
  const datasets = ref<Choice[]>([])

  listUsers()
    .then((list: User[]) => {
      users.value = list.map((u) => ({ value: u.id, label: userLabel(u) }))
    })
    .catch(() => undefined)
  listDepartments()
    .then((list: Department[]) => {
      departments.value = list.map((d) => ({ value: d.code, label: departmentLabel(d) }))
    })
    .catch(() => undefined)
  api<CatalogPage>('/datasets', { params: { limit: 100 } })
    .then((page) => {
      datasets.value = page.datasets.map((d) => ({ value: d.id, label: `${pick(d.name, d.name_en)} (${d.id})` }))
    })
    .catch(() => undefined)

  return { users, departments, datasets }
}

// The actions the hub records, for the action picker (free text works too).
export const KNOWN_ACTIONS = [
  'dataset.query',
  'dataset.export',
  'application.submit',
  'application.approve',
  'application.reject',
  'application.withdraw',
  'grant.revoke',
  'auth.login',
  'auth.logout',
  'auth.lockout',
  'user.create',
  'user.update',
  'user.roles',
  'user.password_reset',
  'token.create',
  'token.revoke',
  'app_key.create',
  'app_key.rate',
  'app_key.revoke',
  'department.create',
  'department.update',
  'department.delete',
  'dataset.create',
  'dataset.update',
  'dataset.delete',
  'dataset.ingest',
  'audit.search',
]
