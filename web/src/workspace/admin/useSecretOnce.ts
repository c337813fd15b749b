// A secret the hub answers once (a password, a token, an app key), shown in
// SecretOnceDialog.
import { ref } from 'vue'

export function useSecretOnce() {
  const secretOpen = ref(false)
  const secret = ref({ title: '', value: '' })
  function showSecret(title: string, value: string) {
    secret.value = { title, value }
    secretOpen.value = true
  }
  return { secretOpen, secret, showSecret }
}
