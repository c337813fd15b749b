// Short confirmations after a change ("已保存"); errors stay on the page.
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'

export function notifyDone(message: string) {
  ElMessage({ type: 'success', message, duration: 2500 })
}
