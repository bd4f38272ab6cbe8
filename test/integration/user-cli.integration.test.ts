import path from 'node:path';
import { findUserByName, listAudit } from '../../db/account-repository';
import { openDatabase } from '../../db/connection';
import { verifyPassword } from '../../server/auth/passwords';
import { runUserCli } from '../../cli/user-cli';
import { tempDir, buffer } from '../helpers';

let env: NodeJS.ProcessEnv;
beforeEach(() => {
  env = { DATABASE_URL: `sqlite:${path.join(tempDir(), `users-${Date.now()}-${Math.random().toString(36).slice(2)}.db`)}` };
});

async function run(argv: string[], password: string | null = null, extraEnv: NodeJS.ProcessEnv = {}) {
  const out = buffer();
  const err = buffer();
  const code = await runUserCli(argv, { ...env, ...extraEnv }, out, err, async () => password);
  return { code, out: out.text, err: err.text };
}

async function user(name: string) {
  const db = openDatabase(env.DATABASE_URL!);
  try {
    return { user: await findUserByName(db.kysely, name), audit: (await listAudit(db.kysely, 10, 0)).entries };
  } finally {
    await db.close();
  }
}

describe('npm run user:*', () => {
  it('creates a user with a scrypt hash from NEW_USER_PASSWORD, never printing it', async () => {
    const { code, out, err } = await run(['add', 'CanBo1', '--role', 'staff'], null, { NEW_USER_PASSWORD: 'mot-mat-khau-dai' });
    expect(code).toBe(0);
    expect(out).toContain('Đã tạo tài khoản "canbo1" (staff)');
    expect(out + err).not.toContain('mot-mat-khau-dai');
    const { user: created, audit } = await user('canbo1');
    expect(created).toMatchObject({ username: 'canbo1', role: 'staff', disabled: false });
    expect(created!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('mot-mat-khau-dai', created!.passwordHash)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('mot-mat-khau-dai');
    expect(audit[0]).toMatchObject({ action: 'user-created', detail: { username: 'canbo1', role: 'staff' } });
  });

  it('reads the password from the prompt when the variable is not set', async () => {
    expect((await run(['add', 'quantri', '--role', 'admin'], 'mat-khau-tu-ban-phim')).code).toBe(0);
    expect(await verifyPassword('mat-khau-tu-ban-phim', (await user('quantri')).user!.passwordHash)).toBe(true);
  });

  it('resets a password and disables and enables a user', async () => {
    await run(['add', 'canbo', '--role', 'staff'], 'mat-khau-thu-nhat');
    expect((await run(['password', 'canbo'], 'mat-khau-thu-hai')).code).toBe(0);
    expect(await verifyPassword('mat-khau-thu-hai', (await user('canbo')).user!.passwordHash)).toBe(true);
    expect((await run(['disable', 'canbo'])).code).toBe(0);
    expect((await user('canbo')).user!.disabled).toBe(true);
    expect((await run(['enable', 'canbo'])).code).toBe(0);
    expect((await user('canbo')).user!.disabled).toBe(false);
  });

  it.each([
    [['add', 'canbo'], 'Cần --role'],
    [['add', 'canbo', '--role', 'boss'], 'Cần --role'],
    [['add', 'có dấu', '--role', 'staff'], 'không hợp lệ'],
    [['add', 'ab', '--role', 'staff'], 'không hợp lệ'],
    [['remove', 'canbo'], 'Cách dùng'],
    [['password', 'khong-co'], 'Không có tài khoản'],
    [[], 'Cách dùng'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const { code, err } = await run(argv, 'mat-khau-du-dai');
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('refuses a short password and a duplicate user', async () => {
    expect((await run(['add', 'canbo', '--role', 'staff'], 'ngan')).err).toContain('ít nhất 10 ký tự');
    await run(['add', 'canbo', '--role', 'staff'], 'mat-khau-du-dai');
    expect((await run(['add', 'canbo', '--role', 'admin'], 'mat-khau-du-dai')).err).toContain('đã có');
  });

  it('says what is wrong with the configuration, and exits 2', async () => {
    const { code, err } = await run(['add', 'canbo', '--role', 'staff'], 'mat-khau-du-dai', { DATABASE_URL: 'mysql://x' });
    expect(code).toBe(2);
    expect(err).toContain('DATABASE_URL');
  });

  it('refuses when there is no password at all', async () => {
    expect((await run(['add', 'canbo', '--role', 'staff'], null)).err).toContain('NEW_USER_PASSWORD');
  });
});
