// A dialog about one row of a list: the row it is about and whether it is
// open. `show(null)` opens it about no row (e.g. to create one).
import { ref, type Ref } from 'vue'

export function useDialogFor<T>() {
  const open = ref(false)
  const item = ref(null) as Ref<T | null>
  function show(row: T | null) {
    item.value = row
    open.value = true
  }
  return { open, item, show }
}
