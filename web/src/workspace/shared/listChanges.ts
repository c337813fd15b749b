// Changes made from a list (create, delete, revoke, enable): the list has no
// form to show a refusal in, so it appears as a message.
import { ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { errorText } from '../apply/errorText'
import { runPending } from './useRequest'

export async function withErrorToast(task: () => Promise<void>, pending: Ref<boolean> = ref(false)): Promise<void> {
  await runPending(pending, task, (e) => ElMessage.error(errorText(e)))
}

// The usual change to a row: make it, say it is done, show the list again.
export function changeThenReload(change: () => Promise<unknown>, done: string, reload: () => Promise<unknown>): Promise<void> {
  return withErrorToast(async () => {
    await change()
    ElMessage.success(done)
    await reload()
  })
}
