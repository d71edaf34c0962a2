/** Bad input to the `analyze` command: one line for stderr, naming the line of the file when there is one. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** 1-based line of the CSV file the problem is on; 0 when it is not about one line. */
  readonly line: number;

  constructor(reason: string, line: number) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.line = line;
  }
}
