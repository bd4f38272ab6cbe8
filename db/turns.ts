/**
 * Turns of the event loop handed out one at a time: `await nextTurn()` resumes in a later turn, after the
 * timers and the network have had theirs, and only one waiter resumes per turn. A stage of a request that
 * follows it (reading a page's rows, shaping and rendering it) then runs alone in its turn, however many
 * requests reached it together, so that no turn grows with the number of requests waiting.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function release(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length > 0) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(release);
}

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}

/** The longest a loop given its turns by `timeSlices` runs before it lets others have theirs. */
export const SLICE_MS = 8;

/**
 * Turns for a long loop, by the clock: `await slice()` at each step yields (nextTurn) once `ms` have passed
 * since the loop last resumed, and otherwise goes straight on. Counting steps instead made turns of very
 * different lengths: the same code runs several times slower until V8 has optimised it (a dashboard's first
 * 100 rows took 23–36 ms, later ones 5 ms).
 */
export function timeSlices(ms = SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < ms) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}
