/** Label values of one series, by label name. */
export type MetricLabels<L extends string> = Partial<Record<L, string | number>>;

export interface CounterMetric<L extends string> {
  inc(labels: MetricLabels<L>, value?: number): void;
}

export interface GaugeMetric<L extends string> {
  set(labels: MetricLabels<L>, value: number): void;
}

export interface HistogramMetric<L extends string> {
  observe(labels: MetricLabels<L>, value: number): void;
}

/** The process's metrics (bound to the Prometheus registry of the observability lib); a name asked twice answers the same metric. */
export abstract class MetricsPort {
  abstract counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): CounterMetric<L>;
  abstract gauge<L extends string>(name: string, help: string, labelNames?: readonly L[]): GaugeMetric<L>;
  abstract histogram<L extends string>(name: string, help: string, buckets: number[], labelNames?: readonly L[]): HistogramMetric<L>;
}
