// `import 'article-widget/embed.css'` is a side-effect import of a stylesheet (a bundler
// adds it to the page). This empty module lets TypeScript check that import where no
// bundler types declare `*.css` (noUncheckedSideEffectImports, on by default since 6.0).
export {};
