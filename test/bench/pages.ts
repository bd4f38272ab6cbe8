/**
 * Pages under load: the routes measured, the servers they run in (child processes on 127.0.0.1) and one
 * autocannon run per route, each beside the bare "hello" route measured in the same run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import type { ServerKind, ServerReady } from './server-child';

export interface PageTarget {
  /** Requests per second at least this share of the bare route's. */
  minRatio: number;
  /** 99th-percentile latency under this many milliseconds. */
  maxP99Ms?: number;
}

export interface Route {
  name: string;
  path: string;
  target?: PageTarget;
  /** The Accept-Encoding sent; default: what browsers send (BROWSER_ACCEPT_ENCODING). */
  acceptEncoding?: string;
}

/** What Chromium and Firefox send: pages are measured as browsers fetch them. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br';

/** Every route the benchmark measures, in one place. A route answering 404 is "not built yet". */
export const ROUTES: readonly Route[] = [
  { name: 'home', path: '/' },
  { name: 'catalogue', path: '/procedures', target: { minRatio: 0.35, maxP99Ms: 50 } },
  { name: 'filtered + facets', path: '/procedures?level=4&tier=province' },
  { name: 'search', path: '/procedures?q=dang+ky+khai+sinh', target: { minRatio: 0.35, maxP99Ms: 50 } },
  { name: 'procedure page', path: '/procedures/1.001612' },
  { name: 'dashboard', path: '/coverage', target: { minRatio: 0.5 } },
  { name: 'JSON API', path: '/api/procedures?level=4' },
  // The same dashboard for a client that asks for no compression: what the page itself weighs.
  { name: 'dashboard, uncompressed', path: '/coverage', acceptEncoding: 'identity' },
];

export interface LoadFigures {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Average bytes per answer as sent (headers and body, compressed if the answer was). */
  bytesPerAnswer: number;
}

export interface RunningServer {
  kind: ServerKind;
  port: number;
  url(pathAndQuery: string): string;
  stop(): Promise<void>;
}

/** Starts a server child and resolves once it listens. */
export function startServer(kind: ServerKind, databaseFile?: string): Promise<RunningServer> {
  const script = path.join(__dirname, 'server-child.js');
  const child: ChildProcess = fork(script, databaseFile ? [kind, databaseFile] : [kind], {
    // Production mode, as deployed: Express caches compiled views.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the ${kind} server did not start within 120 s`));
    }, 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited with status ${code} before listening`));
    });
    child.once('message', (message) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { port } = message as ServerReady;
      resolve({
        kind,
        port,
        url: (p) => `http://127.0.0.1:${port}${p}`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** One GET: the status code (the body is read and dropped). */
export function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: 30_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 30 s`)));
    request.on('error', reject);
  });
}

/** A short warm-up (JIT, caches), then the measured run. */
export async function load(
  url: string,
  connections: number,
  durationSeconds: number,
  warmUpSeconds: number,
  acceptEncoding = BROWSER_ACCEPT_ENCODING,
): Promise<LoadFigures> {
  const headers = { 'accept-encoding': acceptEncoding };
  if (warmUpSeconds > 0) await autocannon({ url, connections, duration: warmUpSeconds, headers });
  const result = await autocannon({ url, connections, duration: durationSeconds, timeout: 10, headers });
  const requests = result.requests.total ?? result.requests.sent;
  return {
    requestsPerSecond: result.requests.average,
    requests,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerAnswer: requests > 0 ? (result.throughput.total ?? 0) / requests : 0,
  };
}
