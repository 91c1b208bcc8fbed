package dev.hivecast.tracker.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test whose assertions bound time or memory on this machine (a witness pair's
 * p99, a share of drops within a deadline, the heap after GC). The build runs it after the
 * background Node suites, with nothing else competing for the cores; the others run beside them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsAlone.TAG)
public @interface RunsAlone {

    String TAG = "runs-alone";
}
