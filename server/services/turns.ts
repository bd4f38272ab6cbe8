/** Turns of the event loop, one waiter at a time, and by the clock for long loops (db/turns.ts), for the routes' own long steps. */
export { nextTurn, timeSlices } from '../../db/turns';
