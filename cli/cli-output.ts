/** Where a CLI writes: process.stdout/stderr, or a buffer in tests. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}
