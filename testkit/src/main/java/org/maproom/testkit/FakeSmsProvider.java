package org.maproom.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.maproom.contracts.EventJson;
import org.maproom.platform.http.FormData;
import org.maproom.platform.http.TwilioSignature;

/**
 * A Twilio-compatible Messages API over real HTTP, for tests and benchmarks: Basic auth, {@code Messages.json} to send
 * and list, {@code Messages/{sid}.json} to fetch, deterministic SIDs ({@code SM} and a counter), and status callbacks
 * signed with {@code X-Twilio-Signature}. Scriptable: the next N sends answered 429, numbers that opted out (21610),
 * every send refused with a code, a revoked token, sends that hang past the client's timeout (taken or not),
 * callbacks in any order or none. It can also text in, as a phone would, to a webhook.
 */
public final class FakeSmsProvider implements AutoCloseable {
  public static final String ACCOUNT_SID = "ACfake00000000000000000000000000";

  static {
    // The JDK server writes a response's headers and body separately; without this, Nagle's algorithm and the
    // client's delayed ACK hold every answer back about 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One message as the provider holds it. */
  public record Message(String sid, String to, String from, String body, String status, Long at) {}

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(16);
  private final ScheduledExecutorService callbacks = Executors.newScheduledThreadPool(2);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String authToken;
  private final AtomicLong sids = new AtomicLong();
  private final Map<String, Message> bySid = new ConcurrentHashMap<>();
  private final List<Message> all = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final AtomicInteger hangNext = new AtomicInteger();
  private volatile boolean hangTakes = true;
  private volatile Duration hangFor = Duration.ofSeconds(3);
  private volatile int refuseAllWith;
  private volatile boolean tokenRevoked;
  private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
  private final AtomicReference<List<String>> callbackStatuses = new AtomicReference<>(List.of("sent", "delivered"));
  private final List<String> callbackFailures = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  private FakeSmsProvider(String authToken) throws IOException {
    this.authToken = authToken;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(workers);
    server.createContext("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages", this::handle);
    server.createContext("/2010-04-01/Accounts/" + ACCOUNT_SID + ".json", this::handle);
    server.start();
  }

  public static FakeSmsProvider start(String authToken) {
    try {
      return new FakeSmsProvider(authToken);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String authToken() {
    return authToken;
  }

  /** The configuration notify-service needs to use this provider ({@code prefix}: e.g. notify.sms.twilio). */
  public Map<String, Object> config(String prefix, String statusCallbackUrl) {
    return Map.of(prefix + ".base-url", baseUrl(), prefix + ".account-sid", ACCOUNT_SID, prefix + ".auth-token", authToken,
        prefix + ".from", "+15005550006", prefix + ".status-callback-url", statusCallbackUrl);
  }

  // ---- scripting ----

  public void throttleNext(int sends) {
    throttleNext.set(sends);
  }

  /** The next sends get no answer within {@code duration}; {@code taken}: whether the provider sent them anyway. */
  public void hangNext(int sends, Duration duration, boolean taken) {
    hangFor = duration;
    hangTakes = taken;
    hangNext.set(sends);
  }

  public void optOut(String e164) {
    optedOut.add(e164);
  }

  /** The account's token no longer valid (rotated, or mistyped in our config): every request answers 401, 20003. */
  public void revokeToken(boolean revoked) {
    tokenRevoked = revoked;
  }

  /** Every send refused with this error code (0: none). */
  public void refuseAllWith(int code) {
    refuseAllWith = code;
  }

  /** The statuses each accepted message reports through its callback, in this order (empty: none). */
  public void callbacks(String... statuses) {
    callbackStatuses.set(List.of(statuses));
  }

  /** Changes a message's status here, without a callback (for reconciliation). */
  public void setStatus(String sid, String status) {
    bySid.computeIfPresent(sid, (k, m) -> new Message(m.sid(), m.to(), m.from(), m.body(), status, m.at()));
  }

  // ---- what it holds ----

  public List<Message> messages() {
    synchronized (all) {
      return all.stream().map(m -> bySid.get(m.sid())).toList();
    }
  }

  public List<Message> messagesTo(String e164) {
    return messages().stream().filter(m -> m.to().equals(e164)).toList();
  }

  public int requests() {
    return requests.get();
  }

  /** Callback posts that our webhook did not answer with 2xx. */
  public List<String> callbackFailures() {
    return List.copyOf(callbackFailures);
  }

  // ---- texting in, as a phone ----

  public record Reply(int status, String body) {}

  /** Texts {@code body} from {@code from} to the inbound webhook, signed as the provider signs it. */
  public Reply textIn(String webhookUrl, String from, String body) {
    return post(webhookUrl, Map.of("From", from, "To", "+15005550006", "Body", body, "MessageSid", "SMin" + sids.incrementAndGet(),
        "AccountSid", ACCOUNT_SID), TwilioSignature.sign(authToken, webhookUrl, Map.of("From", from, "To", "+15005550006", "Body", body,
        "MessageSid", "SMin" + sids.get(), "AccountSid", ACCOUNT_SID)));
  }

  /** A signed post of these form parameters, or with any signature given (null: none), to test forgeries. */
  public Reply post(String url, Map<String, String> params, String signature) {
    var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(FormData.encode(params)));
    if (signature != null) request.header(TwilioSignature.HEADER, signature);
    try {
      var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public Reply postSigned(String url, Map<String, String> params) {
    return post(url, params, TwilioSignature.sign(authToken, url, params));
  }

  // ---- the API ----

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    try (x) {
      String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + authToken).getBytes(StandardCharsets.UTF_8));
      if (tokenRevoked || !expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
        answer(x, 401, Map.of("code", 20003, "message", "Authenticate", "status", 401));
        return;
      }
      String path = x.getRequestURI().getPath();
      if (x.getRequestMethod().equals("GET") && path.endsWith(ACCOUNT_SID + ".json")) {
        answer(x, 200, Map.of("sid", ACCOUNT_SID, "status", "active"));
      } else if (x.getRequestMethod().equals("POST") && path.endsWith("/Messages.json")) {
        send(x, FormData.decode(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      } else if (x.getRequestMethod().equals("GET") && path.endsWith("/Messages.json")) {
        Map<String, String> q = FormData.decode(x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery());
        List<Map<String, Object>> found = new ArrayList<>();
        List<Message> newestFirst = new ArrayList<>(messages());
        Collections.reverse(newestFirst);
        for (Message m : newestFirst) {
          if (q.containsKey("To") && !q.get("To").equals(m.to())) continue;
          found.add(json(m));
          if (found.size() >= Integer.parseInt(q.getOrDefault("PageSize", "50"))) break;
        }
        answer(x, 200, Map.of("messages", found));
      } else if (x.getRequestMethod().equals("GET")) {
        String sid = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
        Message m = bySid.get(sid);
        if (m == null) answer(x, 404, Map.of("code", 20404, "message", "Not found", "status", 404));
        else answer(x, 200, json(m));
      } else {
        answer(x, 405, Map.of("code", 20001, "message", "Method not allowed", "status", 405));
      }
    }
  }

  private void send(HttpExchange x, Map<String, String> form) throws IOException {
    if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      answer(x, 429, Map.of("code", 20429, "message", "Too Many Requests", "status", 429));
      return;
    }
    String to = form.get("To");
    if (to == null || form.get("Body") == null || (form.get("From") == null && form.get("MessagingServiceSid") == null)) {
      answer(x, 400, Map.of("code", 21604, "message", "A 'To', 'Body' and 'From' are required", "status", 400));
      return;
    }
    if (refuseAllWith != 0) {
      answer(x, 400, Map.of("code", refuseAllWith, "message", "Refused", "status", 400));
      return;
    }
    if (optedOut.contains(to)) {
      answer(x, 400, Map.of("code", 21610, "message", "Attempt to send to unsubscribed recipient", "status", 400));
      return;
    }
    boolean hang = hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    if (hang && !hangTakes) {
      sleep(hangFor);
      return; // the connection closes without an answer, and nothing was sent
    }
    Message m = new Message(String.format("SM%032x", sids.incrementAndGet()), to, form.getOrDefault("From", form.get("MessagingServiceSid")),
        form.get("Body"), "queued", System.currentTimeMillis());
    bySid.put(m.sid(), m);
    all.add(m);
    String callback = form.get("StatusCallback");
    if (callback != null && !callback.isBlank()) scheduleCallbacks(m.sid(), callback);
    if (hang) {
      sleep(hangFor);
      return; // sent, but the answer never comes
    }
    answer(x, 201, json(m));
  }

  private void scheduleCallbacks(String sid, String url) {
    int delay = 20;
    for (String status : callbackStatuses.get()) {
      callbacks.schedule(() -> {
        setStatus(sid, status);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", sid);
        params.put("MessageStatus", status);
        params.put("AccountSid", ACCOUNT_SID);
        if (status.equals("undelivered") || status.equals("failed")) params.put("ErrorCode", "30003");
        try {
          Reply r = postSigned(url, params);
          if (r.status() / 100 != 2) callbackFailures.add(status + " " + r.status() + " " + r.body());
        } catch (RuntimeException e) {
          callbackFailures.add(status + " " + e.getMessage());
        }
      }, delay, TimeUnit.MILLISECONDS);
      delay += 20;
    }
  }

  private static Map<String, Object> json(Message m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("sid", m.sid());
    j.put("account_sid", ACCOUNT_SID);
    j.put("to", m.to());
    j.put("from", m.from());
    j.put("body", m.body());
    j.put("status", m.status());
    j.put("num_segments", String.valueOf(m.body().length() <= 160 ? 1 : (m.body().length() + 152) / 153));
    j.put("error_code", m.status().equals("undelivered") || m.status().equals("failed") ? 30003 : null);
    return j;
  }

  private static void answer(HttpExchange x, int status, Object body) throws IOException {
    byte[] bytes = EventJson.mapper().writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    callbacks.shutdownNow();
  }
}
