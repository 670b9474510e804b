import { createApp } from 'vue';
// 'article-widget/vue' is the package's entry with the types of <article-widget> in templates.
import { define } from 'article-widget/vue';
import 'article-widget/embed.css';
import App from './App.vue';

define();
createApp(App).mount('#app');
