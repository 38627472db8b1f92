package org.maproom.notify.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.maproom.contracts.EventJson;
import org.maproom.platform.http.FormData;

/**
 * A client for a Twilio-compatible Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, Basic auth,
 * a {@code StatusCallback} per message). It maps each answer to what it proves: 2xx accepted; 429/503 (or 21611, the
 * queue full) or no connection at all, not sent (try later); 401/403/404 or an error code about the account, its
 * sender or its permissions, the account failing; an error code about the number, refused for that recipient;
 * another 4xx, refused without blame; anything else, a timeout included, in doubt.
 */
public final class TwilioProvider implements SmsProvider {
  public static final int OPTED_OUT = 21610;
  /** Twilio's codes for a number that cannot take texts: invalid, unreachable, a landline, a short code, unroutable. */
  static final Set<Integer> UNREACHABLE = Set.of(21211, 21214, 21217, 21265, 21407, 21421, 21612, 21614);
  /**
   * Codes that blame the account, never the number: authentication (20003), account not active (20005), no such
   * account (20404), a sender that is missing, invalid, not ours or not SMS-capable (21212, 21603, 21606, 21659),
   * a country not enabled (21408), a trial account's unverified recipients (21608).
   */
  static final Set<Integer> ACCOUNT = Set.of(20003, 20005, 20404, 21212, 21408, 21603, 21606, 21608, 21659);
  static final int QUEUE_FULL = 21611;
  private final String name;
  private final URI account;
  private final URI messages;
  private final String authorization;
  private final String from;
  private final String statusCallback;
  private final Duration timeout;
  private final HttpClient http;

  public record Account(String baseUrl, String accountSid, String authToken, String from, String statusCallbackUrl) {
    public static Account fromConfig(Config c) {
      return new Account(c.getString("base-url"), c.getString("account-sid"), c.getString("auth-token"), c.getString("from"),
          c.getString("status-callback-url"));
    }
  }

  public TwilioProvider(String name, Account account, Duration timeout) {
    this.name = name;
    String accountPath = account.baseUrl().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + account.accountSid();
    this.account = URI.create(accountPath + ".json");
    this.messages = URI.create(accountPath + "/Messages");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (account.accountSid() + ":" + account.authToken()).getBytes(StandardCharsets.UTF_8));
    this.from = account.from();
    this.statusCallback = account.statusCallbackUrl();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Outcome> send(SmsMessage m) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", m.to());
    form.put(from.startsWith("MG") ? "MessagingServiceSid" : "From", from);
    form.put("Body", m.body());
    if (!statusCallback.isBlank()) form.put("StatusCallback", statusCallback);
    HttpRequest request = request(URI.create(messages + ".json"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(FormData.encode(form))).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        // No connection was ever made: nothing can have been sent. Anything later in the exchange is in doubt.
        if (cause instanceof ConnectException) return new Throttled("provider unreachable");
        if (cause instanceof HttpTimeoutException) return new Unknown("no answer within " + timeout.toSeconds() + " s");
        return new Unknown(cause.getClass().getSimpleName());
      }
      int status = response.statusCode();
      JsonNode body = json(response.body());
      if (status == 200 || status == 201) {
        return new Accepted(body.path("sid").asText(), body.path("status").asText("queued"), body.path("num_segments").asInt(1));
      }
      return classify(status, body.path("code").asInt(0));
    });
  }

  static Outcome classify(int status, int code) {
    String reason = "HTTP " + status + (code == 0 ? "" : ", error " + code);
    if (status == 429 || status == 503 || code == QUEUE_FULL) return new Throttled(reason);
    if (status == 401 || status == 403 || status == 404 || ACCOUNT.contains(code)) return new AccountFailing(status, code, reason);
    if (status >= 400 && status < 500) {
      Recipient why = code == OPTED_OUT ? Recipient.OPTED_OUT : UNREACHABLE.contains(code) ? Recipient.UNREACHABLE : Recipient.UNKNOWN;
      return new Refused(code, reason, why);
    }
    return new Unknown(reason);
  }

  @Override
  public CompletionStage<Boolean> accountWorks() {
    return http.sendAsync(request(account).GET().build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) ->
        error == null && response.statusCode() == 200 && "active".equals(json(response.body()).path("status").asText("active")));
  }

  @Override
  public CompletionStage<Lookup> lookup(SmsMessage m) {
    URI list = URI.create(messages + ".json?To=" + URLEncoder.encode(m.to(), StandardCharsets.UTF_8) + "&PageSize=100");
    return http.sendAsync(request(list).GET().build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      if (error != null) return new LookupFailed(error.getClass().getSimpleName());
      if (response.statusCode() != 200) return new LookupFailed("HTTP " + response.statusCode());
      for (JsonNode message : json(response.body()).path("messages")) {
        if (m.body().equals(message.path("body").asText())) return found(message);
      }
      return new NotFound();
    });
  }

  @Override
  public CompletionStage<Lookup> status(String sid) {
    URI one = URI.create(messages + "/" + URLEncoder.encode(sid, StandardCharsets.UTF_8) + ".json");
    return http.sendAsync(request(one).GET().build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
      if (error != null) return new LookupFailed(error.getClass().getSimpleName());
      if (response.statusCode() == 404) return new NotFound();
      if (response.statusCode() != 200) return new LookupFailed("HTTP " + response.statusCode());
      return found(json(response.body()));
    });
  }

  private static Lookup found(JsonNode message) {
    return new Found(message.path("sid").asText(), message.path("status").asText(), message.path("error_code").asInt(0));
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", authorization).header("Accept", "application/json");
  }

  private static JsonNode json(String body) {
    try {
      return EventJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return EventJson.mapper().createObjectNode();
    }
  }
}
