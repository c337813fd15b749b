// The credentials a section lists (API tokens, app keys): mine, or with
// "show all" everyone's for a platform admin, who then sees whose they are.
import { computed, onMounted, ref, watch, type Ref } from 'vue'
import { listUsers, type User } from '../../api/admin'
import { useRequestMessage } from '../shared/useRequest'
import { isPlatformAdmin } from './permissions'

export function useCredentialList<T>(list: (all: boolean) => Promise<T[]>) {
  const items = ref([]) as Ref<T[]>
  const showAll = ref(false)
  const { pending: loading, error, run } = useRequestMessage()
  const load = () =>
    run(async () => {
      items.value = await list(showAll.value)
    })
  watch(showAll, load, { immediate: true })

  const users = ref<User[]>([])
  onMounted(async () => {
    if (isPlatformAdmin()) users.value = await listUsers().catch(() => [])
  })
  const usernames = computed(() => new Map(users.value.map((u) => [u.id, u.username])))
  const username = (id: string) => usernames.value.get(id) ?? id

  return { items, showAll, loading, error, load, users, username }
}
