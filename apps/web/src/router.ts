import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '@vigil/domain/identity/role';
import { useSession } from '@web/stores/session';

/**
 * Hash routes, so every link works on any path the console is served from and the alert messages'
 * `/#/faults/<id>` links open the fault. Each route names the roles it is for; a person sent elsewhere
 * lands on their role's home.
 */
export const HOME: Record<Role, string> = {
  admin: '/operator',
  supervisor: '/operator',
  operator: '/operator',
  engineer: '/field',
  auditor: '/audit',
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@web/views/LoginView.vue'), meta: { public: true } },
  // the customer's one-time link: no login, the token is the credential
  { path: '/sign/:token', name: 'sign', component: () => import('@web/views/sign/SignLinkPage.vue'), props: true, meta: { public: true } },
  { path: '/survey/:token', name: 'survey', component: () => import('@web/views/sign/SignLinkPage.vue'), props: true, meta: { public: true } },
  { path: '/confirm/:token', name: 'confirm', component: () => import('@web/views/sign/SignLinkPage.vue'), props: true, meta: { public: true } },
  {
    path: '/',
    component: () => import('@web/views/ShellView.vue'),
    children: [
      { path: '', name: 'home', redirect: () => ({ path: HOME[useSession().role ?? 'operator'] }) },
      { path: 'operator', name: 'operator', component: () => import('@web/views/operator/OperatorView.vue'), meta: { roles: ['admin', 'supervisor', 'operator', 'engineer'] } },
      { path: 'faults/:id', name: 'fault', component: () => import('@web/views/operator/FaultPage.vue'), props: true },
      { path: 'field', name: 'field', component: () => import('@web/views/field/FieldView.vue') },
      { path: 'field/faults/:id', name: 'field-fault', component: () => import('@web/views/field/FieldFaultPage.vue'), props: true },
      { path: 'patrols', name: 'patrols', component: () => import('@web/views/patrols/PatrolsBoard.vue'), meta: { roles: ['admin', 'supervisor', 'operator', 'auditor'] } },
      { path: 'patrols/:id', name: 'patrol', component: () => import('@web/views/field/PatrolPage.vue'), props: true },
      { path: 'audit', name: 'audit', component: () => import('@web/views/audit/AuditView.vue'), meta: { roles: ['admin', 'supervisor', 'operator', 'auditor'] } },
      { path: 'desk', name: 'desk', component: () => import('@web/views/desk/DeskView.vue'), meta: { roles: ['admin', 'supervisor', 'operator', 'auditor'] } },
      { path: 'service-records/:id', name: 'service-record', component: () => import('@web/views/desk/ServiceRecordPage.vue'), props: true },
      { path: 'stores', name: 'stores', component: () => import('@web/views/parts/StoresView.vue'), meta: { roles: ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] } },
      { path: 'loaners', name: 'loaners', component: () => import('@web/views/loaners/LoanersView.vue') },
      { path: 'archive', name: 'archive', component: () => import('@web/views/archive/ArchiveView.vue') },
      { path: 'admin', name: 'admin', component: () => import('@web/views/admin/AdminView.vue'), meta: { roles: ['admin', 'supervisor'] } },
    ],
  },
  { path: '/wall', name: 'wall', component: () => import('@web/views/wall/WallView.vue'), meta: { roles: ['admin', 'supervisor', 'operator', 'auditor'] } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSession();
  // a deep link opened without a session comes back here after sign-in
  if (!session.token) return { name: 'login', query: { next: to.fullPath } };
  const me = await session.loadMe().catch(() => null);
  if (!me) return { name: 'login', query: { next: to.fullPath } };
  const roles = to.meta.roles as Role[] | undefined;
  if (roles && !roles.includes(me.role)) return { path: HOME[me.role] };
  return true;
});
