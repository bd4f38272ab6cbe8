/** The database stayed busy (another writer, such as an import) for longer than this connection waits. */
export class DatabaseBusyError extends Error {
  constructor(cause: unknown) {
    super('The database is busy with another write (an import); try again shortly.', { cause });
    this.name = 'DatabaseBusyError';
  }
}
