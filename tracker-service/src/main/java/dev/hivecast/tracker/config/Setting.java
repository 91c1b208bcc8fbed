package dev.hivecast.tracker.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The declaration of one setting, on the record component that holds it. Everything else about
 * the setting is derived from the component: its key (section and name in kebab case), flag,
 * environment variable, type, and its place in the file, the help and the reference.
 *
 * <p>Values are written as in the config file: {@code 30s}, {@code 500ms}, {@code 2m} for
 * durations, {@code 64KiB}, {@code 1MiB} for sizes, plain numbers for counts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Setting {

    /** The default; empty means empty text, or unset for an optional number. */
    String value();

    /** One sentence, ending with a period, for the help, the file's comments and the reference. */
    String doc();

    /** Smallest accepted value, same syntax as {@link #value}; empty = no bound. */
    String min() default "";

    /** Largest accepted value; empty = no bound. */
    String max() default "";

    /** The accepted words, lower case; empty = free text. */
    String[] choices() default {};

    /** An {@code int} component counting bytes: written with a unit, {@code 64KiB}. */
    boolean size() default false;

    /** Never shown: {@code toString} and messages write {@code ***} (or its length) instead. */
    boolean secret() default false;
}
