import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MetricsPort } from '@vigil/application';

/** The process's Prometheus registry; each part registers the metrics it owns here. */
@Injectable()
export class Metrics extends MetricsPort {
  readonly registry = new Registry();

  constructor() {
    super();
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
  }

  override counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return (this.registry.getSingleMetric(name) as Counter<L>) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  override gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return (this.registry.getSingleMetric(name) as Gauge<L>) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  override histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> {
    return (this.registry.getSingleMetric(name) as Histogram<L>) ?? new Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
  }
}
