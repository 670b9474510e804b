import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      // <article-widget> is a custom element that the package defines, not a Vue component.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'article-widget' } },
    }),
  ],
});
