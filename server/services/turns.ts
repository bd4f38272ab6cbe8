/** Turns of the event loop, one waiter at a time (db/turns.ts), for the routes' own long steps. */
export { nextTurn } from '../../db/turns';
