package dev.hivecast.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

/**
 * The fabric8 model keeps fields it does not know in {@code additionalProperties} instead of
 * failing; a misspelt field in a template (say {@code publishNotReadyAdresses}) would land there
 * unnoticed, and a real API server would drop it. This walks a parsed object and refuses any.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    static void requireNone(Object object, String path) {
        if (object == null) {
            return;
        }
        if (object instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                requireNone(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((k, v) -> requireNone(v, path + "." + k));
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, object);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    throw new IllegalStateException("Unknown field(s) " + extra.keySet() + " in "
                            + path + " (" + object.getClass().getSimpleName() + ")");
                }
            } else {
                requireNone(value, path + "." + getter.getName().substring(3));
            }
        }
    }

    private static Object invoke(Method getter, Object object) {
        try {
            return getter.invoke(object);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + getter, e);
        }
    }
}
