// A screen's calls to the hub: a flag raised while one runs, and what went
// wrong with the last one (cleared when the next starts), so the screen can
// show a spinner and an error instead of repeating try/catch/finally.
import { ref, shallowRef, type Ref } from 'vue'
import { errorText } from '../apply/errorText'

// Runs `task` with `pending` raised; a failure goes to `fail`. Answers what
// the task answered, or undefined when it failed.
export async function runPending<T>(pending: Ref<boolean>, task: () => Promise<T>, fail: (e: unknown) => void): Promise<T | undefined> {
  pending.value = true
  try {
    return await task()
  } catch (e) {
    fail(e)
    return undefined
  } finally {
    pending.value = false
  }
}

// The failure kept as thrown, for screens that show it with ApiErrorAlert.
export function useRequest() {
  const pending = ref(false)
  const error = shallowRef<unknown>(null)
  function run<T>(task: () => Promise<T>, fail?: (e: unknown) => void): Promise<T | undefined> {
    error.value = null
    return runPending(pending, task, (e) => {
      error.value = e
      fail?.(e)
    })
  }
  return { pending, error, run }
}

// The failure as a sentence for the user (errorText).
export function useRequestMessage() {
  const pending = ref(false)
  const error = ref('')
  function run<T>(task: () => Promise<T>, fail?: (e: unknown) => void): Promise<T | undefined> {
    error.value = ''
    return runPending(pending, task, (e) => {
      error.value = errorText(e)
      fail?.(e)
    })
  }
  return { pending, error, run }
}
