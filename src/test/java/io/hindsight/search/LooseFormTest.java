package io.hindsight.search;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The looser form of a phrase query that is looked up first, before positions are checked. */
class LooseFormTest {

    @Test
    void aPhraseBecomesAllOfItsWords() {
        assertEquals("'replic' & 'lag'", SearchService.looseForm("'replic' <-> 'lag'"));
        assertEquals("'backup' & 'databas' & 'restor'", SearchService.looseForm("'backup' <2> 'databas' & 'restor'"));
    }

    @Test
    void aQueryWithoutAPhraseHasNone() {
        assertNull(SearchService.looseForm("'databas'"));
        assertNull(SearchService.looseForm("'replica':* & 'lag'"));
    }

    @Test
    void anExcludedPhraseIsNotLoosened() {
        assertNull(SearchService.looseForm("'lag' & !( 'replic' <-> 'lag' )"));
    }

    @Test
    void quotedLexemesAreCopiedAsTheyAre() {
        assertEquals("'a<->b' & 'c'", SearchService.looseForm("'a<->b' <-> 'c'"));
        assertEquals("'it''s' & 'down'", SearchService.looseForm("'it''s' <-> 'down'"));
    }
}
