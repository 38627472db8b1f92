package org.maproom.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.stream.Collectors;
import org.maproom.contracts.EventJson;
import org.maproom.platform.Text;

/**
 * Reads request bodies: the events' JSON mapping, with every string held to {@link Text}'s rule. Not valid JSON
 * for the call: 400; text the rule refuses: 422 naming the field. Events read from Kafka are not held to it, so that
 * no stored event can stop a consumer.
 */
public final class RequestJson {
  private static final ObjectMapper MAPPER = EventJson.mapper().copy().registerModule(new SimpleModule("text-rule")
      .addDeserializer(String.class, new CheckedString()));

  private RequestJson() {}

  public static <T> T read(String body, Class<T> type) {
    T value;
    try {
      value = MAPPER.readValue(body, type);
    } catch (RefusedText e) {
      throw new ProblemException(422, "Invalid request", field(e) + " " + e.getOriginalMessage() + "; it cannot be stored.");
    } catch (IOException e) {
      throw ProblemException.badRequest("The request body is not the JSON this call takes.");
    }
    if (value == null) throw ProblemException.badRequest("The request body must be a JSON object.");
    return value;
  }

  private static String field(JsonMappingException e) {
    String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    return path.isEmpty() ? "The text" : "The field " + path;
  }

  private static final class RefusedText extends JsonMappingException {
    RefusedText(JsonParser p, String message) {
      super(p, message);
    }
  }

  private static final class CheckedString extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String s = super.deserialize(p, ctx);
      String problem = s == null ? null : Text.problem(s);
      if (problem != null) throw new RefusedText(p, problem);
      return s;
    }
  }
}
