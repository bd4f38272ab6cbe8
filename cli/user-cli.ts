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
import { findUserByName } from '../db/account-repository';
import { openCliDatabase } from './cli-database';
import type { Output } from './cli-output';
import { MIN_PASSWORD_LENGTH } from '../server/auth/passwords';
import { addAccount, normaliseUsername, resetPassword, setAccountDisabled, type AccountProblem } from '../server/services/account-service';

const USAGE = `Cách dùng:
  npm run user:add -- <tên> --role admin|staff     tạo tài khoản
  npm run user:password -- <tên>                   đặt lại mật khẩu
  npm run user:disable -- <tên>                    khoá tài khoản (đăng xuất mọi phiên)
  npm run user:enable -- <tên>                     mở khoá tài khoản
Mật khẩu (ít nhất ${MIN_PASSWORD_LENGTH} ký tự) lấy từ biến môi trường NEW_USER_PASSWORD, hoặc được hỏi khi chạy trên terminal.`;

const PROBLEMS: Record<AccountProblem, (username: string) => string> = {
  'username': (u) => `Tên đăng nhập "${u}" không hợp lệ: 3–50 ký tự gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.`,
  'username-taken': (u) => `Tài khoản "${u}" đã có.`,
  'role': () => 'Cần --role admin hoặc --role staff.',
  'password-too-short': () => `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
  'password-too-long': () => 'Mật khẩu quá dài.',
  'passwords-differ': () => 'Hai lần nhập mật khẩu không khớp.',
  'current-password': () => 'Mật khẩu hiện tại không đúng.',
  'no-such-user': (u) => `Không có tài khoản "${u}".`,
  'self-disable': () => 'Không thể tự khoá tài khoản của mình.',
  'last-admin': (u) => `Không khoá được "${u}": đây là quản trị viên cuối cùng còn hoạt động.`,
};

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
  const username = normaliseUsername(rawName);
  if (username === null) {
    err.write(`${PROBLEMS.username(rawName)}\n`);
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
    const actor = { name: 'cli', now: new Date() };
    if (command !== 'add' && !(await findUserByName(db.kysely, username))) {
      err.write(`${PROBLEMS['no-such-user'](username)}\n`);
      return 2;
    }
    let password = '';
    if (command === 'add' || command === 'password') {
      const given = env.NEW_USER_PASSWORD ?? (await askPassword());
      if (given === null) {
        err.write('Không có mật khẩu: đặt NEW_USER_PASSWORD hoặc chạy trên terminal.\n');
        return 2;
      }
      password = given;
    }
    const result =
      command === 'add'
        ? await addAccount(db.kysely, { username, role: role ?? '', password }, actor)
        : command === 'password'
          ? await resetPassword(db.kysely, { username, password }, actor)
          : await setAccountDisabled(db.kysely, username, command === 'disable', actor);
    if (!result.ok) {
      err.write(`${result.problems.map((p) => PROBLEMS[p](username)).join('\n')}\n`);
      return 2;
    }
    const done: Record<string, string> = {
      add: `Đã tạo tài khoản "${username}" (${role}).`,
      password: `Đã đặt lại mật khẩu cho "${username}"; các phiên đăng nhập cũ đã kết thúc.`,
      disable: `Đã khoá tài khoản "${username}".`,
      enable: `Đã mở khoá tài khoản "${username}".`,
    };
    out.write(`${done[command]}\n`);
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
