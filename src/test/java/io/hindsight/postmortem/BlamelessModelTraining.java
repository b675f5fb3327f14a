package io.hindsight.postmortem;

import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trains the second opinion's model ({@link BlamelessSecondOpinion}) on labelled sentences: Apache OpenNLP's
 * maximum-entropy trainer (GIS) over the features of {@link BlamelessSecondOpinion#features}. Deterministic: the same
 * sentences in the same order give the same model.
 */
final class BlamelessModelTraining {

    /** Training settings: iterations of GIS and the fewest sentences a feature must occur in to be kept. */
    static final int ITERATIONS = 200;
    static final int CUTOFF = 2;
    static final String ALGORITHM = "MAXENT";

    /**
     * The features of each text, by the sentence analysis that made them: cross-validation trains a model per held-out
     * set on all the others, so each text is analysed once rather than once per fold.
     */
    private static final Map<BlamelessClauses, Map<String, String[]>> CONTEXTS = new ConcurrentHashMap<>();

    private BlamelessModelTraining() {
    }

    static MaxentModel train(List<BlamelessCheckCorpusTest.Entry> entries, BlamelessClauses clauses) {
        List<Event> events = new ArrayList<>();
        for (BlamelessCheckCorpusTest.Entry entry : entries) {
            String text = String.join(" ", BlamelessCheck.sentences(entry.markdown()));
            if (text.isBlank()) {
                continue;
            }
            String[] context = CONTEXTS.computeIfAbsent(clauses, c -> new ConcurrentHashMap<>())
                    .computeIfAbsent(text, t -> BlamelessSecondOpinion.context(BlamelessSecondOpinion.features(clauses, t)));
            events.add(new Event(entry.label().blame ? BlamelessSecondOpinion.BLAME : BlamelessSecondOpinion.FAIR, context));
        }
        TrainingParameters parameters = new TrainingParameters();
        parameters.put(TrainingParameters.ALGORITHM_PARAM, System.getProperty("blameless.algorithm", ALGORITHM));
        parameters.put(TrainingParameters.ITERATIONS_PARAM, Integer.getInteger("blameless.iterations", ITERATIONS));
        parameters.put(TrainingParameters.CUTOFF_PARAM, Integer.getInteger("blameless.cutoff", CUTOFF));
        parameters.put("PrintMessages", false);
        EventTrainer trainer = TrainerFactory.getEventTrainer(parameters, null);
        try {
            return trainer.train(ObjectStreamUtils.createObjectStream(events));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(MaxentModel model, File file) {
        try {
            new GenericModelWriter((AbstractModel) model, file).persist();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The highest blame probability of any sentence of a text (what the check compares with its threshold). */
    static double score(BlamelessSecondOpinion opinion, String markdown) {
        double max = 0;
        for (String sentence : BlamelessCheck.sentences(markdown)) {
            if (!BlamelessCheck.mentions(sentence).isEmpty()) {
                continue; // the check does not ask the second opinion about a sentence that mentions blame to set it aside
            }
            max = Math.max(max, Boolean.parseBoolean(System.getProperty("blameless.gate", "true"))
                    ? opinion.score(sentence) : opinion.probability(sentence));
        }
        return max;
    }
}
