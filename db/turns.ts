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
