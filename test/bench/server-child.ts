/**
 * A server for the load test, in its own process so that the load generator in the parent does not share
 * its event loop: either the real application over a catalogue database (`app`), or a bare Express app
 * with one "hello" route (`bare`), the fastest this stack answers. Listens on 127.0.0.1 only, on a free
 * port, and tells the parent which one over IPC.
 *
 *   node dist/test/bench/server-child.js app <database file> | bare
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express from 'express';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { createApp } from '../../server/app';
import { systemClock } from '../../domain/time';
import { loadConfig } from '../../server/config';

export type ServerKind = 'app' | 'bare';

export interface ServerReady {
  port: number;
}

/** The parent's requests over IPC: start recording the event loop's delay, or stop and report it. */
export type LoopRequest = { type: 'loop-start' } | { type: 'loop-stop' };

/** What the child answers: 'loop-started', or the delay recorded since the start. */
export type LoopReply =
  | { type: 'loop-started' }
  | { type: 'loop-delay'; maxMs: number; p99Ms: number; meanMs: number; samples: number; resolutionMs: number };

/** Node's default sampling interval; every recorded delay includes it (an idle loop records about 10 ms). */
export const LOOP_RESOLUTION_MS = 10;

async function buildApp(kind: ServerKind, databaseFile: string | undefined): Promise<express.Express> {
  if (kind === 'bare') {
    const app = express();
    app.get('/', (_req, res) => {
      res.send('hello');
    });
    return app;
  }
  if (!databaseFile) throw new Error('app needs a database file');
  const databaseUrl = `sqlite:${databaseFile}`;
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db.kysely);
  return createApp({
    db,
    // Production settings, as a deployment would run (a fixed secret: the bench signs no one in).
    config: loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, SEED: '0', SESSION_SECRET: 'benchmark-only-secret-benchmark-only' }),
    clock: systemClock,
    log: (error) => console.error(error),
  });
}

async function main(): Promise<void> {
  const [kind, databaseFile] = process.argv.slice(2) as [ServerKind, string | undefined];
  if (kind !== 'app' && kind !== 'bare') throw new Error('usage: server-child.js app <database file> | bare');
  const app = await buildApp(kind, databaseFile);
  const server = app.listen(0, '127.0.0.1', () => {
    const ready: ServerReady = { port: (server.address() as AddressInfo).port };
    if (process.send) process.send(ready);
    else console.log(`listening on http://127.0.0.1:${ready.port}`);
  });
  // The event loop's delay, recorded only between the parent's 'loop-start' and 'loop-stop' (over the IPC
  // channel the bench opened: nothing of it is reachable over HTTP).
  const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  process.on('message', (message: LoopRequest) => {
    if (!process.send) return;
    if (message.type === 'loop-start') {
      delay.reset();
      delay.enable();
      process.send({ type: 'loop-started' } satisfies LoopReply);
    } else if (message.type === 'loop-stop') {
      delay.disable();
      const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
      const samples = delay.count;
      process.send({
        type: 'loop-delay',
        maxMs: samples ? ms(delay.max) : 0,
        p99Ms: samples ? ms(delay.percentile(99)) : 0,
        meanMs: samples ? ms(delay.mean) : 0,
        samples,
        resolutionMs: LOOP_RESOLUTION_MS,
      } satisfies LoopReply);
    }
  });
  // The parent going away (or closing the channel) ends the server: never a stray process.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
