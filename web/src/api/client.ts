// The one way the pages talk to the hub: JSON over /api/v1 with the session
// cookie, the CSRF header on changes, and errors as ApiError values carrying
// the API's stable error code.
import { session } from '../session'

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details?: unknown,
  ) {
    super(message)
  }
}

export type QueryParams = Record<string, string | number | boolean | undefined | null | string[]>

export function queryString(params: QueryParams | undefined): string {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','))
    } else {
      q.set(k, String(v))
    }
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export function apiUrl(path: string, params?: QueryParams): string {
  return `/api/v1${path}${queryString(params)}`
}

interface RequestOptions {
  method?: string
  params?: QueryParams
  body?: unknown
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = await res.json()
    const e = body?.error ?? {}
    return new ApiError(res.status, e.code ?? `http.${res.status}`, e.message ?? res.statusText, e)
  } catch {
    return new ApiError(res.status, `http.${res.status}`, res.statusText)
  }
}

export async function api<T = any>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST')
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf
  const res = await fetch(apiUrl(path, options.params), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  if (!res.ok) throw await errorFrom(res)
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

export interface UploadProgress {
  loaded: number
  total: number
}

// Uploads a file as the raw request body (the hub detects format and encoding),
// reporting progress; XMLHttpRequest because fetch has no upload progress.
export function upload<T = any>(
  path: string,
  file: Blob,
  params: QueryParams,
  onProgress: (p: UploadProgress) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', apiUrl(path, params))
    xhr.withCredentials = true
    if (session.csrf) xhr.setRequestHeader('X-CSRF-Token', session.csrf)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size })
    xhr.onload = () => {
      let body: any = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T)
      else {
        const e = body?.error ?? {}
        reject(new ApiError(xhr.status, e.code ?? `http.${xhr.status}`, e.message ?? xhr.statusText, e))
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'))
    xhr.send(file)
  })
}
