import { useState } from 'react';
import { ArticleWidget } from 'article-widget/react';
import 'article-widget/embed.css';

// The feed comes from the page's query (`?feed=…`), so the tests can point
// the app at a feed on another origin, as a partner's would be.
const feed = new URLSearchParams(location.search).get('feed') ?? '/feed.json';

export function App() {
  const [mounted, setMounted] = useState(true);
  const [limit, setLimit] = useState(5);
  const [layout, setLayout] = useState<'list' | 'grid'>('list');
  const [received, setReceived] = useState<string[]>([]);
  const log = (line: string) => setReceived((lines) => [...lines, line]);

  return (
    <main>
      <h1>React 19</h1>
      <p>
        <button type="button" id="unmount" onClick={() => setMounted(false)} disabled={!mounted}>
          Unmount the widget
        </button>{' '}
        <button type="button" id="limit" onClick={() => setLimit(3)}>
          Show 3
        </button>{' '}
        <button type="button" id="layout" onClick={() => setLayout((now) => (now === 'list' ? 'grid' : 'list'))}>
          Layout: {layout}
        </button>
      </p>
      {mounted && (
        <ArticleWidget
          id="widget"
          feed={feed}
          limit={limit}
          layout={layout}
          loading="eager"
          onReady={(event) => log(`ready ${event.detail.count}`)}
          onOpen={(event) => log(`open ${event.detail.id}`)}
          onError={(event) => log(`error ${event.detail.kind}`)}
        >
          <a href="https://news.example/">最新信息</a>
        </ArticleWidget>
      )}
      <h2>What the handlers received</h2>
      <ol id="received">
        {received.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
