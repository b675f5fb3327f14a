package io.hindsight.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTest {

    @Test
    void proseOfEveryScriptIsStorable() {
        for (String text : new String[] {"Tab\tand\r\nnew lines", "Ünïcödé, 日本語, עברית, emoji 👩‍👩‍👧‍👦", "\u202Eright-to-left override",
                "<script>alert(1)</script>", "'; DROP TABLE incident; --", ""}) {
            assertThat(StorableText.problem(text)).as(text).isNull();
            assertThat(StorableText.clean(text)).isEqualTo(text);
        }
        assertThat(StorableText.problem(null)).isNull();
    }

    @Test
    void nulAndOtherControlCharactersAreNamed() {
        assertThat(StorableText.problem("nul \u0000")).contains("U+0000, NUL");
        assertThat(StorableText.problem("bell \u0007")).contains("U+0007").doesNotContain("NUL");
        assertThat(StorableText.problem("escape \u001B[31m")).contains("U+001B");
        assertThat(StorableText.clean("a\u0000b\u0007c\td")).isEqualTo("abc\td");
    }

    @Test
    void halvesOfACharacterAreRefusedButWholePairsAreKept() {
        assertThat(StorableText.problem("lone high \uD83D end")).contains("U+D83D").contains("cut in two");
        assertThat(StorableText.problem("lone low \uDC69")).contains("U+DC69");
        assertThat(StorableText.problem("at the end \uD83D")).contains("U+D83D");
        assertThat(StorableText.problem("pair \uD83D\uDC69")).isNull();
        assertThat(StorableText.clean("x\uD83Dy\uD83D\uDC69z\uDC69")).isEqualTo("xy\uD83D\uDC69z");
    }
}
