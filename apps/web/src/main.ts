import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { bindApiToSession, useSession } from './stores/session';
import './styles/app.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);
app.use(ElementPlus);
document.documentElement.lang = i18n.global.locale.value;

// a 401 anywhere: back to sign-in, then on to where the person was
bindApiToSession(useSession(), () => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.replace({ name: 'login', query: { next: here.fullPath } });
});

app.mount('#app');

// the field app works offline: the service worker keeps the app's files (never API answers)
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
