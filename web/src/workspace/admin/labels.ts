// How pickers name departments and users.
import type { User } from '../../api/admin'
import type { Department } from '../../api/types'
import { pick } from '../../i18n'

export const departmentLabel = (d: Department) => `${pick(d.name, d.name_en)} (${d.code})`

export const userLabel = (u: User) => `${u.username}（${u.display_name}）`
