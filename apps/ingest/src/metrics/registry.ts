/**
 * A small Prometheus registry: counters and gauges with fixed label names, rendered in the text
 * exposition format (version 0.0.4). Label values are pre-registered where the set is closed (reject
 * reasons), so a series exists at 0 before the first event and rate() works from the start.
 */

export type Labels = Readonly<Record<string, string>>;

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

class Series {
  private readonly values = new Map<string, number>();

  constructor(private readonly name: string, private readonly labelNames: readonly string[]) {}

  key(labels: Labels): string {
    if (this.labelNames.length === 0) return '';
    const parts: string[] = [];
    for (const label of this.labelNames) {
      const value = labels[label];
      if (value === undefined) throw new RangeError(`metric ${this.name} needs label ${label}`);
      parts.push(`${label}="${escapeLabel(value)}"`);
    }
    return `{${parts.join(',')}}`;
  }

  add(labels: Labels, delta: number): void {
    const key = this.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + delta);
  }

  set(labels: Labels, value: number): void {
    this.values.set(this.key(labels), value);
  }

  get(labels: Labels): number {
    return this.values.get(this.key(labels)) ?? 0;
  }

  lines(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${key} ${formatValue(value)}`);
  }
}

/** A monotonically increasing count. */
export class Counter implements Metric {
  readonly type = 'counter';
  private readonly series: Series;

  constructor(readonly name: string, readonly help: string, labelNames: readonly string[] = [], preset: readonly Labels[] = []) {
    this.series = new Series(name, labelNames);
    if (labelNames.length === 0) this.series.add({}, 0);
    for (const labels of preset) this.series.add(labels, 0);
  }

  inc(labels: Labels = {}, delta = 1): void {
    if (delta < 0) throw new RangeError(`counter ${this.name} cannot decrease`);
    this.series.add(labels, delta);
  }

  value(labels: Labels = {}): number {
    return this.series.get(labels);
  }

  render(): string[] {
    return this.series.lines();
  }
}

/** A value that goes up and down, set directly or read from a source at each scrape. */
export class Gauge implements Metric {
  readonly type = 'gauge';
  private readonly series: Series;

  private source: (() => number) | null = null;

  constructor(readonly name: string, readonly help: string, labelNames: readonly string[] = []) {
    this.series = new Series(name, labelNames);
    if (labelNames.length === 0) this.series.set({}, 0);
  }

  /** Reads the (unlabelled) value from `source` at every scrape; null detaches it. */
  collectFrom(source: (() => number) | null): void {
    this.source = source;
  }

  set(value: number, labels: Labels = {}): void {
    this.series.set(labels, value);
  }

  value(labels: Labels = {}): number {
    return this.series.get(labels);
  }

  render(): string[] {
    if (this.source) this.series.set({}, this.source());
    return this.series.lines();
  }
}

/** Observations counted into cumulative buckets (upper bounds, ascending), plus their sum and count. */
export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(readonly name: string, readonly help: string, readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length).fill(0);
  }

  observe(value: number): void {
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= (this.bounds[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        break;
      }
    }
    this.sum += value;
    this.count += 1;
  }

  /** Observations so far. */
  observations(): number {
    return this.count;
  }

  /** The smallest bucket bound at or under which a share `q` of the observations fell (+Inf if above all). */
  quantileBound(q: number): number {
    let seen = 0;
    for (let i = 0; i < this.bounds.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= q * this.count) return this.bounds[i] as number;
    }
    return Infinity;
  }

  render(): string[] {
    const lines: string[] = [];
    let cumulative = 0;
    this.bounds.forEach((bound, i) => {
      cumulative += this.counts[i] as number;
      lines.push(`${this.name}_bucket{le="${formatValue(bound)}"} ${cumulative}`);
    });
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`);
    lines.push(`${this.name}_sum ${formatValue(this.sum)}`);
    lines.push(`${this.name}_count ${this.count}`);
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  register<M extends Metric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  /** The whole registry in Prometheus text format. */
  render(): string {
    const out: string[] = [];
    for (const metric of this.metrics.values()) {
      out.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${metric.name} ${metric.type}`);
      out.push(...metric.render());
    }
    return `${out.join('\n')}\n`;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
