import Metrics
import Prometheus

/// Sets up swift-metrics with a Prometheus registry, once per process, so every library's metrics (the daemon's,
/// the webhook dispatcher's) land where `GET /metrics` reads them.
public enum PrometheusBootstrap {
    /// Bootstraps `MetricsSystem` with a Prometheus factory and returns its registry, for ``BrushfireDaemon``.
    /// Call once, before anything creates a metric.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
