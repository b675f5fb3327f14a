package io.hindsight.postmortem;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blameless check runs once per distinct text: views of an unchanged postmortem find its findings cached. */
class WordingFindingsTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final WordingFindings wording = new WordingFindings();

    WordingFindingsTest() {
        wording.blameless = new BlamelessCheck() {
            @Override
            public List<BlamelessFinding> analyse(String markdown) {
                checks.incrementAndGet();
                return super.analyse(markdown);
            }
        };
    }

    @Test
    void theSameTextIsCheckedOnce() {
        String text = "Bob should have known better than to deploy on a Friday.";
        List<BlamelessFinding> first = wording.of(text);
        assertFalse(first.isEmpty(), "the rules flag blaming wording");
        assertEquals(first, wording.of(new String(text)));
        assertEquals(1, checks.get(), "the second view reuses the first check");
    }

    @Test
    void anEditedTextIsCheckedAgain() {
        wording.of("The deploy went out on a Friday.");
        assertTrue(wording.of("Bob should have known better than to deploy on a Friday.").size() > 0);
        assertEquals(2, checks.get());
    }

    @Test
    void blankTextNeedsNoCheck() {
        assertEquals(List.of(), wording.of("  "));
        assertEquals(List.of(), wording.of(null));
        assertEquals(0, checks.get());
    }
}
