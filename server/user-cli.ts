/**
 * Staff accounts from the command line:
 *   npm run user:add -- <username> --role admin|staff
 *   npm run user:password -- <username>
 *   npm run user:disable -- <username>   (and user:enable)
 * The password comes from NEW_USER_PASSWORD or, on a terminal, a prompt that does not echo it. It is never
 * printed or logged. Exit status: 0 done, 2 usage error or refused.
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { audit, createUser, findUserByName, setDisabled, setPassword } from '../db/account-repository';
import { openCliDatabase } from './cli-database';
import type { Output } from '../imports/cli';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from './auth/passwords';

const USAGE = `Cách dùng:
  npm run user:add -- <tên> --role admin|staff     tạo tài khoản
  npm run user:password -- <tên>                   đặt lại mật khẩu
  npm run user:disable -- <tên>                    khoá tài khoản (đăng xuất mọi phiên)
  npm run user:enable -- <tên>                     mở khoá tài khoản
Mật khẩu (ít nhất ${MIN_PASSWORD_LENGTH} ký tự) lấy từ biến môi trường NEW_USER_PASSWORD, hoặc được hỏi khi chạy trên terminal.`;

const USERNAME = /^[a-z0-9._-]{3,50}$/;

export type PasswordSource = () => Promise<string | null>;

/** Reads a password from the terminal without echoing it; null when there is no terminal. */
export const promptPassword: PasswordSource = () => {
  if (!process.stdin.isTTY) return Promise.resolve(null);
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const rlWithOutput = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    let asked = false;
    rlWithOutput._writeToOutput = (s: string) => {
      if (!asked) {
        rlWithOutput.output.write(s);
        asked = true;
      }
    };
    rl.question('Mật khẩu: ', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
};

export async function runUserCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Output = process.stdout,
  err: Output = process.stderr,
  askPassword: PasswordSource = promptPassword,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, rawName, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    (parsed.values.help ? out : err).write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  if (!['add', 'password', 'disable', 'enable'].includes(command) || !rawName || rest.length > 0) {
    err.write(`${USAGE}\n`);
    return 2;
  }
  const username = rawName.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    err.write(`Tên đăng nhập "${rawName}" không hợp lệ: 3–50 ký tự gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.\n`);
    return 2;
  }
  const role = parsed.values.role;
  if (command === 'add' && role !== 'admin' && role !== 'staff') {
    err.write('Cần --role admin hoặc --role staff.\n');
    return 2;
  }

  const db = await openCliDatabase(env, err);
  if (!db) return 2;
  try {
    const existing = await findUserByName(db.kysely, username);
    const now = new Date().toISOString();
    const readPassword = async (): Promise<string | null> => {
      const password = env.NEW_USER_PASSWORD ?? (await askPassword());
      if (password === null) {
        err.write('Không có mật khẩu: đặt NEW_USER_PASSWORD hoặc chạy trên terminal.\n');
        return null;
      }
      const problem = passwordProblem(password);
      if (problem) {
        err.write(problem === 'too-short' ? `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.\n` : 'Mật khẩu quá dài.\n');
        return null;
      }
      return password;
    };

    if (command === 'add') {
      if (existing) {
        err.write(`Tài khoản "${username}" đã có.\n`);
        return 2;
      }
      const password = await readPassword();
      if (password === null) return 2;
      await createUser(db.kysely, { username, role: role as 'admin' | 'staff', passwordHash: await hashPassword(password), now });
      await audit(db.kysely, { at: now, actor: 'cli', action: 'user-created', detail: { username, role } });
      out.write(`Đã tạo tài khoản "${username}" (${role}).\n`);
      return 0;
    }
    if (!existing) {
      err.write(`Không có tài khoản "${username}".\n`);
      return 2;
    }
    if (command === 'password') {
      const password = await readPassword();
      if (password === null) return 2;
      await setPassword(db.kysely, existing.id, await hashPassword(password), now);
      await audit(db.kysely, { at: now, actor: 'cli', action: 'password-reset', detail: { username } });
      out.write(`Đã đặt lại mật khẩu cho "${username}"; các phiên đăng nhập cũ đã kết thúc.\n`);
      return 0;
    }
    const disable = command === 'disable';
    await setDisabled(db.kysely, existing.id, disable);
    await audit(db.kysely, { at: now, actor: 'cli', action: disable ? 'user-disabled' : 'user-enabled', detail: { username } });
    out.write(disable ? `Đã khoá tài khoản "${username}".\n` : `Đã mở khoá tài khoản "${username}".\n`);
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  runUserCli(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
