import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// StrictMode mounts, unmounts and mounts again in development: the wrapper
// must survive that. The built app (what the tests drive) mounts once.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
