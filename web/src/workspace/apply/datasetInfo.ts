// Applications and grants name datasets by id; lists show names and field
// titles, so they look each dataset up once (api/workflow.ts caches it).
import { reactive } from 'vue'
import type { Dataset } from '../../api/types'
import { datasetInfo } from '../../api/workflow'
import { pick } from '../../i18n'

export function useDatasetInfo() {
  const known = reactive(new Map<string, Dataset | null>())

  async function ensure(ids: string[]) {
    const missing = [...new Set(ids)].filter((id) => !known.has(id))
    await Promise.all(missing.map(async (id) => known.set(id, await datasetInfo(id))))
  }

  const name = (id: string) => {
    const d = known.get(id)
    return d ? pick(d.name, d.name_en) || id : id
  }
  const fields = (id: string) => known.get(id)?.fields ?? []
  const fieldTitle = (id: string, field: string) => fields(id).find((f) => f.name === field)?.title || field

  return { ensure, name, fields, fieldTitle }
}
