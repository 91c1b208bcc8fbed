package dev.hivecast.tracker.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivecast.protocol.InfoHash;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The info_hash list file: hex or binary ids, comments, and a typo that fails the load. */
class InfoHashListFormatTest {

    private static final String HEX = "0123456789abcdef0123456789abcdef01234567";
    /** P2P Media Loader's info_hashes are 20 ASCII characters (base64 of a SHA-1 prefix). */
    private static final String BINARY = "Zm9vYmFyYmF6cXV4cXV4";

    @Test
    void hexAndBinaryLinesAreIdsAndCommentsAndBlankLinesAreSkipped() {
        Set<InfoHash> ids = InfoHashListFormat.parse("# streams of the 3 June event\n\n" + HEX.toUpperCase()
                + "   # main stage\r\n" + BINARY + "\n   \n # twenty characters\n");

        assertThat(ids).containsExactlyInAnyOrder(InfoHash.fromHex(HEX), InfoHash.fromBinaryString(BINARY));
    }

    @Test
    void aBinaryIdMayHoldAnyCharacterUpToU00FF() {
        String binary = "a b#c\u00ff\u0080xxxxxxxxxxxxx";

        assertThat(InfoHashListFormat.parse(binary + "\n")).containsExactly(InfoHash.fromBinaryString(binary));
    }

    @Test
    void anEmptyListHoldsNoIds() {
        assertThat(InfoHashListFormat.parse("")).isEmpty();
        assertThat(InfoHashListFormat.parse("# nothing yet\n")).isEmpty();
    }

    @Test
    void aLineThatIsNoIdFailsTheLoadNamingTheLine() {
        assertThatThrownBy(() -> InfoHashListFormat.parse(HEX + "\n" + HEX.substring(1) + "\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2 ");
        assertThatThrownBy(() -> InfoHashListFormat.parse("not an info hash\n"))
                .hasMessageStartingWith("line 1 ");
    }
}
