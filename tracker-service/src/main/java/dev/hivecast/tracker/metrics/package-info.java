/**
 * Prometheus metrics: the registry, and meters that read the outcome counters the transport and
 * the cluster parts already keep ({@code LoopCounters}, {@code ClusterCounters}) when they are
 * scraped. Nothing here is called per message except the few histograms, whose instruments are
 * resolved once. Names, types and labels are the Metrics table of docs/metrics.md; {@code MetricsIT}
 * holds the service to it.
 */
package dev.hivecast.tracker.metrics;
