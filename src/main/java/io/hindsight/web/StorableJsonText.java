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
 * {@link StorableText} for JSON bodies: every string the API reads goes through here, so a title with a NUL
 * or half a surrogate pair is refused as 400 naming the property ({@link ErrorMapper}), whatever endpoint it
 * was sent to.
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
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new Strings()));
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
