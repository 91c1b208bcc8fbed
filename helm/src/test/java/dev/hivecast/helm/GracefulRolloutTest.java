package dev.hivecast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import dev.hivecast.tracker.config.TrackerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pod being stopped sleeps in preStop, then the tracker drains within drain.timeout; a rollout
 * stops one pod at a time, and the next only once the previous one has closed its sockets.
 */
class GracefulRolloutTest {

    /** Main's shutdown hook waits at most drain.timeout + 5 s for the drain and the cluster leave. */
    private static final int SHUTDOWN_HOOK_EXTRA_SECONDS = 5;

    private final Chart chart = Chart.source();

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS,
            Chart.INGRESS_HPA_MONITORING})
    void wholeDrainFitsTheGracePeriod(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario));
        TrackerConfig config = pod.loadConfig();
        long preStop = preStopSleepSeconds(pod);
        long grace = pod.spec().getTerminationGracePeriodSeconds();

        assertThat(preStop).isPositive();
        assertThat(config.drain().window()).isLessThanOrEqualTo(config.drain().timeout());
        assertThat(grace).isGreaterThan(preStop + config.drain().timeout().toSeconds()
                + SHUTDOWN_HOOK_EXTRA_SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {Chart.SINGLE_NODE, Chart.HAZELCAST_3_NODES, Chart.REDIS,
            Chart.INGRESS_HPA_MONITORING})
    void rolloutReplacesOnePodAtATimeAndWaitsForItsDrain(String scenario) {
        TrackerPod pod = new TrackerPod(chart.render(scenario));
        Deployment deployment = pod.deployment();
        RollingUpdateDeployment rolling = deployment.getSpec().getStrategy().getRollingUpdate();
        TrackerConfig config = pod.loadConfig();

        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(0));
        assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString(1));
        // The next old pod is stopped only after this long past its replacement's readiness: by
        // then the previous one has slept and closed every socket.
        assertThat((long) deployment.getSpec().getMinReadySeconds())
                .isGreaterThanOrEqualTo(preStopSleepSeconds(pod) + config.drain().window().toSeconds());
        // Readiness turns false as the drain starts; one failed probe takes the pod out.
        assertThat(pod.container().getReadinessProbe().getFailureThreshold()).isEqualTo(1);
    }

    @Test
    void drainSettingsMoveTheGracePeriodAndTheRolloutPace() {
        TrackerPod pod = new TrackerPod(chart.render(Map.of("drain.preStopSleepSeconds", 8,
                "drain.windowSeconds", 45, "drain.timeoutSeconds", 60)));
        TrackerConfig config = pod.loadConfig();

        assertThat(config.drain().window().toSeconds()).isEqualTo(45);
        assertThat(config.drain().timeout().toSeconds()).isEqualTo(60);
        assertThat(preStopSleepSeconds(pod)).isEqualTo(8);
        assertThat(pod.spec().getTerminationGracePeriodSeconds()).isEqualTo(8 + 60 + 15);
        assertThat(pod.deployment().getSpec().getMinReadySeconds()).isEqualTo(8 + 45 + 5);
    }

    @Test
    void gracePeriodShorterThanTheDrainIsRefused() {
        assertThatThrownBy(() -> chart.render(Map.of("drain.terminationGracePeriodSeconds", 30)))
                .hasMessageContaining("must be at least preStopSleepSeconds + timeoutSeconds + 15 = 50");
        TrackerPod longer = new TrackerPod(chart.render(Map.of("drain.terminationGracePeriodSeconds", 120)));
        assertThat(longer.spec().getTerminationGracePeriodSeconds()).isEqualTo(120);
    }

    @Test
    void windowLongerThanTimeoutIsRefusedBeforeThePodsWouldCrashLoop() {
        assertThatThrownBy(() -> chart.render(Map.of("drain.windowSeconds", 40)))
                .hasMessageContaining("drain.timeoutSeconds (30) must be at least drain.windowSeconds (40)");
    }

    @Test
    void disruptionsAndScaleInTakeOnePodAtATime() {
        Manifests manifests = chart.render(Chart.INGRESS_HPA_MONITORING);
        TrackerPod pod = new TrackerPod(manifests);

        PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(PortsTest.podLabels(pod)).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class);
        List<HPAScalingPolicy> policies = hpa.getSpec().getBehavior().getScaleDown().getPolicies();
        assertThat(policies).singleElement().satisfies(p -> {
            assertThat(p.getType()).isEqualTo("Pods");
            assertThat(p.getValue()).isEqualTo(1);
            assertThat((long) p.getPeriodSeconds()).isGreaterThanOrEqualTo(
                    preStopSleepSeconds(pod) + pod.loadConfig().drain().window().toSeconds());
        });
    }

    @Test
    void preStopSleepCanBeTheKubeletsForImagesWithoutASleepCommand() {
        TrackerPod pod = new TrackerPod(chart.render(Map.of("drain.preStopSleepAction", true)));
        LifecycleHandler preStop = pod.container().getLifecycle().getPreStop();

        assertThat(preStop.getExec()).isNull();
        assertThat(preStop.getSleep().getSeconds()).isEqualTo(5L);
        assertThat(preStopSleepSeconds(pod)).isEqualTo(5);
    }

    static long preStopSleepSeconds(TrackerPod pod) {
        LifecycleHandler preStop = pod.container().getLifecycle().getPreStop();
        if (preStop.getSleep() != null) {
            return preStop.getSleep().getSeconds();
        }
        List<String> command = preStop.getExec().getCommand();
        assertThat(command).hasSize(2).first().isEqualTo("sleep");
        return Long.parseLong(command.get(1));
    }
}
