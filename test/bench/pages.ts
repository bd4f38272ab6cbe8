/**
 * Pages under load: the routes measured, the servers they run in (child processes on 127.0.0.1) and one
 * autocannon run per route, each beside the bare "hello" route measured in the same run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import type { LoopReply, LoopRequest, ServerKind, ServerReady } from './server-child';

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

/** The server's event-loop delay over a stretch of the run (perf_hooks.monitorEventLoopDelay in the child). */
export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
  /** The sampling interval, included in every figure: an idle loop shows about this much. */
  resolutionMs: number;
}

export interface RunningServer {
  kind: ServerKind;
  port: number;
  url(pathAndQuery: string): string;
  /** Starts recording the child's event-loop delay (resolves once the child has started). */
  startLoopDelay(): Promise<void>;
  /** Stops recording and returns what the child measured since startLoopDelay. */
  stopLoopDelay(): Promise<LoopDelay>;
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
      // Later messages answer loop-delay requests, one at a time, in order.
      const waiting: ((reply: LoopReply) => void)[] = [];
      child.on('message', (reply: LoopReply) => waiting.shift()?.(reply));
      const ask = (request: LoopRequest): Promise<LoopReply> =>
        new Promise((answer) => {
          waiting.push(answer);
          child.send(request);
        });
      resolve({
        kind,
        port,
        url: (p) => `http://127.0.0.1:${port}${p}`,
        startLoopDelay: async () => {
          await ask({ type: 'loop-start' });
        },
        stopLoopDelay: async () => {
          const reply = await ask({ type: 'loop-stop' });
          if (reply.type !== 'loop-delay') throw new Error(`the ${kind} server answered ${reply.type} to loop-stop`);
          const { maxMs, p99Ms, meanMs, samples, resolutionMs } = reply;
          return { maxMs, p99Ms, meanMs, samples, resolutionMs };
        },
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
export function probe(url: string, timeoutSeconds = 30): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutSeconds * 1000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${timeoutSeconds} s`)));
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
  return figuresOf(await autocannon({ url, connections, duration: durationSeconds, timeout: 10, headers }));
}

/** What one autocannon run measured, as the bench reports it. */
function figuresOf(result: Awaited<ReturnType<typeof autocannon>>): LoadFigures {
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

export interface WalkFigures extends LoadFigures {
  /** Distinct URLs in the list walked. */
  listLength: number;
  /** Requests sent: beyond listLength, the walk went round again and repeated URLs (which the cache may answer). */
  sent: number;
}

/**
 * autocannon over a list of URLs, each request taking the next one (shared by all connections), so that
 * no URL is asked twice until the list runs out. No warm-up: it would spend URLs; the app is warm from the
 * routes measured before.
 */
export async function walk(
  origin: string,
  paths: readonly string[],
  connections: number,
  durationSeconds: number,
  acceptEncoding = BROWSER_ACCEPT_ENCODING,
): Promise<WalkFigures> {
  if (paths.length === 0) throw new Error('walk: no URLs');
  let next = 0;
  const result = await autocannon({
    url: origin,
    connections,
    duration: durationSeconds,
    timeout: 10,
    headers: { 'accept-encoding': acceptEncoding },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
  return { ...figuresOf(result), listLength: paths.length, sent: next };
}

export interface SteadyClientFigures {
  /** Answers received. */
  answers: number;
  non2xx: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** The longest wait, counting a request still unanswered when the time ran out. */
  maxMs: number;
  /** How long the last request had waited, unanswered, when the time ran out (null: none was waiting). */
  unansweredMs: number | null;
}

/**
 * One client asking for the same URL again and again, one request at a time, for durationSeconds; every
 * answer's time is kept, so its p99 and max are exact, and a request the server never answered in time
 * still counts with how long it waited.
 */
export function steadyClient(url: string, durationSeconds: number, acceptEncoding = BROWSER_ACCEPT_ENCODING): Promise<SteadyClientFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const end = performance.now() + durationSeconds * 1000;
  const times: number[] = [];
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    let started = 0;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      agent.destroy();
      const unansweredMs = inFlight ? performance.now() - started : null;
      const sorted = [...times].sort((a, b) => a - b);
      const at = (p: number): number | null => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : null);
      const round = (n: number | null): number | null => (n === null ? null : Math.round(n));
      resolve({
        answers: times.length,
        non2xx,
        p50Ms: round(at(0.5)),
        p99Ms: round(at(0.99)),
        maxMs: Math.round(Math.max(unansweredMs ?? 0, sorted[sorted.length - 1] ?? 0)),
        unansweredMs: round(unansweredMs),
      });
    };
    let inFlight = false;
    const timer = setTimeout(finish, durationSeconds * 1000);
    const ask = (): void => {
      if (finished) return;
      if (performance.now() >= end) return finish();
      started = performance.now();
      inFlight = true;
      const request = http.get(url, { agent, headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        response.resume();
        response.on('end', () => {
          inFlight = false;
          if (finished) return;
          times.push(performance.now() - started);
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) non2xx++;
          ask();
        });
      });
      request.on('error', (error) => {
        if (!finished) reject(error);
      });
    };
    ask();
  });
}
