// Department names for codes, loaded once per page load (GET /departments is
// public and rarely changes).
import { ref } from 'vue'
import { listDepartments } from '../../api/admin'
import type { Department } from '../../api/types'
import { pick } from '../../i18n'

const departments = ref<Map<string, Department>>(new Map())
let loading: Promise<void> | null = null

function load() {
  loading ??= listDepartments()
    .then((list) => {
      departments.value = new Map(list.map((d) => [d.code, d]))
    })
    .catch(() => {
      loading = null
    })
  return loading
}

// The department's name in the page's language, or the code while loading
// or when unknown.
export function useDepartmentNames() {
  void load()
  return (code: string | null | undefined): string => {
    if (!code) return '—'
    const d = departments.value.get(code)
    return d ? pick(d.name, d.name_en) || code : code
  }
}
