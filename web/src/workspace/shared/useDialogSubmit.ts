// The confirm button of a form dialog: busy while the hub answers, the
// dialog closes when it accepts, and a refusal stays in the dialog as a
// sentence.
import type { Ref } from 'vue'
import { useRequestMessage } from './useRequest'

export function useDialogSubmit(open: Ref<boolean>) {
  const { pending: busy, error, run } = useRequestMessage()
  async function submit(task: () => Promise<void>): Promise<void> {
    await run(async () => {
      await task()
      open.value = false
    })
  }
  return { busy, error, submit }
}
