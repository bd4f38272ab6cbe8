/**
 * Two app processes on one PostgreSQL database, as behind a reverse proxy: `server/main.ts` started twice, at
 * the same moment, on an empty database, spoken to over HTTP. What one process or a command-line import
 * commits, the other serves on its next request; a sign-in on one is a sign-in on the other; a preview made on
 * one is confirmed on the other. Nothing is mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { openDatabase, type CatalogueDb } from '../../db/connection';
import { addUser, csrfFrom, csv, HEADER, tempDir } from '../helpers';
import { describePostgres, freshPostgresDatabase } from '../postgres';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'a-secret-both-processes-share-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface AppProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
}

/** Starts `server/main.ts` and resolves once it listens. */
async function startApp(databaseUrl: string, uploadDir: string): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, PORT: String(port), SESSION_SECRET: SECRET, UPLOAD_DIR: uploadDir, SEED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not serving after 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      if (output.includes('Serving on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, output: () => output };
}

function stopApp(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    app.child.once('exit', () => resolve());
    app.child.kill('SIGTERM');
  });
}

/** A browser's cookies, sent to whichever process it talks to. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(base: string, pathname: string, init: RequestInit = {}): Promise<{ status: number; location: string | null; text: string }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(base + pathname, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  get(base: string, pathname: string) {
    return this.request(base, pathname);
  }

  postForm(base: string, pathname: string, fields: Record<string, string>) {
    return this.request(base, pathname, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
}

describePostgres('two app processes on one PostgreSQL database', () => {
  let drop: () => Promise<void>;
  let url: string;
  let db: CatalogueDb;
  let one: AppProcess | undefined;
  let two: AppProcess | undefined;

  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    url = fresh.url;
    const uploads = path.join(tempDir(), 'shared-uploads');
    fs.mkdirSync(uploads, { recursive: true });
    // Both at once on an empty database: they migrate and load the sample catalogue in turn.
    [one, two] = await Promise.all([startApp(fresh.url, uploads), startApp(fresh.url, uploads)]);
    db = openDatabase(fresh.url);
    await addUser(db, 'canbo', 'mat-khau-dung-1', 'staff');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopApp(one), stopApp(two)]);
    await db?.close();
    await drop?.();
  });

  it('start together on an empty database: migrated once, the sample catalogue loaded once, the same pages', async () => {
    const runs = await db.kysely.selectFrom('import_run').select(['id', 'run_by']).execute();
    expect(runs).toEqual([{ id: 1, run_by: 'seed' }]);
    expect([one!.output(), two!.output()].filter((out) => out.includes('Loaded the sample catalogue'))).toHaveLength(1);
    const browser = new Browser();
    const [a, b] = await Promise.all([browser.get(one!.base, '/procedures'), browser.get(two!.base, '/procedures')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.text).toBe(b.text);
  });

  it('a sign-in on one process is a sign-in on the other; a preview made on one is confirmed on the other', async () => {
    const browser = new Browser();
    const login = await browser.get(one!.base, '/login');
    const signedIn = await browser.postForm(one!.base, '/login', { _csrf: csrfFrom(login.text), username: 'canbo', password: 'mat-khau-dung-1' });
    expect(signedIn.status).toBe(303);
    const form = await browser.get(two!.base, '/imports/new');
    expect(form.status).toBe(200);

    const body = new FormData();
    body.set('_csrf', csrfFrom(form.text));
    const file = csv([HEADER, ['9.990001', 'Thủ tục thử giữa hai tiến trình', 'Sở Thử nghiệm', 'Toàn trình', 'Thử nghiệm', 'Cấp tỉnh', 'Có', '']]);
    body.set('file', new Blob([file], { type: 'text/csv' }), 'hai-tien-trinh.csv');
    const uploaded = await browser.request(two!.base, '/imports', { method: 'POST', body });
    expect(uploaded.status).toBe(303);
    const preview = await browser.get(one!.base, uploaded.location!);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('9.990001');
    const confirmed = await browser.postForm(one!.base, `${uploaded.location}/confirm`, { _csrf: csrfFrom(preview.text) });
    expect(confirmed.status).toBe(303);
    // The import job runs on the process that was asked to confirm; wait for it there, read it on the other.
    let status = '';
    for (let i = 0; i < 100 && status !== 'committed'; i++) {
      status = (await db.kysely.selectFrom('import_upload').select('status').executeTakeFirstOrThrow()).status;
      if (status !== 'committed') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('committed');
    const done = await browser.get(two!.base, uploaded.location!);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/imports/2');
    const found = await new Browser().get(two!.base, `/procedures?q=${encodeURIComponent('hai tien trinh')}`);
    expect(found.text).toContain('Thủ tục thử giữa hai tiến trình');
  });

  it('a command-line import is served by both processes: its page at once, lists as soon as their index has loaded', async () => {
    const before = await Promise.all([new Browser().get(one!.base, '/procedures?q=9.990002'), new Browser().get(two!.base, '/procedures?q=9.990002')]);
    for (const page of before) expect(page.text).not.toContain('Thủ tục nhập bằng dòng lệnh');
    const file = path.join(tempDir(), 'dong-lenh.csv');
    fs.writeFileSync(file, csv([HEADER, ['9.990002', 'Thủ tục nhập bằng dòng lệnh', 'Sở Thử nghiệm', 'Một phần', 'Thử nghiệm', 'Cấp tỉnh', 'Không', '']]));
    const cli = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'cli/import-cli.ts', file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    cli.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    cli.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
    expect({ code, output }).toMatchObject({ code: 0 });
    // The procedure's own page reads the database: the new procedure is there at the next request.
    for (const app of [one!, two!]) {
      const page = await new Browser().get(app.base, '/procedures/9.990002');
      expect(page.status).toBe(200);
      expect(page.text).toContain('Thủ tục nhập bằng dòng lệnh');
    }
    // Lists and searches come from each process's in-memory index, reloaded when the catalogue's version
    // moves: the next request waits up to 300 ms for it, and answers from the previous catalogue beyond that —
    // saying so, and never kept in the page cache.
    const next = await Promise.all([new Browser().get(one!.base, '/procedures?q=9.990002'), new Browser().get(two!.base, '/procedures?q=9.990002')]);
    for (const page of next) {
      expect(page.status).toBe(200);
      if (!page.text.includes('Thủ tục nhập bằng dòng lệnh')) expect(page.text).toContain('Danh mục vừa được cập nhật');
    }
    for (const app of [one!, two!]) {
      let page = await new Browser().get(app.base, '/procedures?q=9.990002');
      for (let i = 0; i < 50 && !page.text.includes('Thủ tục nhập bằng dòng lệnh'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        page = await new Browser().get(app.base, '/procedures?q=9.990002');
      }
      expect(page.text).toContain('Thủ tục nhập bằng dòng lệnh');
      expect(page.text).not.toContain('Danh mục vừa được cập nhật');
    }
  });
});
