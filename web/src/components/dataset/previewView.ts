// The preview's view (sort, page, page size, search) lives in the URL, so a
// view can be shared, and the downloads and API tabs describe exactly it.
import { computed } from 'vue'
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router'
import type { QueryParams } from '../../api/client'

export interface PreviewView {
  sort: string // "field" or "-field", "" for the stored order
  page: number
  size: number
  q: string
}

export const PAGE_SIZES = [10, 20, 50, 100]
const DEFAULT_SIZE = 20

function text(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function positive(v: unknown, fallback: number): number {
  const n = Number.parseInt(text(v), 10)
  return Number.isFinite(n) && n > 0 ? n : fallback
}

export function usePreviewView() {
  const route = useRoute()
  const router = useRouter()
  const view = computed<PreviewView>(() => {
    const size = positive(route.query.size, DEFAULT_SIZE)
    return {
      sort: text(route.query.sort),
      page: positive(route.query.page, 1),
      size: PAGE_SIZES.includes(size) ? size : DEFAULT_SIZE,
      q: text(route.query.q),
    }
  })
  function update(patch: Partial<PreviewView>) {
    const next = { ...view.value, ...patch }
    const query: LocationQueryRaw = {
      ...route.query,
      sort: next.sort || undefined,
      page: next.page > 1 ? String(next.page) : undefined,
      size: next.size !== DEFAULT_SIZE ? String(next.size) : undefined,
      q: next.q || undefined,
    }
    router.replace({ query })
  }
  return { view, update }
}

export function previewParams(v: PreviewView): QueryParams {
  return { limit: v.size, offset: (v.page - 1) * v.size, sort: v.sort || undefined, q: v.q || undefined, total: true }
}

// The same rows in full, in the same order, for a download.
export function exportParams(v: PreviewView, format: string, bom = false): QueryParams {
  return { format, sort: v.sort || undefined, q: v.q || undefined, bom: bom || undefined }
}

// A query string people can read: only what a URL cannot carry is escaped.
export function readableQuery(params: QueryParams): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    const raw = Array.isArray(value) ? value.join(',') : String(value)
    const escaped = encodeURIComponent(raw).replace(/%2C/gi, ',').replace(/%3A/gi, ':')
    parts.push(`${key}=${escaped}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

export function datasetApiPath(id: string, action: 'query' | 'export'): string {
  return `/api/v1/datasets/${encodeURIComponent(id)}/${action}`
}

export function parseSort(sort: string): { field: string; descending: boolean } | null {
  if (!sort) return null
  return sort.startsWith('-') ? { field: sort.slice(1), descending: true } : { field: sort, descending: false }
}
