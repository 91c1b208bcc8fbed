package dev.hivecast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict UTF-8 check every frame passes before jackson reads it (A2, H56). */
class Utf8Test {

    private static byte[] hex(String hex) {
        String[] parts = hex.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"41", "7F", "C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "EF BF BF",
        "F0 90 80 80", "F4 8F BF BF", "F3 BF BF BF"})
    void wellFormedSequencesAreValid(String sequence) {
        assertThat(Utf8.isValid(hex(sequence), 0, hex(sequence).length)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"80", "BF", "C0 80", "C1 BF", "C2", "C2 41", "E0 80 80", "E0 9F BF", "ED A0 80",
        "ED BF BF", "E1 80", "F0 80 80 80", "F0 8F BF BF", "F4 90 80 80", "F5 80 80 80", "F8", "FE", "FF",
        "E1 80 41", "F1 80 80 41"})
    void malformedSequencesAreInvalid(String sequence) {
        assertThat(Utf8.isValid(hex(sequence), 0, hex(sequence).length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 15, 16, 17, 100})
    void aBadByteIsFoundAtAnyPositionOfAnAsciiRun(int position) {
        byte[] b = "x".repeat(120).getBytes(StandardCharsets.US_ASCII);
        assertThat(Utf8.isValid(b, 0, b.length)).isTrue();
        b[position] = (byte) 0xC0;
        assertThat(Utf8.isValid(b, 0, b.length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void onlyTheGivenRangeIsChecked(int cut) {
        byte[] b = "abc\u20ac".getBytes(StandardCharsets.UTF_8); // the euro sign is 3 bytes
        assertThat(Utf8.isValid(b, 0, b.length)).isTrue();
        assertThat(Utf8.isValid(b, 0, b.length - cut)).isEqualTo(cut == 3);
        assertThat(Utf8.isValid(b, 3, 3)).isTrue();
        assertThat(Utf8.isValid(b, 4, 2)).isFalse();
    }
}
