import OpenAI from 'openai';
import { createSession } from '../src/index.js';
const client = new OpenAI({ apiKey: 'x', baseURL: 'http://127.0.0.1:9/v1' });
const N = 20000;
for (let i = 0; i < 2000; i++) createSession({ client, model: 'm' }).stop();
const c0 = process.cpuUsage();
for (let i = 0; i < N; i++) createSession({ client, model: 'm' }).stop();
const c = process.cpuUsage(c0);
console.log('createSession+stop', ((c.user + c.system) / N).toFixed(1), 'µs');
