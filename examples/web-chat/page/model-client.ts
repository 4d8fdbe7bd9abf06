import OpenAI from 'openai';
import { pacedFetch } from './paced-fetch.js';

/** Where the example's server says the offline model listens (a meta tag in the page). */
export function modelBaseURL(): string {
  const url = document.querySelector<HTMLMetaElement>('meta[name="toolcycle-model"]')?.content;
  if (!url) throw new Error('This page needs the offline model\'s URL in <meta name="toolcycle-model">: open it from `npm run example:web`.');
  return url;
}

/**
 * The real openai SDK, in the browser. `dangerouslyAllowBrowser`: a page can read any key it is
 * given; fine for a model on loopback that takes none, never for a real key (use a proxy there).
 */
export function createModelClient(streamPaceMs: number): OpenAI {
  return new OpenAI({ baseURL: modelBaseURL(), apiKey: 'offline-demo', dangerouslyAllowBrowser: true, fetch: pacedFetch(streamPaceMs) });
}
