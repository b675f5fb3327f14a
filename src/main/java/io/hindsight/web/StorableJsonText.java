package io.hindsight.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.hindsight.validation.StorableText;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * How the API reads JSON beyond Quarkus' defaults: {@link StorableText} for every string, so a title with a NUL
 * or half a surrogate pair is refused as 400 naming the property ({@link ErrorMapper}), whatever endpoint it
 * was sent to; and enum values in any case.
 */
@Singleton
public class StorableJsonText implements ObjectMapperCustomizer {

    /** A string the API cannot store; the message continues the property's name. */
    public static final class UnstorableText extends JsonMappingException {
        UnstorableText(JsonParser parser, String problem) {
            super(parser, problem);
        }
    }

    @Override
    @SuppressWarnings("deprecation") // the mapper is Quarkus' own; its builder is not ours to use
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new Strings()));
        // Alerting tools and scripts write "investigating" or "sev2": enum values are read in any case.
        mapper.configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        // A body is one JSON document: "{…}garbage" or two objects back to back is refused, not read up to the first.
        mapper.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            String problem = StorableText.problem(value);
            if (problem != null) {
                throw new UnstorableText(parser, problem);
            }
            return value;
        }
    }
}
