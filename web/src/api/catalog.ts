// Typed helpers for the public catalog: search, departments, themes and the
// open-rate and portal statistics.
import { ref } from 'vue'
import { api } from './client'
import type { CatalogPage, Department, Theme } from './types'
import { pick } from '../i18n'

// The facets a search can be narrowed by, in the order the catalog shows them.
export const FACET_KEYS = ['department', 'theme', 'opening_type', 'format', 'update_cycle'] as const
export type FacetKey = (typeof FACET_KEYS)[number]

export interface CatalogQuery {
  q?: string
  filters?: Partial<Record<FacetKey, string[]>>
  sort?: string
  limit?: number
  offset?: number
}

export function searchDatasets(query: CatalogQuery): Promise<CatalogPage> {
  return api<CatalogPage>('/datasets', {
    params: {
      q: query.q?.trim() || undefined,
      sort: query.sort,
      limit: query.limit,
      offset: query.offset || undefined,
      ...query.filters,
    },
  })
}

// Departments and themes change rarely; pages share one answer for a minute.
function cachedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null
  let loadedAt = 0
  return () => {
    if (!value || Date.now() - loadedAt > ms) {
      loadedAt = Date.now()
      value = load().catch((e) => {
        value = null
        throw e
      })
    }
    return value
  }
}

export const listDepartments = cachedFor(60_000, async () => {
  const body = await api<{ departments: Department[] }>('/departments')
  return body.departments
})

export const listThemes = cachedFor(60_000, async () => {
  const body = await api<{ themes: Theme[] }>('/themes')
  return body.themes
})

export function getDepartment(code: string): Promise<Department> {
  return api<Department>(`/departments/${encodeURIComponent(code)}`)
}

// One department's (or the city's) figures in /stats/open-rate.
export interface OpenRateTally {
  entries: number
  opened: number
  open_rate: number
  meets_2018_target: boolean
  meets_2020_target: boolean
  sharing: Record<'unconditional' | 'conditional' | 'none', number>
  opening: Record<'unconditional' | 'conditional' | 'none', number>
  datasets_with_data: number
  quality_reports: number
  quality_score: number | null
  updates_overdue: number
  updates_due: number
  applications_pending: number
  applications_overdue: number
}

export interface DepartmentOpenRate extends OpenRateTally {
  department: string
  name: string
}

// The plan's open-rate targets (fractions), by year.
export interface OpenRateTargets {
  '2018': number
  '2020': number
}

// What the plan asks (60% by 2018, 90% by 2020), shown until the hub answers.
export const PLAN_TARGETS: OpenRateTargets = { '2018': 0.6, '2020': 0.9 }

export interface OpenRateStats {
  computed_at: string
  targets: OpenRateTargets
  city: OpenRateTally
  departments: DepartmentOpenRate[]
}

export function getOpenRate(): Promise<OpenRateStats> {
  return api<OpenRateStats>('/stats/open-rate')
}

// The portal's headline counts, over what the caller may see.
export interface PortalStats {
  datasets: number
  departments: number
  apis: number
  downloads: number
  reads: number
}

export function getPortalStats(): Promise<PortalStats> {
  return api<PortalStats>('/stats/portal')
}

// Names for the codes the catalog returns (departments and themes), loaded
// once per page and following the UI language.
export function useCatalogLabels() {
  const departments = ref<Department[]>([])
  const themes = ref<Theme[]>([])
  // Without names the codes show instead; nothing else depends on them.
  listDepartments().then((d) => (departments.value = d), () => undefined)
  listThemes().then((t) => (themes.value = t), () => undefined)

  function departmentName(code: string): string {
    const d = departments.value.find((x) => x.code === code)
    return d ? pick(d.name, d.name_en) : code
  }
  function themeLabel(key: string): string {
    const t = themes.value.find((x) => x.key === key)
    return t ? pick(t.label, t.label_en) : key
  }
  return { departments, themes, departmentName, themeLabel }
}
