/** Entry of the renderer: one store over `window.api`, then the app shell. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createAppStore } from './store/store';
import { StoreProvider } from './store/store-context';
import './styles/theme.css';
import './styles/app.css';

const store = createAppStore(window.api);
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
