package dev.hivecast.tracker.locality;

import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;

/**
 * An AS and country lookup in a MaxMind DB file through MaxMind's reader. Reads the field names
 * of GeoLite2 ({@code autonomous_system_number}, {@code country.iso_code}) and of the openly
 * licensed ip-location-db files ({@code country_code}), so one file may give both. Memory-mapped:
 * a lookup reads no file, which is why it may run on an event loop at connect time.
 */
public final class MmdbLookup implements AutoCloseable {

    private final Reader reader;
    private final String path;

    private MmdbLookup(Reader reader, String path) {
        this.reader = reader;
        this.path = path;
    }

    /** Opens {@code path}; fails naming it when it is missing or not a MaxMind DB file. */
    public static MmdbLookup open(String path) {
        try {
            return new MmdbLookup(new Reader(new File(path), Reader.FileMode.MEMORY_MAPPED), path);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(path + ": not a readable MaxMind DB file (" + e.getMessage() + ")", e);
        }
    }

    /** The AS number of {@code address}, or -1 when the file has none. */
    public long asn(InetAddress address) {
        Object n = entry(address).get("autonomous_system_number");
        return n instanceof Number number ? number.longValue() : -1;
    }

    /** The ISO country code of {@code address}, or null when the file has none. */
    public String country(InetAddress address) {
        Map<?, ?> entry = entry(address);
        if (entry.get("country") instanceof Map<?, ?> country && country.get("iso_code") instanceof String iso) {
            return iso;
        }
        return entry.get("country_code") instanceof String code ? code : null;
    }

    private Map<?, ?> entry(InetAddress address) {
        try {
            Map<?, ?> found = reader.get(address, Map.class);
            return found == null ? Map.of() : found;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
