package dev.hivecast.tracker.locality;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small IPv4 MaxMind DB files for tests, such as one mapping 127.K.0.0/16 to an AS and a
 * country. Test-only: no MMDB writer is published for Java on Maven Central or on npm, so this
 * follows the published format (search tree, data section, metadata) for the few types the
 * tests need: maps, strings, unsigned integers and arrays. The files are read back with
 * MaxMind's reader, which is what checks this writer.
 */
public final class TestMmdb {

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    /** The metadata's uint16 and uint64 fields, which the reader reads as those types only. */
    private record U16(int value) {
    }

    private record U64(long value) {
    }

    private final Map<String, Map<String, Object>> networks = new LinkedHashMap<>();

    /** Maps {@code cidr} (IPv4) to {@code data}. */
    public TestMmdb add(String cidr, Map<String, Object> data) {
        networks.put(cidr, data);
        return this;
    }

    /** 127.K.0.0/16 for K in {@code networks}: AS 64500+K and, alternating, countries DE and FR. */
    public static TestMmdb loopbackNetworks(int networks) {
        TestMmdb db = new TestMmdb();
        for (int k = 1; k <= networks; k++) {
            db.add("127." + k + ".0.0/16", Map.of("autonomous_system_number", 64500L + k,
                    "autonomous_system_organization", "Test network " + k,
                    "country", Map.of("iso_code", k % 2 == 0 ? "DE" : "FR")));
        }
        return db;
    }

    public Path write(Path file) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<int[]> nodes = new ArrayList<>(); // [left, right]: -1 empty, >= 0 node, else -(offset + 2)
        nodes.add(new int[] {-1, -1});
        for (Map.Entry<String, Map<String, Object>> e : networks.entrySet()) {
            int offset = data.size();
            encode(e.getValue(), data);
            insert(nodes, e.getKey(), -(offset + 2));
        }
        int count = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] node : nodes) {
            for (int record : node) {
                long value = record == -1 ? count : record >= 0 ? record : (long) (-record - 2) + count + 16;
                writeInt(out, value, 4);
            }
        }
        out.write(new byte[16]);
        data.writeTo(out);
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", (long) count);
        metadata.put("record_size", new U16(32));
        metadata.put("ip_version", new U16(4));
        metadata.put("database_type", "Hivecast-Test");
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new U16(2));
        metadata.put("binary_format_minor_version", new U16(0));
        metadata.put("build_epoch", new U64(1_700_000_000L));
        metadata.put("description", Map.of("en", "test database"));
        encode(metadata, out);
        return Files.write(file, out.toByteArray());
    }

    private static void insert(List<int[]> nodes, String cidr, int leaf) throws IOException {
        int slash = cidr.indexOf('/');
        byte[] address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        int node = 0;
        for (int bit = 0; bit < prefix; bit++) {
            int side = (address[bit / 8] >> (7 - bit % 8)) & 1;
            if (bit == prefix - 1) {
                nodes.get(node)[side] = leaf;
            } else {
                if (nodes.get(node)[side] < 0) {
                    nodes.add(new int[] {-1, -1});
                    nodes.get(node)[side] = nodes.size() - 1;
                }
                node = nodes.get(node)[side];
            }
        }
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, b.length);
            out.writeBytes(b);
        } else if (value instanceof Long n) {
            unsigned(out, 6, n); // uint32
        } else if (value instanceof U16 n) {
            unsigned(out, 5, n.value());
        } else if (value instanceof U64 n) {
            unsigned(out, 9, n.value());
        } else if (value instanceof Map<?, ?> map) {
            control(out, 7, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                encode(e.getKey(), out);
                encode(e.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            control(out, 11, list.size());
            for (Object item : list) {
                encode(item, out);
            }
        } else {
            throw new IllegalArgumentException("type not written: " + value);
        }
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long n) {
        int bytes = n == 0 ? 0 : (64 - Long.numberOfLeadingZeros(n) + 7) / 8;
        control(out, type, bytes);
        writeInt(out, n, bytes);
    }

    /** The control byte(s): type in the top 3 bits (extended types after it), size below. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        int sizeBits = size < 29 ? size : size < 285 ? 29 : 30;
        out.write((type <= 7 ? type << 5 : 0) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (sizeBits == 29) {
            out.write(size - 29);
        } else if (sizeBits == 30) {
            writeInt(out, size - 285, 2);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
