/** One figure printed by `npm run bench`. */
export interface BenchResult {
  /** What was measured, e.g. "analysis pipeline, samples/s, 1 core". */
  name: string;
  /** The median of the runs. */
  value: number;
  /** Unit of `value`, e.g. "samples/s", "ms". */
  unit: string;
  /** Context: run count, spread, the ratio that matters. */
  note?: string;
}

/** A bench file exports `run`, which measures and returns its figures. */
export type BenchModule = { run(): Promise<BenchResult[]> };
