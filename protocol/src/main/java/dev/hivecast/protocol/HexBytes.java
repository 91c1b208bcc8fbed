package dev.hivecast.protocol;

final class HexBytes {

    private HexBytes() {
    }

    static byte[] parse20(String hex) {
        if (hex == null || hex.length() != 2 * Id20.LENGTH) {
            return null;
        }
        byte[] bytes = new byte[Id20.LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        return bytes;
    }
}
