// Every page has its own URL, so a search, a dataset view or a workspace
// screen can be bookmarked and shared. Pages load on demand.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { session, loadSession, hasRole } from './session'

declare module 'vue-router' {
  interface RouteMeta {
    // Signed-in users only; with roles, only those roles.
    auth?: boolean
    roles?: string[]
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
  { path: '/datasets', name: 'catalog', component: () => import('./pages/CatalogPage.vue') },
  { path: '/datasets/:id', name: 'dataset', component: () => import('./pages/DatasetPage.vue') },
  { path: '/departments', name: 'departments', component: () => import('./pages/DepartmentsPage.vue') },
  { path: '/departments/:code', name: 'department', component: () => import('./pages/DepartmentPage.vue') },
  { path: '/open-rate', name: 'open-rate', component: () => import('./pages/OpenRatePage.vue') },
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
  {
    path: '/workspace',
    component: () => import('./workspace/WorkspaceLayout.vue'),
    meta: { auth: true },
    children: [
      { path: '', name: 'workspace', component: () => import('./workspace/MyDatasetsPage.vue') },
      {
        path: 'datasets/new',
        name: 'ws-dataset-new',
        component: () => import('./workspace/DatasetEditorPage.vue'),
        meta: { auth: true, roles: ['platform_admin', 'department_admin', 'data_officer'] },
      },
      {
        path: 'datasets/:id',
        name: 'ws-dataset',
        component: () => import('./workspace/DatasetManagePage.vue'),
        meta: { auth: true, roles: ['platform_admin', 'department_admin', 'data_officer'] },
      },
      { path: 'applications', name: 'ws-applications', component: () => import('./workspace/ApplicationsPage.vue') },
      { path: 'applications/new', name: 'ws-apply', component: () => import('./workspace/ApplyPage.vue') },
      { path: 'inbox', name: 'ws-inbox', component: () => import('./workspace/InboxPage.vue') },
      {
        path: 'audit',
        name: 'ws-audit',
        component: () => import('./workspace/AuditPage.vue'),
        meta: { auth: true, roles: ['auditor', 'platform_admin'] },
      },
      {
        path: 'admin/:section?',
        name: 'ws-admin',
        component: () => import('./workspace/AdminPage.vue'),
        meta: { auth: true, roles: ['platform_admin', 'department_admin'] },
      },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved ?? (to.path !== from.path ? { top: 0 } : undefined),
})

router.beforeEach(async (to) => {
  if (!session.loaded) await loadSession().catch(() => undefined)
  const needsAuth = to.matched.some((r) => r.meta.auth)
  if (needsAuth && !session.authenticated) return { name: 'login', query: { next: to.fullPath } }
  const roles = to.meta.roles
  if (roles && !hasRole(...roles)) return { name: 'not-found', params: { rest: to.path.slice(1).split('/') } }
  return true
})
