/**
 * Accounts in the browser: administrators list, create, disable, enable and reset the password of staff
 * accounts (/admin/users); every signed-in user changes their own password (/account/password). The rules
 * are those of the command line (server/services/account-service.ts); every change is in the audit log.
 */
import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../app';
import { fill } from '../format';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { startSession } from '../middleware/session';
import { requireRole } from '../middleware/require-role';
import type { Services } from '../services';
import { normaliseUsername, type AccountProblem, type Actor } from '../services/account-service';
import { clientAddress } from '../http/client-address';

/** Which field each problem belongs to, for the error summary's links. */
const PROBLEM_FIELD: Record<AccountProblem, string> = {
  'username': 'username',
  'username-taken': 'username',
  'role': 'role-staff',
  'password-too-short': 'password',
  'password-too-long': 'password',
  'passwords-differ': 'confirmation',
  'current-password': 'current',
  'no-such-user': 'main',
  'self-disable': 'main',
  'last-admin': 'main',
};

const DONE = ['created', 'disabled', 'enabled', 'reset'] as const;
type Done = (typeof DONE)[number];

function field(req: Request, name: string, max = 1000): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function problemItems(res: Response, problems: AccountProblem[]) {
  const texts = res.locals.t.admin.users.problems;
  const values = { min: String(MIN_PASSWORD_LENGTH), max: String(MAX_PASSWORD_LENGTH) };
  return problems.map((p) => ({ href: `#${PROBLEM_FIELD[p]}`, text: fill(texts[p], values) }));
}

export function accountRoutes({ accounts, sessions }: Services, { config, clock }: RouteDeps): Router {
  const router = Router();
  const admin = requireRole('admin');
  const staff = requireRole('staff');
  const actorOf = (req: Request, res: Response): Actor => ({ name: res.locals.user!.username, address: clientAddress(req), now: clock.now() });

  const renderUsers = async (res: Response, status: number, form: { username: string; role: string }, problems: AccountProblem[], done: { what: Done; name: string } | null) => {
    res.status(status).render('admin-users', {
      users: await accounts.list(),
      form,
      errors: problemItems(res, problems),
      fieldErrors: new Set(problems.map((p) => PROBLEM_FIELD[p])),
      done,
      minPassword: MIN_PASSWORD_LENGTH,
    });
  };

  router.get('/admin/users', admin, async (req, res) => {
    // ?created=nguyenvana (and disabled, enabled, reset) says what was just done.
    const what = DONE.find((d) => typeof req.query[d] === 'string');
    const name = what ? normaliseUsername(String(req.query[what])) : null;
    await renderUsers(res, 200, { username: '', role: 'staff' }, [], what && name ? { what, name } : null);
  });

  router.post('/admin/users', admin, async (req, res) => {
    const form = { username: field(req, 'username', 200), role: field(req, 'role', 20) };
    const result = await accounts.add(
      { ...form, password: field(req, 'password'), confirmation: field(req, 'confirmation') },
      actorOf(req, res),
    );
    if (!result.ok) {
      await renderUsers(res, 422, form, result.problems, null);
      return;
    }
    res.redirect(303, `/admin/users?created=${encodeURIComponent(result.username)}`);
  });

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    router.post(`/admin/users/:username/${action}`, admin, async (req, res) => {
      const result = await accounts.setDisabled(String(req.params.username), disabled, actorOf(req, res));
      if (!result.ok) {
        await renderUsers(res, result.problems.includes('no-such-user') ? 404 : 409, { username: '', role: 'staff' }, result.problems, null);
        return;
      }
      res.redirect(303, `/admin/users?${disabled ? 'disabled' : 'enabled'}=${encodeURIComponent(result.username)}`);
    });
  }

  const renderReset = (res: Response, status: number, username: string, problems: AccountProblem[]) =>
    res.status(status).render('admin-user-password', {
      username,
      errors: problemItems(res, problems),
      fieldErrors: new Set(problems.map((p) => PROBLEM_FIELD[p])),
      minPassword: MIN_PASSWORD_LENGTH,
    });

  router.get('/admin/users/:username/password', admin, async (req, res) => {
    const username = String(req.params.username);
    if (!(await accounts.findByName(username))) {
      res.status(404).render('error', { title: res.locals.t.errors.notFoundTitle, message: res.locals.t.errors.notFound, detail: null });
      return;
    }
    renderReset(res, 200, username, []);
  });

  router.post('/admin/users/:username/password', admin, async (req, res) => {
    const username = String(req.params.username);
    const result = await accounts.resetPassword({ username, password: field(req, 'password'), confirmation: field(req, 'confirmation') }, actorOf(req, res));
    if (!result.ok) {
      renderReset(res, result.problems.includes('no-such-user') ? 404 : 422, username, result.problems);
      return;
    }
    res.redirect(303, `/admin/users?reset=${encodeURIComponent(result.username)}`);
  });

  const renderOwn = (res: Response, status: number, problems: AccountProblem[], done: boolean) =>
    res.status(status).render('account-password', {
      errors: problemItems(res, problems),
      fieldErrors: new Set(problems.map((p) => PROBLEM_FIELD[p])),
      minPassword: MIN_PASSWORD_LENGTH,
      done,
    });

  router.get('/account/password', staff, (req, res) => renderOwn(res, 200, [], req.query.done === '1'));

  router.post('/account/password', staff, async (req, res) => {
    const user = res.locals.user!;
    const result = await accounts.changeOwnPassword(
      { username: user.username, current: field(req, 'current'), password: field(req, 'password'), confirmation: field(req, 'confirmation') },
      actorOf(req, res),
    );
    if (!result.ok) {
      renderOwn(res, 422, result.problems, false);
      return;
    }
    // Every session of the account ended with the change; this device gets a new one.
    await startSession(sessions, res, config, user.id, clock.now().toISOString());
    res.redirect(303, '/account/password?done=1');
  });

  return router;
}
