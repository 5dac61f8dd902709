import { mountApp } from './app.js';
import { LinkNotFound, loadRun, tokenFromPath } from './data.js';
import { showError, showLoading } from './states.js';

/** Entry point: read the token from `/r/<token>`, load the run, render it (or a friendly error). */
async function start(main: HTMLElement): Promise<void> {
  const token = tokenFromPath(location.pathname);
  if (!token) return showError(main, 'notFound');
  showLoading(main);
  try {
    const data = await loadRun(token);
    mountApp(main, data, token);
  } catch (error) {
    // A bad link gets the friendly dead end; anything else (network, 5xx, a malformed body) can be retried.
    if (error instanceof LinkNotFound) showError(main, 'notFound');
    else showError(main, 'failed', () => void start(main));
  }
}

const main = document.getElementById('app');
if (main) void start(main);
