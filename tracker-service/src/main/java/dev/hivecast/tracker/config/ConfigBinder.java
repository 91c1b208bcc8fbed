package dev.hivecast.tracker.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the record tree from one value per key, and reads a value back out of it, by
 * reflection over the record components: the records themselves are the only list of settings.
 */
final class ConfigBinder {

    private ConfigBinder() {
    }

    /** {@link TrackerConfig} with every key at its declared default. */
    static TrackerConfig defaults() {
        return build(ConfigKey::defaultValue);
    }

    /** One section record with every key at its declared default. */
    static <T extends Record> T defaults(Class<T> section) {
        return section.cast(construct(section, c -> keyOf(c).defaultValue()));
    }

    static TrackerConfig build(Map<ConfigKey, Object> values) {
        return build(values::get);
    }

    private static TrackerConfig build(Function<ConfigKey, Object> valueOf) {
        return (TrackerConfig) construct(TrackerConfig.class, c -> {
            if (c.getType().isRecord()) {
                return construct(c.getType(), leaf -> valueOf.apply(keyOf(leaf)));
            }
            return valueOf.apply(keyOf(c));
        });
    }

    /** {@code Name[a=1, b=***]}: a record's {@code toString} with its secret settings masked. */
    static String describe(Record section) {
        StringBuilder out = new StringBuilder(section.getClass().getSimpleName()).append('[');
        RecordComponent[] components = section.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Object value = read(components[i], section);
            Setting declaration = components[i].getAnnotation(Setting.class);
            boolean hidden = declaration != null && declaration.secret() && !"".equals(value);
            out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=')
                    .append(hidden ? "***" : value);
        }
        return out.append(']').toString();
    }

    static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static ConfigKey keyOf(RecordComponent c) {
        for (ConfigKey key : ConfigKey.ALL) {
            // Each call of getRecordComponents() returns new objects, so compare what they name.
            if (key.component().getDeclaringRecord() == c.getDeclaringRecord()
                    && key.component().getName().equals(c.getName())) {
                return key;
            }
        }
        throw new IllegalStateException("no key for " + c);
    }

    private static Object construct(Class<?> record, Function<RecordComponent, Object> valueOf) {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] args = Arrays.stream(components).map(valueOf).toArray();
        try {
            Constructor<?> canonical = record.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + record.getSimpleName(), e);
        }
    }
}
